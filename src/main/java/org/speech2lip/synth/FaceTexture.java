package org.speech2lip.synth;

import org.speech2lip.geometry.CanonicalFaceModel;

import java.util.Arrays;

/**
 * The face's albedo (linear RGB) and shininess, painted once over the rest-pose front view
 * (x, y in head-model cm). Features are drawn where the canonical mesh has them — lips between
 * the lip contours, eyes inside the eye contours, brows over the brow landmarks — so a face tracker
 * trained on real faces finds each landmark on the matching feature.
 */
final class FaceTexture {
    private static final double X0 = -8.8, Y0 = -9.4, CELL = 0.04;
    private static final int W = 440, H = 490;

    private static final int[] RIGHT_EYE = {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7};
    private static final int[] LEFT_EYE = {263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249};
    private static final int[] RIGHT_BROW = {70, 63, 105, 66, 107, 55, 65, 52, 53, 46};
    private static final int[] LEFT_BROW = {300, 293, 334, 296, 336, 285, 295, 282, 283, 276};

    /** Per texel: r, g, b (linear albedo), specular weight. */
    private final float[] texels = new float[W * H * 4];

    FaceTexture(float[] rest, Appearance look, Noise noise) {
        Outline lipsOuter = new Outline(rest, CanonicalFaceModel.LIPS_OUTER, true);
        Outline lipsInner = new Outline(rest, CanonicalFaceModel.LIPS_INNER, true);
        Outline[] eyes = {new Outline(rest, RIGHT_EYE, true), new Outline(rest, LEFT_EYE, true)};
        Outline[] lids = {new Outline(rest, Arrays.copyOfRange(RIGHT_EYE, 0, 9), false),
            new Outline(rest, Arrays.copyOfRange(LEFT_EYE, 0, 9), false)};
        Outline[] lowerLids = {new Outline(rest, new int[] {133, 155, 154, 153, 145, 144, 163, 7, 33}, false),
            new Outline(rest, new int[] {362, 382, 381, 380, 374, 373, 390, 249, 263}, false)};
        Outline[] brows = {new Outline(rest, RIGHT_BROW, true), new Outline(rest, LEFT_BROW, true)};
        // nasolabial folds, from the nose wings past the mouth corners
        Outline[] folds = {new Outline(new double[] {-1.85, -2.35, -2.85, -3.05}, new double[] {1.75, 3.0, 4.4, 5.2}, false),
            new Outline(new double[] {1.85, 2.35, 2.85, 3.05}, new double[] {1.75, 3.0, 4.4, 5.2}, false)};
        double[] c = new double[3], h = new double[3];
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                double x = X0 + (i + 0.5) * CELL, y = Y0 + (j + 0.5) * CELL;
                look.skinAt(x, y, c);
                double hair = look.hairCover(x, y, -1);   // the face lies in front, z < 0
                if (hair > 0) {
                    look.hairAt(x, y, -1, h);
                    mix(c, h, hair);
                }
                double spec = 0.05 * (1 - hair);
                double shade = 1;
                // lips: a lighter rim just outside (vermilion border), a dark line where they meet
                double dl = lipsOuter.signedDistance(x, y);
                if (dl < 0.5) {
                    double m = Ramp.smoothstep(0.06, -0.06, dl);
                    shade *= 1 + 0.05 * Math.exp(-Math.pow((dl - 0.08) / 0.06, 2));
                    mix(c, look.lip, m);
                    spec += 0.2 * m;
                    double di = Math.max(0, lipsInner.signedDistance(x, y));
                    shade *= 1 - 0.45 * m * Math.exp(-Math.pow(di / 0.05, 2));
                }
                for (int e = 0; e < 2; e++) {
                    double de = eyes[e].signedDistance(x, y);
                    if (de < 1.2) {
                        double du = lids[e].distance(x, y);
                        if (de < 0.05) {
                            double m = Ramp.smoothstep(0.03, -0.03, de);
                            double[] eye = eyeColour(eyes[e], x, y, look);
                            double lid = 0.4 + 0.6 * Ramp.smoothstep(0, 0.3, du);   // upper lid shadow
                            for (int k = 0; k < 3; k++) eye[k] *= lid;
                            mix(c, eye, m);
                            spec += 0.3 * m;
                        }
                        shade *= 1 - 0.9 * Math.exp(-Math.pow(du / 0.07, 2));        // lashes on the lid line
                        shade *= 1 - 0.3 * Math.exp(-Math.pow(lowerLids[e].distance(x, y) / 0.05, 2));
                        if (de > 0) shade *= 1 - 0.25 * Math.exp(-Math.pow((du - 0.45) / 0.15, 2));   // lid crease
                    }
                    double db = brows[e].signedDistance(x, y);
                    if (db < 0.2) {
                        double density = 0.75 + 0.25 * noise.fractal(x * 8, y * 1.5, 3, 2);
                        mix(c, look.brow, 0.9 * density * Ramp.smoothstep(0.12, -0.08, db));
                    }
                    shade *= 1 - 0.12 * Math.exp(-Math.pow(folds[e].distance(x, y) / 0.22, 2));
                }
                shade *= nostrils(x, y) * mouthCorners(rest, x, y);
                shade *= 1 - 0.18 * Math.exp(-Math.pow((y - 5.9) / 0.3, 2) - Math.pow(x / 1.4, 2));   // crease above the chin
                int t = 4 * (j * W + i);
                texels[t] = (float) (c[0] * shade);
                texels[t + 1] = (float) (c[1] * shade);
                texels[t + 2] = (float) (c[2] * shade);
                texels[t + 3] = (float) spec;
            }
        }
    }

    /** Bilinear lookup at rest position (x, y) into out[0..3]. */
    void sample(double x, double y, float[] out) {
        double fx = Math.max(0, Math.min(W - 1.001, (x - X0) / CELL - 0.5));
        double fy = Math.max(0, Math.min(H - 1.001, (y - Y0) / CELL - 0.5));
        int i = (int) fx, j = (int) fy;
        float ax = (float) (fx - i), ay = (float) (fy - j);
        int p = 4 * (j * W + i), q = p + 4 * W;
        for (int k = 0; k < 4; k++) {
            float top = texels[p + k] + ax * (texels[p + 4 + k] - texels[p + k]);
            float bottom = texels[q + k] + ax * (texels[q + 4 + k] - texels[q + k]);
            out[k] = top + ay * (bottom - top);
        }
    }

    /** Sclera, iris with a darker rim, pupil and a catch light toward the key light (upper left). */
    private static double[] eyeColour(Outline eye, double x, double y, Appearance look) {
        double cx = Arrays.stream(eye.xs).average().orElse(0), cy = Arrays.stream(eye.ys).average().orElse(0) + 0.03;
        double r = Math.hypot(x - cx, y - cy);
        double corner = Ramp.smoothstep(0.6, 1.35, Math.abs(x - cx));
        double[] c = Appearance.linear(0.80 - 0.15 * corner, 0.76 - 0.2 * corner, 0.72 - 0.2 * corner);
        double iris = Ramp.smoothstep(0.56, 0.5, r);
        double rim = 0.55 + 0.45 * Ramp.smoothstep(0.52, 0.38, r);
        mix(c, new double[] {look.iris[0] * rim, look.iris[1] * rim, look.iris[2] * rim}, iris);
        mix(c, new double[] {0.004, 0.004, 0.004}, Ramp.smoothstep(0.23, 0.19, r));
        mix(c, new double[] {0.95, 0.95, 0.95}, Ramp.smoothstep(0.09, 0.05, Math.hypot(x - cx + 0.14, y - cy + 0.12)));
        return c;
    }

    /** Dark nostril openings under the nose tip. */
    private static double nostrils(double x, double y) {
        double ax = Math.abs(x) - 0.78, ay = y - 1.42;
        double rot = Math.toRadians(20) * Math.signum(x);
        double u = ax * Math.cos(rot) + ay * Math.sin(rot), v = -ax * Math.sin(rot) + ay * Math.cos(rot);
        double e = Math.hypot(u / 0.36, v / 0.17);
        return 1 - 0.8 * Ramp.smoothstep(1.25, 0.75, e);
    }

    /** Small shadows just outside the mouth corners. */
    private static double mouthCorners(float[] rest, double x, double y) {
        double s = 1;
        for (int k : new int[] {61, 291}) {
            double cx = rest[3 * k] + Math.signum(rest[3 * k]) * 0.1, cy = rest[3 * k + 1];
            s *= 1 - 0.3 * Math.exp(-(Math.pow(x - cx, 2) + Math.pow(y - cy, 2)) / 0.06);
        }
        return s;
    }

    private static void mix(double[] a, double[] b, double t) {
        for (int k = 0; k < 3; k++) a[k] += t * (b[k] - a[k]);
    }

    /** A closed polygon or open polyline in the (x, y) plane, with distances to it. */
    private static final class Outline {
        final double[] xs, ys;
        final boolean closed;

        Outline(float[] rest, int[] ids, boolean closed) {
            this(pick(rest, ids, 0), pick(rest, ids, 1), closed);
        }

        Outline(double[] xs, double[] ys, boolean closed) {
            this.xs = xs;
            this.ys = ys;
            this.closed = closed;
        }

        private static double[] pick(float[] rest, int[] ids, int axis) {
            double[] out = new double[ids.length];
            for (int k = 0; k < ids.length; k++) out[k] = rest[3 * ids[k] + axis];
            return out;
        }

        double distance(double x, double y) {
            double best = Double.MAX_VALUE;
            int n = xs.length, segs = closed ? n : n - 1;
            for (int k = 0; k < segs; k++) {
                int l = (k + 1) % n;
                double ex = xs[l] - xs[k], ey = ys[l] - ys[k];
                double t = Math.max(0, Math.min(1, ((x - xs[k]) * ex + (y - ys[k]) * ey) / (ex * ex + ey * ey + 1e-12)));
                double dx = x - xs[k] - t * ex, dy = y - ys[k] - t * ey;
                best = Math.min(best, dx * dx + dy * dy);
            }
            return Math.sqrt(best);
        }

        /** Distance to the outline, negative inside (even-odd rule). */
        double signedDistance(double x, double y) {
            boolean inside = false;
            for (int k = 0, l = xs.length - 1; k < xs.length; l = k++) {
                if ((ys[k] > y) != (ys[l] > y) && x < (xs[l] - xs[k]) * (y - ys[k]) / (ys[l] - ys[k]) + xs[k]) inside = !inside;
            }
            double d = distance(x, y);
            return inside ? -d : d;
        }
    }
}
