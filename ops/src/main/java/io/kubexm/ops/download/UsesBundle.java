package io.kubexm.ops.download;

import io.kubexm.ops.ClusterInput;

/** A module that takes something from the offline bundle; the download stage before it makes sure it is there. */
public interface UsesBundle {
    BundleNeeds bundleNeeds(ClusterInput in);
}
