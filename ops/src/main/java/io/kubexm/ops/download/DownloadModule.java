package io.kubexm.ops.download;

import io.kubexm.engine.Host;
import io.kubexm.engine.Module;
import io.kubexm.engine.Task;
import io.kubexm.ops.ClusterInput;
import java.util.List;

/**
 * The first stage of a pipeline: the bundle holds what the modules after it take from it ({@link UsesBundle}),
 * or it is fetched now, on the control node, before any host is touched.
 */
public final class DownloadModule implements Module<ClusterInput> {
    private final DownloadPolicy policy;
    private final List<Module<ClusterInput>> later;

    public DownloadModule(DownloadPolicy policy, List<Module<ClusterInput>> later) {
        this.policy = policy;
        this.later = List.copyOf(later);
    }

    @Override
    public String name() {
        return "download";
    }

    @Override
    public List<Task> tasks(ClusterInput in) {
        BundleNeeds needs = later.stream().filter(UsesBundle.class::isInstance)
                .map(m -> ((UsesBundle) m).bundleNeeds(in)).reduce(BundleNeeds.NONE, BundleNeeds::and);
        return List.of(Task.of("bundle", List.of(Host.controlNode()),
                new FetchMissing(in.config(), in.name(), in.packagesDir(), policy, needs)));
    }
}
