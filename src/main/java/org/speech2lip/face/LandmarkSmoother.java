package org.speech2lip.face;

/**
 * Offline clean-up of a landmark track (one {@code float[]} of x, y, z triples per frame, null
 * where no face was found): linear gap filling and One-Euro smoothing.
 *
 * <p>The One-Euro filter (Casiez, Roussel and Vogel, CHI 2012) is a low-pass filter whose cutoff rises
 * with speed: {@code cutoff = minCutoff + beta · |speed|}, so a still face loses its jitter and a
 * turning head or an opening mouth does not lag. Two choices fit this project:
 * <ul>
 *   <li>speed is measured in face sizes per second (the longer side of the frame's landmark box),
 *       so the same settings suit a 100 px and a 500 px face;</li>
 *   <li>the whole track is known, so it is filtered forwards and backwards and the two averaged:
 *       the forward lag and the backward lead cancel.</li>
 * </ul>
 */
public final class LandmarkSmoother {

    /** Cutoff of a still face: strong smoothing of the frame-to-frame jitter. */
    public static final double MIN_CUTOFF_HZ = 1.0;
    /** Cutoff rise per face-size per second: a mouth opening at ~1 face/s passes at ~11 Hz. */
    public static final double BETA = 10.0;
    /** Cutoff of the speed estimate itself (the usual One-Euro value). */
    public static final double DERIVATIVE_CUTOFF_HZ = 1.0;

    private final double minCutoff, beta, derivativeCutoff;

    public LandmarkSmoother(double minCutoffHz, double beta, double derivativeCutoffHz) {
        this.minCutoff = minCutoffHz;
        this.beta = beta;
        this.derivativeCutoff = derivativeCutoffHz;
    }

    /** {@link #apply} with the default settings. */
    public static float[][] smooth(float[][] perFrameXyz, double fps) {
        return new LandmarkSmoother(MIN_CUTOFF_HZ, BETA, DERIVATIVE_CUTOFF_HZ).apply(perFrameXyz, fps);
    }

    /** A smoothed copy of the track; each run of non-null frames is filtered on its own, nulls stay null. */
    public float[][] apply(float[][] perFrameXyz, double fps) {
        int n = perFrameXyz.length;
        float[][] out = new float[n][];
        for (int start = 0; start < n; ) {
            if (perFrameXyz[start] == null) {
                start++;
                continue;
            }
            int end = start;
            while (end < n && perFrameXyz[end] != null) end++;
            smoothRun(perFrameXyz, start, end, fps, out);
            start = end;
        }
        return out;
    }

    private void smoothRun(float[][] in, int start, int end, double fps, float[][] out) {
        int len = end - start, values = in[start].length;
        double[] scale = new double[len];
        for (int t = 0; t < len; t++) {
            Detection box = Detection.around(in[start + t]);
            scale[t] = Math.max(1, Math.max(box.width(), box.height()));
        }
        double[] forward = new double[len], backward = new double[len];
        for (int v = 0; v < values; v++) {
            filter(in, start, len, v, scale, fps, false, forward);
            filter(in, start, len, v, scale, fps, true, backward);
            for (int t = 0; t < len; t++) {
                if (out[start + t] == null) out[start + t] = new float[values];
                out[start + t][v] = (float) ((forward[t] + backward[t]) / 2);
            }
        }
    }

    /** One pass of the One-Euro filter over value v of frames start..start+len, optionally in reverse. */
    private void filter(float[][] in, int start, int len, int v, double[] scale, double fps, boolean reverse, double[] out) {
        double dAlpha = alpha(derivativeCutoff, fps);
        double x = Double.NaN, dx = 0;
        for (int k = 0; k < len; k++) {
            int t = reverse ? len - 1 - k : k;
            double raw = in[start + t][v];
            if (k == 0) {
                x = raw;
            } else {
                dx += dAlpha * ((raw - x) * fps - dx);
                double cutoff = minCutoff + beta * Math.abs(dx) / scale[t];
                x += alpha(cutoff, fps) * (raw - x);
            }
            out[t] = x;
        }
    }

    /** Smoothing factor of a first-order low-pass at {@code cutoffHz} sampled at {@code fps}. */
    private static double alpha(double cutoffHz, double fps) {
        double tau = 1 / (2 * Math.PI * cutoffHz);
        return 1 / (1 + tau * fps);
    }

    /**
     * A copy of the track with short gaps filled: a gap of at most {@code maxGap} frames between two
     * found frames is interpolated linearly, and one at either end of the clip repeats the nearest
     * found frame. Longer gaps stay null. Found frames are shared, not copied; a frame was filled
     * exactly when it is null in {@code perFrame} and not in the result.
     */
    public static float[][] fillGaps(float[][] perFrame, int maxGap) {
        int n = perFrame.length;
        float[][] out = perFrame.clone();
        int prev = -1;
        for (int t = 0; t <= n; t++) {
            if (t < n && perFrame[t] == null) continue;
            int gap = t - prev - 1;
            boolean bounded = prev >= 0 || t < n; // a found frame on at least one side
            if (gap > 0 && gap <= maxGap && bounded) {
                for (int g = prev + 1; g < t; g++) {
                    if (prev < 0) out[g] = perFrame[t].clone();
                    else if (t == n) out[g] = perFrame[prev].clone();
                    else out[g] = lerp(perFrame[prev], perFrame[t], (float) (g - prev) / (t - prev));
                }
            }
            prev = t;
        }
        return out;
    }

    private static float[] lerp(float[] a, float[] b, float w) {
        float[] r = new float[a.length];
        for (int i = 0; i < r.length; i++) r[i] = a[i] + w * (b[i] - a[i]);
        return r;
    }
}
