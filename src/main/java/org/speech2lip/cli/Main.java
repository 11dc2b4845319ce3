package org.speech2lip.cli;

import org.speech2lip.UserError;
import org.speech2lip.model.ComputeThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code speech2lip} program: one verb per stage of the pipeline. */
@Command(name = "speech2lip",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Person-specific talking heads: learn one speaker from a video, then make them say new speech.",
        subcommands = {
            ModelsCommand.class,
            SynthCommand.class,
            PrepareCommand.class,
            TrainCommand.class,
            RenderCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Ctrl-C runs the shutdown hooks (train's checkpoint, render's clean-up); this one tells the person what is left
        Thread onInterrupt = new Thread(() -> System.err.println(System.lineSeparator() + "error: " + interrupted(args)));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        int code = run(args);
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        System.exit(code);
    }

    /** What an interrupted run leaves, and how to go on. */
    static String interrupted(String[] args) {
        String verb = args.length == 0 ? "" : args[0];
        return switch (verb) {
            case "train" -> "interrupted: training stops after saving a checkpoint; run the same train command again to resume";
            case "demo" -> "interrupted: run the same demo command again to go on from where it stopped";
            case "prepare" -> "interrupted: the subject directory is incomplete; run the same prepare command again to redo it";
            default -> "interrupted before the end; no half-written output is kept: run the same command again";
        };
    }

    /**
     * Runs the program and returns its exit code. Errors become one line on stderr: a user error names
     * the problem and the fix; an unexpected one points to the run's log, which holds the stack trace.
     */
    public static int run(String... args) {
        if (args.length == 0) {
            // no verb: nothing to run, a usage error like any other (and no record, no log)
            CommandLine cli = new CommandLine(new Main());
            cli.getErr().println("error: no verb given; the verbs are " + String.join(", ", cli.getSubcommands().keySet()) + ": see ./speech2lip --help");
            cli.getErr().flush();
            return UserError.EXIT_CODE;
        }
        try (RunRecord record = RunRecord.start(args)) {
            CommandLine cli = new CommandLine(new Main());
            cli.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, record));
            cli.setParameterExceptionHandler((ex, given) -> {
                record.discard();
                String verb = ex.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^speech2lip ?", "");
                String problem = verb.isEmpty() && ex instanceof CommandLine.UnmatchedArgumentException
                        ? "unknown verb '" + given[0] + "'; the verbs are " + String.join(", ", cli.getSubcommands().keySet())
                        : ex.getMessage();
                cli.getErr().println("error: " + problem + ": see ./speech2lip " + (verb.isEmpty() ? "" : verb + " ") + "--help");
                cli.getErr().flush();
                return UserError.EXIT_CODE;
            });
            try {
                int code;
                try {
                    code = cli.execute(args);
                } catch (OutOfMemoryError e) {
                    return report(e, record);
                }
                if (onlyHelp(cli.getParseResult())) {
                    // --help, --version or no verb: nothing ran, so no record and no log
                    record.discard();
                    return code;
                }
                if (code != 0) return code;
                try {
                    record.finish(cli.getParseResult());
                } catch (UserError e) {
                    return report(e, record);
                }
                return 0;
            } finally {
                ComputeThreads.release();
            }
        }
    }

    /** The one line for a full Java heap: how big it was and how to make it bigger. */
    static String outOfMemory(long maxHeapBytes) {
        long gb = Math.max(1, Math.round(maxHeapBytes / (double) (1L << 30)));
        return "error: out of memory: the Java heap (" + gb + " GB) is full; run again with a larger one, for example "
                + "SPEECH2LIP_JAVA_OPTS=-Xmx" + 2 * gb + "g ./speech2lip ..., or use a shorter clip";
    }

    /** Whether the command line only asked for help or the version (or named no verb), at any level. */
    static boolean onlyHelp(CommandLine.ParseResult parsed) {
        if (parsed == null || !parsed.hasSubcommand()) return true;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return true;
        }
        return false;
    }

    static int report(Throwable ex, RunRecord record) {
        if (ex instanceof DemoCommand.DemoStopped stopped) return stopped.exitCode;
        // Ctrl-C reached the work: the interrupt hook says what is left
        if (ex instanceof org.speech2lip.GracefulStop.Stopped) return 130;
        Throwable userError = ex;
        while (userError != null && !(userError instanceof UserError)) userError = userError.getCause();
        if (userError instanceof UserError ue) {
            System.err.println("error: " + ue.getMessage());
            return ue.exitCode();
        }
        Throwable full = ex;
        while (full != null && !(full instanceof OutOfMemoryError)) full = full.getCause();
        if (full != null) {
            System.err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
            return 1;
        }
        record.trace(ex);
        System.err.println("error: unexpected " + ex + (record.log() == null
                ? " (no log could be written; set SPEECH2LIP_HOME to a writable directory)"
                : ": this is a bug; please report it with the log " + record.log()));
        return 1;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"speech2lip " + org.speech2lip.data.Versions.PROJECT};
        }
    }
}
