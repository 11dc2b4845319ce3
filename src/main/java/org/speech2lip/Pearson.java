package org.speech2lip;

import java.util.OptionalInt;

/**
 * Pearson correlation of two sequences, and the lag that maximises it, to measure how well two
 * signals (say mouth opening and speech loudness) move together and by how many frames one trails
 * the other.
 */
public final class Pearson {
    private Pearson() {
    }

    /**
     * r = Σ (a − ā)(b − b̄) / √(Σ (a − ā)² · Σ (b − b̄)²) over all indices, in [−1, 1]. NaN when either
     * sequence is constant (every element equal, which includes sequences of fewer than two
     * elements), where r is undefined.
     */
    public static double correlation(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("sequences differ in length: " + a.length + " and " + b.length);
        return correlation(a, 0, b, 0, a.length);
    }

    /**
     * The lag in [−maxLag, maxLag] that maximises {@link #atLag}, so a positive lag means b trails a.
     * Ties go to the smaller |lag|, then to the negative one. Empty when no lag gives a defined
     * correlation (for example when a or b is constant).
     */
    public static OptionalInt offset(double[] a, double[] b, int maxLag) {
        if (maxLag < 0) throw new IllegalArgumentException("maxLag must be at least 0, got " + maxLag);
        OptionalInt best = OptionalInt.empty();
        double bestR = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= 2 * maxLag; k++) {
            int lag = (k + 1) / 2 * (k % 2 == 1 ? -1 : 1);
            double r = atLag(a, b, lag);
            if (r > bestR) {
                bestR = r;
                best = OptionalInt.of(lag);
            }
        }
        return best;
    }

    /**
     * The correlation of a[i] with b[i + lag] over the indices where both exist and neither is NaN
     * (an unknown value, such as a frame without a face); NaN when fewer than two such pairs vary.
     * The sequences may differ in length.
     */
    public static double atLag(double[] a, double[] b, int lag) {
        double[] x = new double[a.length], y = new double[a.length];
        int n = 0;
        for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i + lag])) continue;
            x[n] = a[i];
            y[n++] = b[i + lag];
        }
        return n < 2 ? Double.NaN : correlation(x, 0, y, 0, n);
    }

    /** Correlation of a[from..from+n) with b[bFrom..bFrom+n), NaN when either slice is constant. */
    private static double correlation(double[] a, int aFrom, double[] b, int bFrom, int n) {
        if (constant(a, aFrom, n) || constant(b, bFrom, n)) return Double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[aFrom + i];
            mb += b[bFrom + i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[aFrom + i] - ma, db = b[bFrom + i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }

    /** True when every element of the slice equals the first; tested directly because a computed mean may not equal it exactly. */
    private static boolean constant(double[] v, int from, int n) {
        for (int i = 1; i < n; i++) {
            if (v[from + i] != v[from]) return false;
        }
        return true;
    }
}
