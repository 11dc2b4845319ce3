package org.speech2lip.data;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.OutputStream;
import java.io.PrintStream;

/** Progress bars on stderr with an ETA; silent ones for tests and benchmarks. */
public final class ProgressBars {
    private ProgressBars() {}

    public static ProgressBar create(String task, long max, boolean quiet) {
        PrintStream stream = quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.err;
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(quiet ? 60_000 : 250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
    }

    /** A bar over a time budget of {@code seconds}: its ETA is the budget's time left. */
    public static ProgressBar timed(String task, long seconds, boolean quiet) {
        PrintStream stream = quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.err;
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(seconds)
                .setUnit(" s", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(quiet ? 60_000 : 250)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
    }
}
