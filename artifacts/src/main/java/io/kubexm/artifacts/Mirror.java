package io.kubexm.artifacts;

import io.kubexm.util.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A mirror that keeps upstream paths: with base {@code http://m.local/kx},
 * {@code https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl} is fetched from
 * {@code http://m.local/kx/dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl}.
 * Credentials in the base ({@code http://user:pass@m.local/kx}) are kept apart from it, so
 * no mapped URL, message or event carries them; requests to the mirror send them as HTTP
 * basic auth, and tools that take a URL get it from {@link #withCredentials}.
 *
 * @param base        without user info
 * @param credentials {@code user:password} as given in the URL (still percent-encoded)
 */
public record Mirror(Optional<String> base, Optional<Secret> credentials) {

    public static Mirror none() {
        return new Mirror(Optional.empty(), Optional.empty());
    }

    public static Mirror of(String base) {
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mirror '" + redact(base) + "' is not a URL: " + redact(e.getMessage()));
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("mirror '" + redact(base) + "' is not an http(s) URL such as http://mirror.local/kubexm");
        }
        Optional<Secret> credentials = Optional.ofNullable(uri.getRawUserInfo()).map(Secret::of);
        return new Mirror(Optional.of(base.replaceFirst("://[^/@]+@", "://").replaceAll("/+$", "")), credentials);
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

    /** The HTTP Authorization header for a URL on this mirror, when the mirror has credentials. */
    public Optional<String> authorization(String url) {
        if (base.isEmpty() || credentials.isEmpty() || !url.startsWith(base.get())) {
            return Optional.empty();
        }
        String decoded = URLDecoder.decode(credentials.get().reveal().replace("+", "%2B"), StandardCharsets.UTF_8);
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code url} (on this mirror) with the credentials written into it, for apt and dnf; never print it. */
    public Secret withCredentials(String url) {
        if (base.isEmpty() || credentials.isEmpty() || !url.startsWith(base.get())) {
            return Secret.of(url);
        }
        int scheme = url.indexOf("://") + 3;
        return Secret.of(url.substring(0, scheme) + credentials.get().reveal() + "@" + url.substring(scheme));
    }

    /** {@code text} with the user info of every URL in it replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? "" : text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s'\"]+@", "$1***@");
    }
}
