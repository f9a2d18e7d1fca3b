package io.kubexm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. Exit codes: 0 success, 1 a run failed, 2 invalid input or usage. */
@Command(name = "kubexm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Offline-first installer and lifecycle manager for Kubernetes clusters.",
        subcommands = {
            VersionCommand.class,
            ValidateCommand.class,
            ConfigCommand.class,
            DownloadCommand.class,
            PushCommand.class,
            DistCommand.class,
            VerifyDistCommand.class,
            LabCommand.class,
            BuildCommand.class,
            PlanCommand.class,
            PrepareCommand.class,
            CreateCommand.class,
            DeleteCommand.class,
            BackupCommand.class,
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_INVALID = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                // Picocli consults this mapper for usage errors too; those are invalid input.
                .setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_INVALID
                        : EXIT_RUN_FAILED)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
