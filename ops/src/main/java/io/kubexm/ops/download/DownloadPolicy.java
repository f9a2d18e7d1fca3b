package io.kubexm.ops.download;

import io.kubexm.artifacts.Mirror;
import java.util.List;
import java.util.Optional;

/**
 * How create cluster's download stage may complete the bundle.
 *
 * @param offline never touch the network: anything missing is an error before any host is touched
 * @param mirror  fetch {@code https://HOST/PATH} from {@code BASE/HOST/PATH}, as {@code kubexm download --mirror}
 * @param kxzone  {@code cn} for the China mirrors ({@code KXZONE}); a config's {@code zone: cn} wins
 * @param oses    the nodes' systems, whose OS package repositories the bundle must hold (the config does not name them)
 */
public record DownloadPolicy(boolean offline, Mirror mirror, Optional<String> kxzone, List<String> oses) {
    public DownloadPolicy {
        oses = List.copyOf(oses);
    }

    /** Fetch what is missing from upstream, no OS repositories named. */
    public static DownloadPolicy online() {
        return new DownloadPolicy(false, Mirror.none(), Optional.empty(), List.of());
    }
}
