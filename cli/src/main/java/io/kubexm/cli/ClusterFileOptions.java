package io.kubexm.cli;

import java.nio.file.Path;
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

    Path path() {
        if ((cluster == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), "give either --cluster=NAME or -f FILE");
        }
        return file != null ? file : Path.of("conf", cluster, "cluster.yaml");
    }
}
