package io.kubexm.cli;

import java.io.PrintWriter;
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
            CommandLine.HelpCommand.class,
        })
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_INVALID = 2;

    /** Set to 1 to see the stack trace of an error. */
    static final String DEBUG_ENV = "KUBEXM_DEBUG";

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main())
                .setExitCodeExceptionMapper(t -> isInvalidInput(t) ? EXIT_INVALID : EXIT_RUN_FAILED)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd))
                .setCaseInsensitiveEnumValuesAllowed(true);
        withHelpOptions(cli);
        return cli;
    }

    /** Every command answers -h/--help (and -V/--version), including those added later. */
    private static void withHelpOptions(CommandLine cmd) {
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        if (!spec.mixins().containsKey("mixinStandardHelpOptions") && !(cmd.getCommand() instanceof CommandLine.HelpCommand)) {
            spec.mixinStandardHelpOptions(true);
            spec.versionProvider(new VersionCommand.Provider());
        }
        cmd.getSubcommands().values().forEach(Main::withHelpOptions);
    }

    private static boolean isInvalidInput(Throwable t) {
        return t instanceof InvalidInputException || t instanceof CommandLine.ParameterException
                || t instanceof io.kubexm.api.InvalidConfigException || t instanceof io.kubexm.engine.PlanException;
    }

    /**
     * Usage errors, including a parent command given without its subcommand (picocli refuses those, since
     * they are not runnable): one line saying what is wrong, the usage only when the subcommand is missing.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("kubexm: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (!cmd.getSubcommands().isEmpty() && e.getMessage().startsWith("Missing required subcommand")) {
            cmd.usage(err);
        }
        err.flush();
        return EXIT_INVALID;
    }

    /** An exception out of a command: its message only (the trace with KUBEXM_DEBUG=1), exit 2 or 1 by its kind. */
    private static int failure(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        err.println("kubexm: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if ("1".equals(System.getenv(DEBUG_ENV))) {
            e.printStackTrace(err);
        }
        err.flush();
        return isInvalidInput(e) ? EXIT_INVALID : EXIT_RUN_FAILED;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
