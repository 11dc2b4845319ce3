package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Black-hole augmentation (paper §4.3): with probability p a training sample gets holes punched
 * into its warped lip region, so the Blend-Net learns to fill the holes that forward warping
 * leaves when the head is moved to a new pose. The holes are real: the pixels become 0 and the
 * mask marks them (the official code copies ground-truth pixels into them, which hands the
 * network the answer; SPEC §8).
 *
 * <p>A sample gets one to four holes, each an ellipse or a rectangle centred on a pixel of the
 * region, from about one pixel to a third of the region's size, so both the cracks and the larger
 * gaps of forward warping are covered; a hole may spill a little past the region's edge, as
 * disocclusions do. The same seed gives the same holes for the same calls.
 */
public final class BlackHoles {
    /** The paper's rate. */
    public static final double PAPER_PROBABILITY = 0.5;
    private static final int MAX_HOLES = 4;
    private static final double MIN_SIZE = 0.03, MAX_SIZE = 0.33;

    private final double probability;
    private final SplittableRandom rnd;

    public BlackHoles(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) throw new IllegalArgumentException("hole probability must lie in [0, 1]: " + probability);
        this.probability = probability;
        this.rnd = new SplittableRandom(seed);
    }

    /**
     * Holes for a batch: {@code region} is (B, 1, H, W), > 0.5 where the warped lips are; returns
     * the (B, 1, H, W) map, 1 inside a hole.
     */
    public NDArray holes(NDArray region) {
        Shape s = region.getShape();
        int b = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
        return region.getManager().create(holes(region.toFloatArray(), b, h, w), s);
    }

    /**
     * Punches holes into a batch: returns the pasted image with its hole pixels at 0 and the mask
     * with the holes marked (set to 1). Gradient still flows to the pixels that were kept.
     */
    public NDList punch(NDArray pasted, NDArray mask) {
        NDArray holes = holes(mask);
        return new NDList(pasted.mul(holes.neg().add(1)), mask.maximum(holes));
    }

    /** The same on plain arrays: {@code region} holds B maps of H × W, the result too. */
    public float[] holes(float[] region, int batch, int height, int width) {
        float[] out = new float[region.length];
        int plane = height * width;
        for (int b = 0; b < batch; b++) {
            if (rnd.nextDouble() >= probability) continue;
            int[] inside = insidePixels(region, b * plane, plane);
            if (inside.length == 0) continue;
            int x0 = width, y0 = height, x1 = 0, y1 = 0;
            for (int p : inside) {
                x0 = Math.min(x0, p % width);
                x1 = Math.max(x1, p % width);
                y0 = Math.min(y0, p / width);
                y1 = Math.max(y1, p / width);
            }
            double extent = Math.max(x1 - x0, y1 - y0) + 1;
            int count = 1 + rnd.nextInt(MAX_HOLES);
            for (int i = 0; i < count; i++) {
                int centre = inside[rnd.nextInt(inside.length)];
                double size = extent * MIN_SIZE * Math.pow(MAX_SIZE / MIN_SIZE, rnd.nextDouble());   // log-uniform
                draw(out, b * plane, width, height, centre % width + 0.5, centre / width + 0.5, size, rnd.nextBoolean());
            }
        }
        return out;
    }

    private static int[] insidePixels(float[] region, int offset, int plane) {
        int n = 0;
        int[] idx = new int[plane];
        for (int p = 0; p < plane; p++) if (region[offset + p] > 0.5f) idx[n++] = p;
        return Arrays.copyOf(idx, n);
    }

    /** An ellipse (any direction) or a rectangle (upright or lying) of half-length {@code size}, half to fully as wide. */
    private void draw(float[] out, int offset, int width, int height, double cx, double cy, double size, boolean ellipse) {
        double a = Math.max(0.5, size), b = Math.max(0.5, size * (0.5 + 0.5 * rnd.nextDouble()));
        double angle = ellipse ? rnd.nextDouble() * Math.PI : rnd.nextInt(2) * Math.PI / 2;
        double cos = Math.cos(angle), sin = Math.sin(angle);
        int r = (int) Math.ceil(a) + 1;
        for (int y = Math.max(0, (int) (cy - r)); y < Math.min(height, (int) (cy + r) + 1); y++) {
            for (int x = Math.max(0, (int) (cx - r)); x < Math.min(width, (int) (cx + r) + 1); x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
                boolean in = ellipse ? u * u + v * v <= 1 : Math.abs(u) <= 1 && Math.abs(v) <= 1;
                if (in) out[offset + y * width + x] = 1;
            }
        }
    }
}
