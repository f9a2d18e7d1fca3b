package io.kubexm.runner;

import java.util.Objects;

/**
 * A package repository to install from, normally kubexm's offline one.
 *
 * @param name kubexm's name for it (file names, yum repo id)
 * @param url  for apt the repository base of a flat repository ({@code Packages} file at its root),
 *             {@code file://}, {@code http://} or {@code https://}; for yum/dnf the {@code baseurl} of a
 *             copy on the node ({@code file://}) with the packages' signing keys in its {@code gpgkeys/}.
 */
public record PackageRepo(String name, String url) {
    public PackageRepo {
        Names.word(name, "repository name");
        Objects.requireNonNull(url, "url");
        if (!url.matches("(file|https?)://[^\\s'\"]+")) {
            throw new IllegalArgumentException("repository url must be file://, http:// or https://, got '" + url + "'");
        }
    }
}
