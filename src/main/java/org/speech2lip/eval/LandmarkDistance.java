package org.speech2lip.eval;

/**
 * Landmark distance (LMD): how far one set of landmarks is from another once the whole-set
 * position is taken out, so that it measures shape (lips opening, closing) rather than where the
 * head is.
 *
 * <p>Landmarks are x, y pairs, {@code [x0, y0, x1, y1, …]}, in pixels of the source resolution. Each
 * set is mean-centred on its own (its centroid subtracted from every point), and LMD is the mean over
 * points i of the Euclidean distance |(a_i − ā) − (b_i − b̄)|, in pixels. Range [0, +∞); 0 when one
 * set is a translate of the other. No scaling or rotation is removed.
 */
public final class LandmarkDistance {
    private LandmarkDistance() {
    }

    /** Mean distance in pixels between corresponding points of the two mean-centred sets. */
    public static double lmd(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0 || a.length % 2 != 0) {
            throw new IllegalArgumentException("need two non-empty landmark sets of x, y pairs of one length, got " + a.length + " and " + b.length);
        }
        int n = a.length / 2;
        double[] ca = centroid(a), cb = centroid(b);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double dx = (a[2 * i] - ca[0]) - (b[2 * i] - cb[0]);
            double dy = (a[2 * i + 1] - ca[1]) - (b[2 * i + 1] - cb[1]);
            sum += Math.hypot(dx, dy);
        }
        return sum / n;
    }

    private static double[] centroid(float[] p) {
        double x = 0, y = 0;
        for (int i = 0; i < p.length; i += 2) {
            x += p[i];
            y += p[i + 1];
        }
        int n = p.length / 2;
        return new double[] {x / n, y / n};
    }
}
