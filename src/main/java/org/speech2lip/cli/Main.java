package org.speech2lip.cli;

import org.speech2lip.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program and returns its exit code; user errors become one line on stderr. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex));
        return cli.execute(args);
    }

    static int report(Throwable ex) {
        Throwable userError = ex;
        while (userError != null && !(userError instanceof UserError)) userError = userError.getCause();
        if (userError instanceof UserError ue) {
            System.err.println("error: " + ue.getMessage());
            return ue.exitCode();
        }
        Path log = writeCrashLog(ex);
        System.err.println("error: " + ex + (log == null ? "" : " (details in " + log + ")"));
        return 1;
    }

    private static Path writeCrashLog(Throwable ex) {
        try {
            Path dir = org.speech2lip.face.ModelStore.home().resolve("logs");
            Files.createDirectories(dir);
            Path log = dir.resolve("crash-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            Files.writeString(log, trace.toString());
            return log;
        } catch (IOException e) {
            return null;
        }
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
