package org.speech2lip.eval;

import org.speech2lip.Pearson;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.CanonicalFrame;

import java.util.OptionalInt;

/**
 * How a method's mouth moves against the real one, from landmarks tracked on both (docs/metrics.md):
 * the opening's correlation at lag 0 and at the best lag within {@link #MAX_LAG} frames, the
 * spreading's correlation, the ratio of the opening's spread to the real one's, and jitter.
 *
 * @param openingR        Pearson r of the openings at lag 0
 * @param bestLag         the lag in [−3, 3] of the highest opening r ({@link Pearson#offset}); positive: the real mouth trails the method's
 * @param openingRAtLag   that r
 * @param spreadingR      Pearson r of mouth width over face width
 * @param spreadRatio     standard deviation of the method's opening over the real one's
 * @param jitter          mean |second difference| of the method's opening from frame to frame
 */
public record MouthMotion(double openingR, int bestLag, double openingRAtLag, double spreadingR, double spreadRatio, double jitter) {
    /** The lag search of {@link #of}: ±3 frames, 120 ms at 25 fps. */
    public static final int MAX_LAG = 3;
    /** The face's width for the spreading: the cheek sides. */
    private static final int FACE_LEFT = 234, FACE_RIGHT = 454;

    /** The figures of {@code opening} and {@code spreading} (NaN where no face was found) against the real frames'. */
    public static MouthMotion of(double[] opening, double[] spreading, double[] realOpening, double[] realSpreading) {
        OptionalInt lag = Pearson.offset(opening, realOpening, MAX_LAG);
        return new MouthMotion(Pearson.atLag(opening, realOpening, 0), lag.orElse(0),
                lag.isPresent() ? Pearson.atLag(opening, realOpening, lag.getAsInt()) : Double.NaN,
                Pearson.atLag(spreading, realSpreading, 0), spread(opening) / spread(realOpening), jitter(opening));
    }

    /** Mouth width over face width of a tracked face's points (x, y, z per point); NaN without a face. */
    public static double spreading(float[] xyz) {
        if (xyz == null) return Double.NaN;
        return distance(xyz, CanonicalFaceModel.MOUTH_LEFT, CanonicalFaceModel.MOUTH_RIGHT) / distance(xyz, FACE_LEFT, FACE_RIGHT);
    }

    /** Inner-lip gap over mouth width; NaN without a face. */
    public static double opening(float[] xyz) {
        return xyz == null ? Double.NaN : CanonicalFrame.mouthOpening(xyz);
    }

    /** Population standard deviation of the known values. */
    static double spread(double[] v) {
        double sum = 0, sq = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isNaN(x)) continue;
            sum += x;
            sq += x * x;
            n++;
        }
        return n < 2 ? Double.NaN : Math.sqrt(Math.max(0, sq / n - sum * sum / n / n));
    }

    /** Mean |v[i−1] − 2 v[i] + v[i+1]| over the i where all three are known: motion that reverses every frame. */
    static double jitter(double[] v) {
        double sum = 0;
        int n = 0;
        for (int i = 1; i + 1 < v.length; i++) {
            double d = v[i - 1] - 2 * v[i] + v[i + 1];
            if (Double.isNaN(d)) continue;
            sum += Math.abs(d);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double distance(float[] xyz, int a, int b) {
        double dx = xyz[3 * a] - xyz[3 * b], dy = xyz[3 * a + 1] - xyz[3 * b + 1], dz = xyz[3 * a + 2] - xyz[3 * b + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
