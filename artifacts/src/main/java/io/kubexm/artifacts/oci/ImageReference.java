package io.kubexm.artifacts.oci;

import java.util.Optional;

/**
 * An image reference split the way registries need it. Docker Hub's short forms are
 * expanded ({@code nginx:1.27} is {@code docker.io/library/nginx:1.27}) and its API host
 * is {@code registry-1.docker.io}.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageReference parse(String text) {
        String rest = text.trim();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        String registry = "docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("docker.io") && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (rest.isEmpty() || (tag.isEmpty() && digest.isEmpty())) {
            throw new IllegalArgumentException("image reference '" + text + "' needs a repository and a tag or digest");
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The host the distribution API is served from. */
    public String apiHost() {
        return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    }

    /** The tag, or the digest when there is no tag. */
    public String reference() {
        return digest.orElseGet(tag::get);
    }

    /**
     * The same image in another registry: the repository keeps its path, or with a
     * namespace override becomes {@code namespace/<last path element>}.
     */
    public ImageReference relocate(String newRegistry, Optional<String> namespaceOverride) {
        String repo = namespaceOverride.filter(n -> !n.isBlank())
                .map(n -> n + "/" + repository.substring(repository.lastIndexOf('/') + 1))
                .orElse(repository);
        return new ImageReference(newRegistry, repo, tag, digest);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
