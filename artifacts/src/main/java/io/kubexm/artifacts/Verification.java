package io.kubexm.artifacts;

/** How the sha256 of a file is known before it is trusted. */
public sealed interface Verification {

    /** The digest is known ahead (kubexm's data or the user's override file). */
    record Pinned(String sha256) implements Verification {}

    /** Upstream publishes a file beside it whose first word is the digest. */
    record Sidecar(String url) implements Verification {}

    /** Upstream publishes a SHA256SUMS-style list naming the file. */
    record Sums(String url) implements Verification {}

    /** A Helm chart: the digest is the one its repository's index.yaml lists for that chart and version. */
    record HelmIndex(String indexUrl, String chart, String version) implements Verification {}

    /**
     * Upstream publishes no digest (some manifests and charts): the digest of the first
     * download is recorded in bom.json and every later use is checked against it.
     */
    record TrustOnFirstUse() implements Verification {}

    /** No digest is known and upstream publishes none: such a file is refused. */
    record Unknown() implements Verification {}

    /** {@code kubeadm.sha256 at dl.k8s.io}: which checksum file, and from which host (zone mirror or upstream). */
    private static String fileAt(String url) {
        return url.substring(url.lastIndexOf('/') + 1) + " at " + java.net.URI.create(url).getHost();
    }

    default String describe() {
        return switch (this) {
            case Pinned p -> p.sha256();
            case Sidecar s -> fileAt(s.url());
            case Sums s -> fileAt(s.url());
            case HelmIndex h -> "upstream index.yaml";
            case TrustOnFirstUse t -> "recorded at first download";
            case Unknown u -> "unknown";
        };
    }
}
