package io.kubexm.cli;

import io.kubexm.artifacts.DistVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify-dist", mixinStandardHelpOptions = true, description = {
        "Check a kubexm-dist archive without unpacking it: every file against SHA256SUMS, every bom.json file",
        "and image present with its digest, the CLI and its Java runtime present. Exit 1 when anything is wrong."})
final class VerifyDistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "kubexm-dist-<version>-<arch>.tar.gz")
    Path archive;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(archive)) {
            spec.commandLine().getErr().println(archive + ": no such file");
            return Main.EXIT_INVALID;
        }
        DistVerifier.Result r = DistVerifier.verify(archive);
        if (r.ok()) {
            out.println(archive + ": OK (" + r.files() + " files verified, " + r.images() + " images)");
            return Main.EXIT_OK;
        }
        out.println(archive + ": " + r.problems().size() + " problem(s)");
        r.problems().forEach(p -> out.println("  - " + p));
        return Main.EXIT_RUN_FAILED;
    }
}
