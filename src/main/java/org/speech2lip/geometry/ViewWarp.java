package org.speech2lip.geometry;

import org.speech2lip.media.RgbImage;

/**
 * Backward warping between the canonical view and an observed view of the head (GAMEM's O2C and
 * C2O maps). Both views share one camera (the working crop's) and differ by the relative head pose
 * T_co = T_o · T_c⁻¹.
 *
 * <p>O2C: each canonical pixel centre p_c with canonical depth D_c is lifted to X_c = D_c·K⁻¹[p_c, 1],
 * moved to X_o = T_co·X_c and projected, p_o = π(X_o); the observed image is sampled there.
 * C2O is the same with the observed depth and T_co⁻¹. Occlusion is not tested: a point hidden in
 * the source view takes the colour of whatever covers it there.
 *
 * <p>Every warp is split into a <em>map</em> — the continuous source-image position (u, v) per target
 * pixel, NaN where the target pixel has no depth or lands behind the camera — and {@link #sample},
 * so the training code can apply the very same maps to tensors. The sampling rule, to be matched
 * exactly there: position (u, v) is array position (u − 0.5, v − 0.5) of the source; it is valid when
 * it lies inside the source image's area, 0 ≤ u ≤ W and 0 ≤ v ≤ H (both in source pixels, after
 * subtracting the source's origin); the four bilinear taps are clamped to the edge.
 */
public final class ViewWarp {

    /** A warped image and, per pixel, whether it was sampled from the source (invalid pixels are black). */
    public record Warped(RgbImage image, boolean[] valid) {}

    private ViewWarp() {}

    /**
     * The canonical-view image of {@code region} of the canonical image, sampled from the observed
     * image. {@code canonicalDepth} is the canonical depth map of the whole w×h image.
     */
    public static Warped o2c(RgbImage observed, Camera cam, float[] canonicalDepth, int w, int h, Pose tCo, Rect region) {
        return sample(observed, 0, 0, o2cMap(cam, canonicalDepth, w, h, tCo, region), region.w(), region.h());
    }

    /** Observed-image positions (u, v) per pixel of {@code region} of the canonical image; 2 floats per pixel. */
    public static float[] o2cMap(Camera cam, float[] canonicalDepth, int w, int h, Pose tCo, Rect region) {
        if (!region.inside(w, h) || canonicalDepth.length != w * h) {
            throw new IllegalArgumentException("region " + region + " or depth size does not fit a " + w + "x" + h + " image");
        }
        return map(cam, canonicalDepth, region.y() * w + region.x(), w, tCo, region);
    }

    /**
     * The observed-view image of {@code observedRegion}, sampled from a patch of the canonical image
     * that covers {@code canonicalRect}. {@code observedDepth} is the observed depth of the region
     * only (observedRegion.w × observedRegion.h values).
     */
    public static Warped c2o(RgbImage canonicalPatch, Rect canonicalRect, Camera cam, float[] observedDepth,
                             Pose tCo, Rect observedRegion) {
        if (canonicalPatch.width != canonicalRect.w() || canonicalPatch.height != canonicalRect.h()) {
            throw new IllegalArgumentException("canonical patch is not the size of " + canonicalRect);
        }
        float[] m = c2oMap(cam, observedDepth, tCo, observedRegion);
        return sample(canonicalPatch, canonicalRect.x(), canonicalRect.y(), m, observedRegion.w(), observedRegion.h());
    }

    /** Canonical-image positions (u, v) per pixel of {@code observedRegion}; 2 floats per pixel. */
    public static float[] c2oMap(Camera cam, float[] observedDepth, Pose tCo, Rect observedRegion) {
        if (observedDepth.length != observedRegion.w() * observedRegion.h()) {
            throw new IllegalArgumentException("observed depth must hold one value per pixel of " + observedRegion);
        }
        return map(cam, observedDepth, 0, observedRegion.w(), tCo.inverse(), observedRegion);
    }

    /**
     * The canonical head's depth as seen from pose {@code tCo}, over {@code observedRegion}: per
     * observed pixel p, the camera depth of the canonical point q whose O2C image is p. Unlike a
     * frame's own face mesh, it does not carry that frame's mouth shape, so a C2O map built on it
     * places the canonical lips by head pose alone, the inverse of how {@code prepare} made the
     * canonical lip crops. q is found by the fixed-point iteration q ← q + (p − O2C(q)), started
     * from the left neighbour's answer, which converges for the small rotations of a talking head.
     * NaN where q leaves the canonical image, lands on undefined depth, or the search came no
     * closer to p than half a pixel.
     */
    public static float[] observedDepth(Camera cam, float[] canonicalDepth, int w, int h, Pose tCo, Rect observedRegion) {
        if (canonicalDepth.length != w * h) throw new IllegalArgumentException("depth size does not fit a " + w + "x" + h + " image");
        double[] r = tCo.r(), t = tCo.t();
        double f = cam.focal(), cx = cam.cx(), cy = cam.cy();
        float[] out = new float[observedRegion.w() * observedRegion.h()];
        for (int j = 0, p = 0; j < observedRegion.h(); j++) {
            double pv = observedRegion.y() + j + 0.5, shiftU = 0, shiftV = 0;
            for (int i = 0; i < observedRegion.w(); i++, p++) {
                // start from the left neighbour's displacement, which is nearly this pixel's
                double pu = observedRegion.x() + i + 0.5, qu = pu + shiftU, qv = pv + shiftV, best = Double.MAX_VALUE, found = Double.NaN;
                for (int it = 0; it < 2 * FIXED_POINT_STEPS && best > FIXED_POINT_TOLERANCE; it++) {
                    double z = bilinear(canonicalDepth, w, h, qu - 0.5, qv - 0.5);
                    if (!(z > 0)) break;
                    double x = (qu - cx) / f * z, y = (qv - cy) / f * z;
                    double xo = r[0] * x + r[1] * y + r[2] * z + t[0];
                    double yo = r[3] * x + r[4] * y + r[5] * z + t[1];
                    double zo = r[6] * x + r[7] * y + r[8] * z + t[2];
                    if (!(zo > 0)) break;
                    double du = pu - (f * xo / zo + cx), dv = pv - (f * yo / zo + cy), miss = Math.hypot(du, dv);
                    if (miss < best) {
                        best = miss;
                        found = zo;
                    }
                    // where the depth is steep (the nose's side) full steps overshoot; half steps still converge
                    double step = it < FIXED_POINT_STEPS ? 1 : 0.5;
                    qu += step * du;
                    qv += step * dv;
                }
                out[p] = best <= CLOSE_ENOUGH ? (float) found : Float.NaN;
                if (best <= CLOSE_ENOUGH) {
                    shiftU = qu - pu;
                    shiftV = qv - pv;
                }
            }
        }
        return out;
    }

