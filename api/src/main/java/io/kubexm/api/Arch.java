package io.kubexm.api;

import java.util.List;

/** CPU architecture of a host. */
public enum Arch implements YamlEnum {
    AMD64("amd64", "x86_64", "x86-64", "x64"),
    ARM64("arm64", "aarch64", "armv8");

    private final String yaml;
    private final List<String> synonyms;

    Arch(String yaml, String... synonyms) {
        this.yaml = yaml;
        this.synonyms = List.of(synonyms);
    }

    @Override
    public List<String> synonyms() {
        return synonyms;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
