package org.speech2lip.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Other work on the machine, for timing a figure under load: single-threaded processes that keep one
 * core busy each until closed (what a build, a browser or a second run does to a shared machine).
 */
final class BusyProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Thread stop = new Thread(this::close);

    /** Starts {@code n} busy processes. */
    BusyProcesses(int n) throws IOException {
        Runtime.getRuntime().addShutdownHook(stop);
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < n; i++) {
            processes.add(new ProcessBuilder(java, "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Spin.class.getName()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is closing us
        }
    }

    /** One busy process: counts for ever on one thread. */
    static final class Spin {
        private Spin() {}

        public static void main(String[] args) {
            long n = 0;
            while (n >= 0) n = (n * 6364136223846793005L + 1442695040888963407L) & Long.MAX_VALUE;
        }
    }
}
