package org.speech2lip.synth;

import org.speech2lip.geometry.CanonicalFaceModel;

import java.util.Arrays;

/**
 * Makes the canonical face speak. Three per-vertex fields, computed once from the rest mesh:
 * a lip-closure shift (the canonical mesh has its lips 0.55 cm apart; at opening 0 they touch),
 * a jaw weight (lower lip and chin rotate with the jaw about a hinge near the ears, the upper lip
 * does not) and a rounding weight (lips purse in and forward for o/u, spread for i/e).
 */
record MouthRig(float[] closeDy, float[] jaw, float[] round) {
    /** The jaw rotates about the x axis through this point (head-model cm), in front of the ears. */
    static final double HINGE_Y = 0.0, HINGE_Z = 4.0;
    /** Jaw rotation at opening 1: about 2 cm between the lips. */
    static final double MAX_JAW_RADIANS = Math.toRadians(13);
    /** Height of the mouth line in head-model cm. */
    static final double MOUTH_Y = 4.3;

    private static final int[] UPPER_OUTER = Arrays.copyOfRange(CanonicalFaceModel.LIPS_OUTER, 0, 11);
    private static final int[] LOWER_OUTER = {291, 375, 321, 405, 314, 17, 84, 181, 91, 146, 61};
    private static final int[] UPPER_INNER = Arrays.copyOfRange(CanonicalFaceModel.LIPS_INNER, 0, 11);
    private static final int[] LOWER_INNER = {308, 324, 318, 402, 317, 14, 87, 178, 88, 95, 78};

    /** The rig of the canonical face: rest holds its 468 vertices, triangles its faces. */
    static MouthRig face(float[] rest, int[] triangles) {
        int n = rest.length / 3;
        float[] closeDy = new float[n], jaw = new float[n], round = new float[n];
        boolean[] fixed = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = rest[3 * i], y = rest[3 * i + 1];
            double you = yAt(rest, UPPER_OUTER, x), yol = yAt(rest, LOWER_OUTER, x);
            double yiu = yAt(rest, UPPER_INNER, x), yil = yAt(rest, LOWER_INNER, x);
            double eps = 0.02;
            if (!Double.isNaN(you) && y >= you - eps && y <= yol + eps) {
                // inside the lips: the upper lip stays, the lower lip goes with the jaw
                fixed[i] = true;
                double mid = Double.isNaN(yiu) ? MOUTH_Y : 0.5 * (yiu + yil);
                boolean upper = y < mid;
                jaw[i] = upper ? 0 : 1;
                if (!Double.isNaN(yiu)) {
                    double gap = yil - yiu;
                    double w = upper ? Ramp.clamp((y - you) / (yiu - you)) : Ramp.clamp((yol - y) / (yol - yil));
                    closeDy[i] = (float) ((upper ? 0.5 : -0.5) * gap * w);
                }
            } else {
                double lateral = 1 - 0.5 * Ramp.smoothstep(3.0, 7.5, Math.abs(x));
                jaw[i] = (float) (Ramp.smoothstep(MOUTH_Y - 0.3, MOUTH_Y + 1.2, y) * lateral);
            }
            double e = Math.hypot(x / 2.5, (y - 4.35) / 1.15);
            round[i] = (float) (e <= 1 ? 1 : Math.exp(-Math.pow((e - 1) / 0.45, 2)));
        }
        for (int corner : new int[] {61, 291, 78, 308}) jaw[corner] = 0.5f;
        smoothFree(jaw, fixed, triangles, 4);
        return new MouthRig(closeDy, jaw, round);
    }

    /**
     * Deforms rest positions (x, y, z triples, one per weight) into {@code out}. Opening 0…1
     * rotates the jaw; rounding −1 (spread) … +1 (rounded) moves the lips in x and z.
     */
    void deform(float[] rest, double opening, double rounding, float[] out) {
        double th = opening * MAX_JAW_RADIANS, c = Math.cos(th), s = Math.sin(th);
        double pucker = rounding > 0 ? 0.28 * rounding : 0.12 * rounding;
        for (int i = 0; i < jaw.length; i++) {
            double x = rest[3 * i], y = rest[3 * i + 1] + closeDy[i], z = rest[3 * i + 2];
            double w = jaw[i];
            if (w > 0) {
                double dy = y - HINGE_Y, dz = z - HINGE_Z;
                y += w * (HINGE_Y + c * dy - s * dz - y);
                z += w * (HINGE_Z + s * dy + c * dz - z);
            }
            double k = round[i];
            x -= x * k * (pucker + 0.08 * opening);
            z -= k * 0.45 * Math.max(0, rounding);
            out[3 * i] = (float) x;
            out[3 * i + 1] = (float) y;
            out[3 * i + 2] = (float) z;
        }
    }

    /** The contour's y at x by linear interpolation along x, or NaN outside its x range. */
    private static double yAt(float[] v, int[] contour, double x) {
        for (int k = 0; k + 1 < contour.length; k++) {
            double x0 = v[3 * contour[k]], x1 = v[3 * contour[k + 1]];
            if ((x - x0) * (x - x1) <= 0 && x0 != x1) {
                double t = (x - x0) / (x1 - x0);
                return v[3 * contour[k] + 1] * (1 - t) + v[3 * contour[k + 1] + 1] * t;
            }
        }
        return Double.NaN;
    }

    /** Averages each free vertex's weight with its mesh neighbours, a few times, so skin stretches evenly. */
    private static void smoothFree(float[] w, boolean[] fixed, int[] tris, int iterations) {
        int n = w.length;
        for (int it = 0; it < iterations; it++) {
            float[] sum = new float[n];
            int[] cnt = new int[n];
            for (int t = 0; t < tris.length; t += 3) {
                for (int j = 0; j < 3; j++) {
                    int a = tris[t + j], b = tris[t + (j + 1) % 3];
                    sum[a] += w[b];
                    cnt[a]++;
                    sum[b] += w[a];
                    cnt[b]++;
                }
            }
            for (int i = 0; i < n; i++) if (!fixed[i] && cnt[i] > 0) w[i] = 0.5f * w[i] + 0.5f * sum[i] / cnt[i];
        }
    }
}
