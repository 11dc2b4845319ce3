package org.speech2lip.geometry;

import java.util.Arrays;

/**
 * Head-pose jitter: statistics of the rotation (degrees) between consecutive frames' poses. Natural
 * head motion at 25 fps is a fraction of a degree per frame; large spikes mean tracking noise.
 * Percentiles interpolate linearly between sorted values.
 */
public record HeadPoseStats(double medianDegrees, double p99Degrees) {

    /** Statistics over consecutive pairs of non-null poses; NaN when there is no such pair. */
    public static HeadPoseStats of(Pose[] poses) {
        double[] steps = new double[Math.max(0, poses.length - 1)];
        int n = 0;
        for (int k = 1; k < poses.length; k++) {
            if (poses[k - 1] != null && poses[k] != null) steps[n++] = poses[k - 1].rotationDegreesTo(poses[k]);
        }
        if (n == 0) return new HeadPoseStats(Double.NaN, Double.NaN);
        double[] s = Arrays.copyOf(steps, n);
        Arrays.sort(s);
        return new HeadPoseStats(percentile(s, 0.5), percentile(s, 0.99));
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
