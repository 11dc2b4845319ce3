package org.speech2lip.cli;

import org.speech2lip.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a speech2lip verb in a process of its own, so that the memory it peaks at is its own. Started
 * from the launcher script (which names itself in {@code speech2lip.launcher}), the child goes through
 * the launcher too and gets the same JVM settings a user's run of that verb gets; otherwise it gets
 * this JVM's settings and class path.
 */
final class ChildRun {
    private ChildRun() {}

    /** Runs {@code args}, copying its standard output (the figures) to ours and returning its lines; its messages go to our stderr. */
    static List<String> figures(String what, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        String launcher = System.getProperty("speech2lip.launcher");
        if (launcher != null) {
            command.add(launcher);
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // a bench interrupted by Ctrl-C or a kill takes its child with it
        Thread stopChild = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                lines.add(line);
            }
            int code = p.waitFor();
            if (code != 0) throw new UserError("bench: the " + what + " run failed (exit " + code + "); its message is above");
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("bench: interrupted during the " + what + " run");
        } finally {
            p.destroy();
            Runtime.getRuntime().removeShutdownHook(stopChild);
        }
    }
}
