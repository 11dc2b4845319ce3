package org.speech2lip.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores other processes keep busy right now: the machine's busy time (Linux
 * {@code /proc/stat}) less this process's own, over a short look. Where the machine does not tell,
 * none.
 */
final class OtherWork {
    /** How long to look. */
    static final long LOOK_MS = 250;

    private OtherWork() {}

    /** Cores' worth of CPU other processes used over the last {@link #LOOK_MS} milliseconds; 0 where unknown. */
    static double busyCores() {
        long[] a = machineTicks();
        long ours = ownCpuNanos();
        if (a == null || ours < 0) return 0;
        try {
            Thread.sleep(LOOK_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        long[] b = machineTicks();
        if (b == null) return 0;
        double total = b[0] - a[0], busy = b[1] - a[1];
        if (total <= 0) return 0;
        int cores = Runtime.getRuntime().availableProcessors();
        // ticks of all cores together: a core's worth is total / cores
        double oursTicks = (ownCpuNanos() - ours) / 1e9 * (total / cores) / (LOOK_MS / 1e3);
        return Math.max(0, (busy - oursTicks) / (total / cores));
    }

    /** {total, busy} jiffies of all cores from /proc/stat's first line; null where there is none. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0, idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            // user nice system idle iowait irq softirq steal (guest time is inside user already)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) total += Long.parseLong(f[i]);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ownCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
