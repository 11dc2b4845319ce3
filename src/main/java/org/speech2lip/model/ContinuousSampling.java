package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Continuous sampling (paper §4.2, Eq. 2, after LIIF): at training time, a pixel's colour is
 * predicted not by the field at its centre but as the area-weighted blend of the field at the four
 * corners of a random rectangle around the centre. The rectangle reaches a1, a2 to the left and right
 * and b1, b2 up and down (each up to half a pixel); the corner at (−a1, −b1) is weighted by the
 * area of the opposite sub-rectangle, a2·b2, and so on, normalised to sum 1 — the bilinear
 * interpolation of the corner values at the centre. So the field is supervised at continuous
 * positions, not only at pixel centres. Switched off (ablation) or at inference, the centres are
 * queried as they are.
 *
 * <p>The rectangles come from a {@link Random} seeded at construction: the same seed gives the same
 * sequence of queries.
 */
public final class ContinuousSampling {
    /** Largest reach of a rectangle side from the centre, in pixels: the rectangle stays within one pixel's span. */
    public static final double MAX_REACH = 0.5;
    /** Added to every sub-area, so a degenerate rectangle weighs its (identical) corners equally. */
    private static final double EPS = 1e-12;

    private final boolean enabled;
    private final Random random;

    public ContinuousSampling(boolean enabled, long seed) {
        this.enabled = enabled;
        this.random = new Random(seed);
    }

    /**
     * The points to query the field at and how to blend them back.
     *
     * @param points  (B, 4P, 2) corners, four per pixel; or the (B, P, 2) centres themselves
     * @param weights (B, P, 4, 1) corner weights; null when the centres are queried as they are
     */
    public record Query(NDArray points, NDArray weights) {
        /** Field values at {@link #points}, (B, 4P, C) or (B, P, C) → per-pixel values (B, P, C). */
        public NDArray blend(NDArray values) {
            if (weights == null) return values;
            Shape w = weights.getShape();
            return values.reshape(w.get(0), w.get(1), 4, -1).mul(weights).sum(new int[] {2});
        }
    }

    /**
     * Queries for pixel centres (B, P, 2) in box units, a pixel measuring {@code pixelU} × {@code pixelV}
     * of them; random rectangles when enabled, the centres themselves when not.
     */
    public Query query(NDArray centres, double pixelU, double pixelV) {
        if (!enabled) return new Query(centres, null);
        Shape s = centres.getShape();
        float[] reach = new float[Math.toIntExact(s.get(0) * s.get(1) * 4)];
        for (int i = 0; i < reach.length; i += 4) {
            reach[i] = (float) (random.nextDouble() * MAX_REACH * pixelU);
            reach[i + 1] = (float) (random.nextDouble() * MAX_REACH * pixelU);
            reach[i + 2] = (float) (random.nextDouble() * MAX_REACH * pixelV);
            reach[i + 3] = (float) (random.nextDouble() * MAX_REACH * pixelV);
        }
        return rectangles(centres, reach);
    }

    /**
     * Queries for given rectangles: {@code reach} holds a1, a2, b1, b2 (left, right, up, down, in box
     * units) for each of the B·P centres in turn.
     */
    public static Query rectangles(NDArray centres, float[] reach) {
        Shape s = centres.getShape();
        long b = s.get(0), p = s.get(1);
        int n = Math.toIntExact(b * p);
        if (reach.length != 4 * n) throw new IllegalArgumentException(reach.length + " reaches for " + n + " centres");
        float[] offsets = new float[8 * n];
        float[] weights = new float[4 * n];
        for (int i = 0; i < n; i++) {
            float a1 = reach[4 * i], a2 = reach[4 * i + 1], b1 = reach[4 * i + 2], b2 = reach[4 * i + 3];
            // corners top-left, top-right, bottom-left, bottom-right; each weighted by the opposite sub-rectangle
            float[] du = {-a1, a2, -a1, a2}, dv = {-b1, -b1, b2, b2};
            double[] area = {(double) a2 * b2, (double) a1 * b2, (double) a2 * b1, (double) a1 * b1};
            double total = area[0] + area[1] + area[2] + area[3] + 4 * EPS;
            for (int c = 0; c < 4; c++) {
                offsets[8 * i + 2 * c] = du[c];
                offsets[8 * i + 2 * c + 1] = dv[c];
                weights[4 * i + c] = (float) ((area[c] + EPS) / total);
            }
        }
        NDArray corners = centres.expandDims(2).add(centres.getManager().create(offsets, new Shape(b, p, 4, 2)));
        return new Query(corners.reshape(b, 4 * p, 2), centres.getManager().create(weights, new Shape(b, p, 4, 1)));
    }
}
