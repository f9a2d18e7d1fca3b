package io.kubexm.cli;

import io.kubexm.util.Dns;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which cluster.yaml a command reads: {@code --cluster=NAME} (alias {@code --name}) or {@code -f FILE}. */
final class ClusterFileOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"--cluster", "--name"}, paramLabel = "NAME",
            description = "Cluster name: reads conf/NAME/cluster.yaml under the working directory.")
    String cluster;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read this cluster.yaml instead of --cluster.")
    Path file;

    /** The name given with --cluster; empty with -f. */
    Optional<String> name() {
        return Optional.ofNullable(cluster);
    }

    Path path() {
        if ((cluster == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), "give either --cluster=NAME or -f FILE");
        }
        if (file != null) {
            return file;
        }
        if (!Dns.isLabel(cluster)) {
            throw new ParameterException(spec.commandLine(), "cluster name '" + cluster + "' is not a DNS-1123 label"
                    + " (lower case letters, digits and '-'); it names conf/NAME/ and build/NAME/");
        }
        return Path.of("conf", cluster, "cluster.yaml");
    }
}
