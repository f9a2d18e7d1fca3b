package io.kubexm.api;

import java.util.List;

/** {@code spec.system}: node-level settings. */
public record SystemSpec(List<String> ntpServers, String timezone, List<String> rpms, List<String> debs) {
    static SystemSpec defaults() {
        return new SystemSpec(List.of("ntp.aliyun.com"), "", List.of(), List.of());
    }
}
