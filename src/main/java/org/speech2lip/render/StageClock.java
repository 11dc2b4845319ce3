package org.speech2lip.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time spent in each named stage of a render, for the speed report and {@code bench render};
 * with several render lanes, the lanes' times add up.
 */
public final class StageClock {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    /** Adds the time since {@code startNanos} to {@code stage}; returns now, the next stage's start. */
    public synchronized long lap(String stage, long startNanos) {
        long now = System.nanoTime();
        nanos.merge(stage, now - startNanos, Long::sum);
        return now;
    }

    /** Seconds per stage, in the order stages first ran. */
    public synchronized Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }
}
