package org.speech2lip.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores other processes keep busy: the machine's busy time (Linux {@code /proc/stat}) less
 * this process's own, between two looks. Where the machine does not tell, none.
 */
final class OtherWork {
    /** How long {@link #busyCores()} looks. */
    static final long LOOK_MS = 250;

    private long total = -1, busy, ownNanos, at;

    /** Cores' worth of CPU other processes used since the previous call (0 on the first, or where unknown). */
    double sinceLast() {
        long[] ticks = machineTicks();
        long own = ownCpuNanos(), now = System.nanoTime();
        if (ticks == null || own < 0) return 0;
        double others = 0;
        if (total >= 0 && ticks[0] > total && now > at) {
            int cores = Runtime.getRuntime().availableProcessors();
            double coreTicks = (ticks[0] - total) / (double) cores;
            // our CPU seconds in the same ticks: a core's worth of ticks per wall second
            double ownTicks = (own - ownNanos) / (double) (now - at) * coreTicks;
            others = Math.max(0, (ticks[1] - busy - ownTicks) / coreTicks);
        }
        total = ticks[0];
        busy = ticks[1];
        ownNanos = own;
        at = now;
        return others;
    }

    /** Cores' worth of CPU other processes use now, over {@link #LOOK_MS} milliseconds. */
    static double busyCores() {
        OtherWork w = new OtherWork();
        w.sinceLast();
        try {
            Thread.sleep(LOOK_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        return w.sinceLast();
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

    /** This process's CPU time, all threads, in nanoseconds; -1 where the JVM cannot tell. */
    static long ownCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
