package io.kubexm.artifacts;

import java.net.URI;
import java.util.Optional;

/**
 * A mirror that keeps upstream paths: with base {@code http://m.local/kx},
 * {@code https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl} is fetched from
 * {@code http://m.local/kx/dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl}.
 */
public record Mirror(Optional<String> base) {

    public static Mirror none() {
        return new Mirror(Optional.empty());
    }

    public static Mirror of(String base) {
        URI uri = URI.create(base);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("mirror '" + base + "' is not an http(s) URL such as http://mirror.local/kubexm");
        }
        return new Mirror(Optional.of(base.replaceAll("/+$", "")));
    }

    public String map(String url) {
        if (base.isEmpty()) {
            return url;
        }
        URI u = URI.create(url);
        String rest = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        String host = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
        return base.get() + "/" + host + rest;
    }
}
