package org.speech2lip.model;

import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;

import java.util.Random;

/**
 * A synthetic "head" for the GAMEM tests: a ball of radius 8 cm centred on the head origin, painted
 * with a smooth random texture fixed to the head, seen by a 64×64 camera. Images and depths are ray
 * cast exactly, so they are independent of the warps under test.
 */
final class SphereScene {
    static final int SIZE = 64;
    static final Camera CAM = Camera.centred(2.0 * SIZE, SIZE, SIZE);
    static final double RADIUS = 8;
    static final float BACKGROUND = 0.3f;
    private static final int WAVES = 3;

    /** Per channel and wave: wave vector (3), phase, amplitude. */
    private final double[][] waves = new double[3 * WAVES][];

    SphereScene(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < waves.length; i++) {
            double[] k = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double norm = Math.sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
            double wavelength = 3 + 3 * rnd.nextDouble();   // cm: about 12-24 pixels on the ball
            double s = 2 * Math.PI / wavelength / norm;
            waves[i] = new double[] {k[0] * s, k[1] * s, k[2] * s, 2 * Math.PI * rnd.nextDouble(), 0.08 + 0.06 * rnd.nextDouble()};
        }
    }

    /** Camera z of the ball's visible surface per pixel, NaN off the ball. */
    float[] depth(Pose pose) {
        float[] out = new float[SIZE * SIZE];
        for (int p = 0; p < out.length; p++) out[p] = (float) hit(pose, p);
        return out;
    }

    /** The RGB image, channel-major (3×SIZE×SIZE), in [0, 1]. */
    float[] image(Pose pose) {
        int n = SIZE * SIZE;
        float[] out = new float[3 * n];
        Pose toHead = pose.inverse();
        for (int p = 0; p < n; p++) {
            double z = hit(pose, p);
            double[] x = Double.isNaN(z) ? null : toHead.apply(CAM.unproject(p % SIZE + 0.5, p / SIZE + 0.5, z));
            for (int c = 0; c < 3; c++) out[c * n + p] = x == null ? BACKGROUND : (float) colour(x, c);
        }
        return out;
    }

    /** 1 where the ball faces the camera at less than about 50° (no limb, no self-occlusion under small turns). */
    float[] frontMask(Pose pose) {
        float[] out = new float[SIZE * SIZE];
        double[] centre = pose.t();
        for (int p = 0; p < out.length; p++) {
            double z = hit(pose, p);
            if (Double.isNaN(z)) continue;
            double[] x = CAM.unproject(p % SIZE + 0.5, p / SIZE + 0.5, z);
            double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]), cos = 0;
            for (int i = 0; i < 3; i++) cos += (centre[i] - x[i]) * x[i] / (RADIUS * norm);
            out[p] = cos > 0.65 ? 1 : 0;
        }
        return out;
    }

    private double colour(double[] x, int c) {
        double v = 0.5;
        for (int i = c * WAVES; i < (c + 1) * WAVES; i++) {
            double[] k = waves[i];
            v += k[4] * Math.sin(k[0] * x[0] + k[1] * x[1] + k[2] * x[2] + k[3]);
        }
        return v;
    }

    /** Depth of the nearest intersection of pixel p's ray with the ball, NaN if it misses. */
    private double hit(Pose pose, int p) {
        double dx = (p % SIZE + 0.5 - CAM.cx()) / CAM.focal(), dy = (p / SIZE + 0.5 - CAM.cy()) / CAM.focal();
        double[] c = pose.t();
        // |s·d − c|² = r² with d = (dx, dy, 1); the smaller root is the visible side, and s is the depth
        double a = dx * dx + dy * dy + 1, b = -2 * (dx * c[0] + dy * c[1] + c[2]);
        double disc = b * b - 4 * a * (c[0] * c[0] + c[1] * c[1] + c[2] * c[2] - RADIUS * RADIUS);
        return disc < 0 ? Double.NaN : (-b - Math.sqrt(disc)) / (2 * a);
    }
}
