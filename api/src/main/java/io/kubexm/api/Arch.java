package io.kubexm.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** CPU architecture of a host. */
public enum Arch implements YamlEnum {
    AMD64("amd64", "x86_64", "x86-64", "x64"),
    ARM64("arm64", "aarch64", "armv8");

    private final String yaml;
    private final String uname;
    private final List<String> synonyms;

    Arch(String yaml, String uname, String... moreSynonyms) {
        this.yaml = yaml;
        this.uname = uname;
        this.synonyms = Stream.concat(Stream.of(uname), Arrays.stream(moreSynonyms)).toList();
    }

    @Override
    public List<String> synonyms() {
        return synonyms;
    }

    @Override
    public String yaml() {
        return yaml;
    }

    /** The kernel's name ({@code uname -m}), which some download URLs and rpm use. */
    public String uname() {
        return uname;
    }

    /** The architecture a machine reports (os.arch, uname -m, a JDK's OS_ARCH) under either name. */
    public static Optional<Arch> reported(String name) {
        return Arrays.stream(values()).filter(a -> a.yaml.equals(name) || a.uname.equals(name)).findFirst();
    }
}