    /** Iterations of {@link #observedDepth}'s search at full steps, then as many at half steps. */
    private static final int FIXED_POINT_STEPS = 6;
    /** {@link #observedDepth}'s search stops when its canonical point projects this close to its pixel. */
    private static final double FIXED_POINT_TOLERANCE = 0.05;
    /** ... and gives up (NaN) when the closest point it found is farther than this, in pixels. */
    private static final double CLOSE_ENOUGH = 0.5;

    /** Bilinear read of a w×h map at array position (x, y); NaN outside it or next to an undefined value. */
    private static double bilinear(float[] map, int w, int h, double x, double y) {
        if (!(x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1)) return Double.NaN;
        int x0 = Math.min((int) x, w - 2), y0 = Math.min((int) y, h - 2);
        double fx = x - x0, fy = y - y0;
        int i = y0 * w + x0;
        return (1 - fx) * (1 - fy) * map[i] + fx * (1 - fy) * map[i + 1] + (1 - fx) * fy * map[i + w] + fx * fy * map[i + w + 1];
    }

    /**
     * Bilinear sampling of {@code src}, whose pixel (0, 0) is image pixel (srcX, srcY), at the positions
     * of {@code map} (image coordinates, 2 per target pixel), giving a w×h image; see the class doc.
     */
    public static Warped sample(RgbImage src, int srcX, int srcY, float[] map, int w, int h) {
        RgbImage out = new RgbImage(w, h);
        boolean[] valid = new boolean[w * h];
        int sw = src.width, sh = src.height;
        byte[] s = src.rgb, d = out.rgb;
        for (int p = 0; p < w * h; p++) {
            double u = map[2 * p] - srcX, v = map[2 * p + 1] - srcY;
            if (!(u >= 0 && u <= sw && v >= 0 && v <= sh)) continue;   // also rejects NaN
            double x = Math.max(0, Math.min(sw - 1, u - 0.5)), y = Math.max(0, Math.min(sh - 1, v - 0.5));
            int x0 = (int) x, y0 = (int) y;
            int x1 = Math.min(x0 + 1, sw - 1), y1 = Math.min(y0 + 1, sh - 1);
            double fx = x - x0, fy = y - y0;
            double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
            int i00 = (y0 * sw + x0) * 3, i10 = (y0 * sw + x1) * 3, i01 = (y1 * sw + x0) * 3, i11 = (y1 * sw + x1) * 3;
            for (int c = 0; c < 3; c++) {
                double val = w00 * (s[i00 + c] & 0xff) + w10 * (s[i10 + c] & 0xff)
                        + w01 * (s[i01 + c] & 0xff) + w11 * (s[i11 + c] & 0xff);
                d[3 * p + c] = (byte) (int) (val + 0.5);
            }
            valid[p] = true;
        }
        return new Warped(out, valid);
    }

    /**
     * Source positions for the pixels of {@code region}: the pixel's depth, read at
     * depth[offset + j·stride + i], lifts its centre into 3-D; {@code pose} moves it into the source view.
     */
    private static float[] map(Camera cam, float[] depth, int offset, int stride, Pose pose, Rect region) {
        double[] r = pose.r(), t = pose.t();
        double f = cam.focal(), cx = cam.cx(), cy = cam.cy();
        float[] out = new float[2 * region.w() * region.h()];
        for (int j = 0, p = 0; j < region.h(); j++) {
            double ry = (region.y() + j + 0.5 - cy) / f;
            for (int i = 0; i < region.w(); i++, p++) {
                double z = depth[offset + j * stride + i];
                double rx = (region.x() + i + 0.5 - cx) / f;
                double x = rx * z, y = ry * z;
                double xo = r[0] * x + r[1] * y + r[2] * z + t[0];
                double yo = r[3] * x + r[4] * y + r[5] * z + t[1];
                double zo = r[6] * x + r[7] * y + r[8] * z + t[2];
                boolean ok = zo > 0;   // false for NaN depth too
                out[2 * p] = ok ? (float) (f * xo / zo + cx) : Float.NaN;
                out[2 * p + 1] = ok ? (float) (f * yo / zo + cy) : Float.NaN;
            }
        }
        return out;
    }
}
