package io.kubexm.cli;

import io.kubexm.artifacts.Mirror;
import io.kubexm.engine.Pipeline;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.download.DownloadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of the pipelines that install onto nodes (create cluster, prepare): preflight and the download stage. */
final class InstallOptions {
    @Option(names = "--skip-preflight", paramLabel = "CHECK[,CHECK]",
            description = "Preflight checks to skip (connectivity, sudo, os, cpu, memory, kernel, kernel-modules, hostname,"
                    + " clock, time-service, leftovers, ports, resolv-conf, selinux, firewall, swap).")
    String skipPreflight;

    @Option(names = "--offline", description = "Never touch the network: when the bundle (build/packages) lacks anything"
            + " the run needs, fail before any host is touched and list it all.")
    boolean offline;

    @Option(names = "--mirror", paramLabel = "BASE",
            description = "Fetch what the bundle lacks from BASE/HOST/PATH instead of https://HOST/PATH, as kubexm download does.")
    Optional<String> mirror = Optional.empty();

    @Option(names = "--zone", paramLabel = "ZONE", description = "cn selects the China mirrors (default: $KXZONE).")
    Optional<String> zone = Optional.empty();

    @Option(names = "--os", split = ",", paramLabel = "OS",
            description = "The nodes' systems (e.g. debian12,rocky9): the bundle must hold their OS package repositories.")
    List<String> oses = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Loads the cluster the options name and runs {@code pipeline} on it: the exit code. */
    int run(ClusterFileOptions cluster, RunOptions run, Function<DownloadPolicy, Pipeline<ClusterInput>> pipeline) {
        DownloadPolicy policy = downloadPolicy();
        Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        return run.run(input.get().skipping(ClusterInputs.list(skipPreflight)), pipeline.apply(policy),
                spec.commandLine().getOut());
    }

    private DownloadPolicy downloadPolicy() {
        if (offline && mirror.isPresent()) {
            throw new InvalidInputException("--offline and --mirror do not go together: --offline never touches the"
                    + " network; drop one of them");
        }
        Mirror m;
        try {
            m = mirror.map(Mirror::of).orElse(Mirror.none());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--mirror: " + e.getMessage(), e);
        }
        return new DownloadPolicy(offline, m, zone.or(() -> Optional.ofNullable(System.getenv("KXZONE"))), oses);
    }
}
