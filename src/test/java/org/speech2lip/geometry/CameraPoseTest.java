package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CameraPoseTest {
    private static final double EPS = 1e-9;

    @Test
    void projectUndoesUnproject() {
        Camera cam = Camera.centred(700, 640, 480);
        Random rnd = new Random(1);
        for (int k = 0; k < 100; k++) {
            double u = 640 * rnd.nextDouble(), v = 480 * rnd.nextDouble(), z = 10 + 90 * rnd.nextDouble();
            double[] x = cam.unproject(u, v, z);
            assertEquals(z, x[2], EPS);
            assertArrayEquals(new double[] {u, v}, cam.project(x), EPS);
        }
        // the principal point is the image centre in the continuous convention
        assertArrayEquals(new double[] {320, 240}, cam.project(0, 0, 5), EPS);
    }

    @Test
    void shiftedCameraSeesTheCropOfTheImage() {
        Camera full = Camera.centred(800, 1280, 720);
        Camera crop = full.shifted(300, 100);
        double[] x = {3.5, -2, 60};
        double[] pf = full.project(x), pc = crop.project(x);
        assertEquals(pf[0] - 300, pc[0], EPS);
        assertEquals(pf[1] - 100, pc[1], EPS);
        assertArrayEquals(full.unproject(pf[0], pf[1], 60), crop.unproject(pc[0], pc[1], 60), EPS);
    }

    @Test
    void composeInverseAndRelativeRoundTrip() {
        Pose a = Pose.fromYawPitchRollDegrees(20, -10, 5, new double[] {1, 2, 50});
        Pose b = Pose.fromYawPitchRollDegrees(-7, 12, -3, new double[] {-2, 0.5, 45});
        double[] x = {1.5, -3, 2};
        assertArrayEquals(x, a.inverse().apply(a.apply(x)), EPS);
        assertArrayEquals(a.apply(b.apply(x)), a.compose(b).apply(x), EPS);
        // T_co carries the canonical camera-space point of a head point to its observed camera-space point
        assertArrayEquals(b.apply(x), Pose.relative(a, b).apply(a.apply(x)), EPS);
        assertEquals(0, Pose.relative(a, a).rotationDegreesTo(Pose.IDENTITY), 1e-6);
    }

    @Test
    void yawPitchRollRoundTrip() {
        double[][] cases = {{0, 0, 0}, {30, 0, 0}, {0, -25, 0}, {0, 0, 40}, {-35, 20, -15}, {10, 80, 5}};
        for (double[] c : cases) {
            Pose p = Pose.fromYawPitchRollDegrees(c[0], c[1], c[2], new double[3]);
            assertArrayEquals(c, p.yawPitchRollDegrees(), 1e-9);
        }
        // positive yaw turns the nose (−z in head coordinates) toward −x, the image left
        Pose yaw = Pose.fromYawPitchRollDegrees(20, 0, 0, new double[3]);
        assertEquals(-Math.sin(Math.toRadians(20)), yaw.apply(new double[] {0, 0, -1})[0], 1e-12);
    }

    @Test
    void axisAngleRoundTrip() {
        Random rnd = new Random(2);
        for (int k = 0; k < 50; k++) {
            double[] w = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double n = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            double angle = k < 5 ? Math.pow(10, -3 - k) : 3.0 * rnd.nextDouble();   // tiny ones, then up to ~172°
            for (int i = 0; i < 3; i++) w[i] *= angle / n;
            Pose p = new Pose(Pose.rotation(w[0], w[1], w[2]), new double[3]);
            assertArrayEquals(w, p.axisAngle(), 1e-7 * angle);
        }
        // half turns: the axis is recovered up to its sign, which does not matter at 180°
        double[][] axes = {{0, 1, -1}, {1, 0, 0}, {1, -2, 3}, {0, 0, -1}};
        for (double[] axis : axes) {
            double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
            double[] w = {Math.PI * axis[0] / n, Math.PI * axis[1] / n, Math.PI * axis[2] / n};
            double[] back = new Pose(Pose.rotation(w[0], w[1], w[2]), new double[3]).axisAngle();
            double sign = Math.signum(back[0] * w[0] + back[1] * w[1] + back[2] * w[2]);
            for (int i = 0; i < 3; i++) assertEquals(w[i], sign * back[i], 1e-6);
        }
    }

    @Test
    void rotationAngleIsAccurateForTinyAndLargeAngles() {
        Pose a = Pose.fromYawPitchRollDegrees(12, 3, -4, new double[3]);
        for (double deg : new double[] {1e-4, 0.01, 0.3, 45, 170}) {
            double[] axis = {0.6 * Math.toRadians(deg), 0, 0.8 * Math.toRadians(deg)};
            Pose b = new Pose(Pose.rotation(axis[0], axis[1], axis[2]), new double[3]).compose(a);
            assertEquals(deg, a.rotationDegreesTo(b), 1e-9 + 1e-9 * deg);
        }
    }

    @Test
    void matrixRoundTrip() {
        Pose a = Pose.fromYawPitchRollDegrees(12, 3, -4, new double[] {1, 2, 3});
        float[] m = a.toMatrix4();
        assertEquals(0, Pose.fromMatrix4(m, 0).rotationDegreesTo(a), 1e-4);
        assertArrayEquals(a.t(), Pose.fromMatrix4(m, 0).t(), 1e-6);
    }
}
