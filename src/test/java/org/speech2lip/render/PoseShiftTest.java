package org.speech2lip.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoseShiftTest {
    private static final Scene SCENE = new Scene(96);
    /** Frame k: the head turned and moved a little from the canonical frame. */
    private static final Pose HEAD_K = Pose.fromYawPitchRollDegrees(6, -4, 2, new double[] {1, -0.5, 46});
    private static final Pose T_CO = Pose.relative(Scene.CANONICAL, HEAD_K);
    private static final Rect ALL = Rect.of(SCENE.size, SCENE.size);

    private static PoseShift shift() {
        return new PoseShift(SCENE.cam, SCENE.canonicalDepth, SCENE.faceMask, SCENE.size);
    }

    @Test
    void aZeroOffsetReturnsTheFrameUnchanged() {
        RgbImage frame = SCENE.render(HEAD_K);
        PoseShift.Result r = shift().apply(frame, T_CO, 0, -0.0, 0, new Rect(30, 50, 30, 20));
        assertArrayEquals(frame.rgb, r.image().rgb);
        assertNotSame(frame, r.image());
        assertFalse(anyTrue(r.holes()));
        assertSame(T_CO, r.tCo());
        assertNull(r.windowDepth(), "nothing moved: the frame's own window depth holds");
    }

    @Test
    void positiveYawTurnsTheFaceLeftAsTheExactRenderingDoes() {
        for (Pose head : new Pose[] {Scene.CANONICAL, HEAD_K}) {
            Pose tCo = Pose.relative(Scene.CANONICAL, head);
            RgbImage frame = SCENE.render(head);
            PoseShift.Result r = shift().apply(frame, tCo, 10, 0, 0, ALL);
            Pose m = r.motion();
            // M turns by Ry(10°) about the centroid of the face points in frame k
            double[] c = tCo.apply(SCENE.faceCentroid());
            assertArrayEquals(c, m.apply(c), 1e-4);
            assertArrayEquals(Pose.fromYawPitchRollDegrees(10, 0, 0, new double[3]).r(), m.r(), 1e-12);
            assertEquals(10, tCo.rotationDegreesTo(r.tCo()), 1e-6);
            assertArrayEquals(m.apply(tCo.apply(new double[] {1, 2, 40})), r.tCo().apply(new double[] {1, 2, 40}), 1e-9);

            Pose moved = m.compose(head);
            RgbImage expected = SCENE.render(moved);
            boolean[] face = SCENE.frontCap(moved, 0.5);
            double shifted = 0, unshifted = 0;
            int n = 0, holes = 0;
            for (int q = 0; q < face.length; q++) {
                if (!face[q]) continue;
                if (r.holes()[q]) {
                    holes++;
                    continue;
                }
                for (int ch = 0; ch < 3; ch++) {
                    int e = expected.rgb[3 * q + ch] & 0xff;
                    shifted += Math.abs((r.image().rgb[3 * q + ch] & 0xff) - e);
                    unshifted += Math.abs((frame.rgb[3 * q + ch] & 0xff) - e);
                }
                n++;
            }
            assertTrue(holes < 0.02 * n, holes + " holes on " + n + " face pixels");
            shifted /= 3 * n;
            unshifted /= 3 * n;
            assertTrue(shifted < 4 && shifted < 0.25 * unshifted, "MAE shifted " + shifted + ", unshifted " + unshifted);

            // the red spot on the head's left side lands where the exact rendering has it, left of where it was
            double[] was = spot(frame), now = spot(r.image()), truth = spot(expected);
            assertTrue(Math.hypot(now[0] - truth[0], now[1] - truth[1]) < 0.25, "spot at " + now[0] + "," + now[1]
                    + ", exact " + truth[0] + "," + truth[1]);
            assertTrue(now[0] < was[0] - 0.6, "spot moved from x " + was[0] + " to " + now[0]);
        }
    }

    @Test
    void theWindowDepthIsTheRotatedHeadsDepth() {
        Rect window = new Rect(30, 40, 36, 28);
        PoseShift.Result r = shift().apply(SCENE.render(HEAD_K), T_CO, -12, 7, 4, window);
        Pose moved = r.motion().compose(HEAD_K);
        float[] truth = SCENE.depth(moved);
        boolean[] face = SCENE.frontCap(moved, 0.5);
        int compared = 0;
        for (int j = 0; j < window.h(); j++) {
            for (int i = 0; i < window.w(); i++) {
                int q = (window.y() + j) * SCENE.size + window.x() + i;
                float d = r.windowDepth()[j * window.w() + i];
                if (!face[q] || Float.isNaN(d)) continue;
                if (!interior(face, q, 2)) continue;
                assertEquals(truth[q], d, 0.05, "pixel " + (window.x() + i) + "," + (window.y() + j));
                compared++;
            }
        }
        assertTrue(compared > 0.6 * window.w() * window.h(), compared + " pixels compared");
        // the corner of the crop is off the head: no depth
        PoseShift.Result corner = shift().apply(SCENE.render(HEAD_K), T_CO, -12, 7, 4, new Rect(0, 0, 8, 8));
        for (float d : corner.windowDepth()) assertTrue(Float.isNaN(d));
    }

    @Test
    void theFarBackgroundStaysStill() {
        RgbImage frame = SCENE.render(HEAD_K);
        double[] centre = SCENE.cam.project(HEAD_K.t());
        for (double[] offset : new double[][] {{15, 0, 0}, {-15, 10, 0}, {8, -15, 15}}) {
            PoseShift.Result r = shift().apply(frame, T_CO, offset[0], offset[1], offset[2], new Rect(35, 50, 26, 16));
            int far = 0;
            for (int q = 0; q < SCENE.size * SCENE.size; q++) {
                // the face cap spans about 25 px around the centre, its margin about 12 px more
                if (Math.hypot(q % SCENE.size + 0.5 - centre[0], q / SCENE.size + 0.5 - centre[1]) < 42) continue;
                far++;
                for (int ch = 0; ch < 3; ch++) assertEquals(frame.rgb[3 * q + ch], r.image().rgb[3 * q + ch], "pixel " + q);
            }
            assertTrue(far > 1500, far + " far pixels");
        }
    }

    @Test
    void holesAreFilledOutsideTheWindowAndReportedInsideIt() {
        RgbImage frame = SCENE.render(HEAD_K);
        PoseShift.Result all = shift().apply(frame, T_CO, 15, 10, 0, ALL);
        int total = 0;
        double[] centre = SCENE.cam.project(HEAD_K.t());
        for (int q = 0; q < all.holes().length; q++) {
            if (!all.holes()[q]) continue;
            total++;
            for (int ch = 0; ch < 3; ch++) assertEquals(0, all.image().rgb[3 * q + ch]);
            assertTrue(Math.hypot(q % SCENE.size + 0.5 - centre[0], q / SCENE.size + 0.5 - centre[1]) < 42, "hole far off the head: " + q);
        }
        assertTrue(total > 0, "a 15° turn should leave some holes");

        Rect window = new Rect(44, 30, 40, 40);
        PoseShift.Result some = shift().apply(frame, T_CO, 15, 10, 0, window);
        int inside = 0, outside = 0;
        for (int q = 0; q < all.holes().length; q++) {
            boolean inWindow = window.contains(q % SCENE.size + 0.5, q / SCENE.size + 0.5);
            assertEquals(all.holes()[q] && inWindow, some.holes()[q], "pixel " + q);
            if (all.holes()[q] && inWindow) inside++;
            if (all.holes()[q] && !inWindow) {
                outside++;
                int sum = 0;
                for (int ch = 0; ch < 3; ch++) sum += some.image().rgb[3 * q + ch] & 0xff;
                assertTrue(sum > 60, "hole " + q + " outside the window is still dark");
            } else if (!all.holes()[q]) {
                for (int ch = 0; ch < 3; ch++) assertEquals(all.image().rgb[3 * q + ch], some.image().rgb[3 * q + ch]);
            }
        }
        assertTrue(inside > 0 && outside > 0, inside + " holes inside the window, " + outside + " outside");
    }

    @Test
    void offsetsOutsideTheRangeAreTheUsersError() {
        PoseShift s = shift();
        RgbImage frame = SCENE.render(HEAD_K);
        UserError e = assertThrows(UserError.class, () -> s.apply(frame, T_CO, 20, 0, 0, ALL));
        assertEquals("--yaw 20 is outside the supported range -15..15 degrees: give a smaller offset", e.getMessage());
        assertTrue(assertThrows(UserError.class, () -> s.apply(frame, T_CO, 0, -15.5, 0, ALL)).getMessage().startsWith("--pitch -15.5 "));
        assertTrue(assertThrows(UserError.class, () -> s.apply(frame, T_CO, 0, 0, Double.NaN, ALL)).getMessage().startsWith("--roll NaN "));
        assertTrue(assertThrows(UserError.class, () -> s.motion(T_CO, Double.POSITIVE_INFINITY, 0, 0)).getMessage().contains("Infinity"));
        assertDoesNotThrow(() -> s.apply(frame, T_CO, 15, -15, 15, ALL), "the range includes its ends");
    }

    @Test
    void aReusedInstanceKeepsNothingFromThePreviousFrame() {
        PoseShift s = shift();
        Rect window = new Rect(35, 50, 26, 16);
        RgbImage a = SCENE.render(HEAD_K), b = SCENE.render(Scene.CANONICAL);
        PoseShift.Result first = s.apply(a, T_CO, 11, -6, 3, window);
        s.apply(b, Pose.IDENTITY, -14, 9, -5, ALL);
        PoseShift.Result again = s.apply(a, T_CO, 11, -6, 3, window);
        assertArrayEquals(first.image().rgb, again.image().rgb);
        assertArrayEquals(first.holes(), again.holes());
        assertArrayEquals(first.windowDepth(), again.windowDepth());
        assertArrayEquals(first.tCo().r(), again.tCo().r());
        assertArrayEquals(first.tCo().t(), again.tCo().t());
        assertArrayEquals(first.image().rgb, shift().apply(a, T_CO, 11, -6, 3, window).image().rgb);
    }

    @Test
    void theGridPictureHasOneTilePerPose(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("poses.png");
        PoseShift.writeGrid(png, SCENE.render(HEAD_K), SCENE.cam, SCENE.canonicalDepth, SCENE.faceMask, T_CO, ALL,
                new double[] {-15, 0, 15}, new double[] {-10, 0, 10});
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3 * SCENE.size, img.getWidth());
        assertEquals(3 * SCENE.size, img.getHeight());
        int magenta = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == 0xff00ff) magenta++;
        assertTrue(magenta > 0, "holes are drawn in magenta");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the picture is left");
        }
    }

    /** Centroid of redness beyond what the textures reach (red minus green over 100): the spot painted on the head. */
    private static double[] spot(RgbImage img) {
        double sx = 0, sy = 0, sum = 0;
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                double w = Math.max(0, img.get(x, y, 0) - img.get(x, y, 1) - 100);
                sx += w * (x + 0.5);
                sy += w * (y + 0.5);
                sum += w;
            }
        }
        assertTrue(sum > 500, "the spot is visible");
        return new double[] {sx / sum, sy / sum};
    }

    /** True when the (2r+1)² neighbourhood of pixel q is all set. */
    private static boolean interior(boolean[] mask, int q, int r) {
        int x = q % SCENE.size, y = q / SCENE.size;
        if (x < r || y < r || x >= SCENE.size - r || y >= SCENE.size - r) return false;
        for (int dy = -r; dy <= r; dy++) for (int dx = -r; dx <= r; dx++) if (!mask[q + dy * SCENE.size + dx]) return false;
        return true;
    }

    private static boolean anyTrue(boolean[] a) {
        for (boolean b : a) if (b) return true;
        return false;
    }

    /**
     * A ball "head" of radius 6 cm in front of a textured wall, seen by an S×S camera. The head is
     * painted with smooth waves fixed to it and a red spot left of its front; the face is the cap that
     * faces the camera within about 70°. Everything is ray cast exactly.
     */
    static final class Scene {
        static final double RADIUS = 6, WALL_Z = 70;
        static final Pose CANONICAL = Pose.fromYawPitchRollDegrees(0, 0, 0, new double[] {0, 0, 45});
        /** The spot's centre in head coordinates: 1 cm to the image left of the nose. */
        private static final double[] SPOT = {-1, 0, -Math.sqrt(RADIUS * RADIUS - 1)};

        final int size;
        final Camera cam;
        final float[] canonicalDepth;
        final byte[] faceMask;

        Scene(int size) {
            this.size = size;
            cam = Camera.centred(2.0 * size, size, size);
            boolean[] cap = frontCap(CANONICAL, 0.35);
            faceMask = new byte[size * size];
            for (int q = 0; q < cap.length; q++) faceMask[q] = (byte) (cap[q] ? 1 : 0);
            canonicalDepth = FaceGeometry.fillOutside(depth(CANONICAL), size, size);
        }

        /** The head's nearer intersection with the ray of pixel q (camera z), NaN if it misses. */
        double hit(Pose head, int q) {
            double dx = (q % size + 0.5 - cam.cx()) / cam.focal(), dy = (q / size + 0.5 - cam.cy()) / cam.focal();
            double[] c = head.t();
            double a = dx * dx + dy * dy + 1, b = -2 * (dx * c[0] + dy * c[1] + c[2]);
            double disc = b * b - 4 * a * (c[0] * c[0] + c[1] * c[1] + c[2] * c[2] - RADIUS * RADIUS);
            return disc < 0 ? Double.NaN : (-b - Math.sqrt(disc)) / (2 * a);
        }

        float[] depth(Pose head) {
            float[] out = new float[size * size];
            for (int q = 0; q < out.length; q++) out[q] = (float) hit(head, q);
            return out;
        }

        /** Pixels on the part of the head whose surface normal has at least this cosine with the view ray. */
        boolean[] frontCap(Pose head, double minCos) {
            boolean[] out = new boolean[size * size];
            double[] c = head.t();
            for (int q = 0; q < out.length; q++) {
                double z = hit(head, q);
                if (Double.isNaN(z)) continue;
                double[] x = cam.unproject(q % size + 0.5, q / size + 0.5, z);
                double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]), cos = 0;
                for (int i = 0; i < 3; i++) cos += (c[i] - x[i]) * x[i] / (RADIUS * norm);
                out[q] = cos > minCos;
            }
            return out;
        }

        /** The centroid of the face points of the canonical view, from the canonical depth. */
        double[] faceCentroid() {
            double[] sum = new double[3];
            int n = 0;
            for (int q = 0; q < faceMask.length; q++) {
                if (faceMask[q] == 0) continue;
                double[] x = cam.unproject(q % size + 0.5, q / size + 0.5, canonicalDepth[q]);
                for (int i = 0; i < 3; i++) sum[i] += x[i];
                n++;
            }
            return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
        }

        RgbImage render(Pose head) {
            RgbImage img = new RgbImage(size, size);
            Pose toHead = head.inverse();
            for (int q = 0; q < size * size; q++) {
                double z = hit(head, q);
                if (Double.isNaN(z)) {
                    double[] w = cam.unproject(q % size + 0.5, q / size + 0.5, WALL_Z);
                    img.set(q % size, q / size, (int) (110 + 50 * Math.sin(0.9 * w[0]) * Math.cos(0.7 * w[1])),
                            (int) (120 + 60 * Math.cos(0.6 * w[0] + 0.5 * w[1])), (int) (100 + 50 * Math.sin(0.8 * w[1])));
                    continue;
                }
                double[] x = toHead.apply(cam.unproject(q % size + 0.5, q / size + 0.5, z));
                double d = Math.hypot(Math.hypot(x[0] - SPOT[0], x[1] - SPOT[1]), x[2] - SPOT[2]);
                double a = Math.exp(-d * d / (2 * 0.6 * 0.6));
                double r = 120 + 50 * Math.sin(2.5 * x[0] + 0.8 * x[1]), g = 130 + 50 * Math.cos(2.2 * x[1] - 1.0 * x[2]);
                double b = 120 + 45 * Math.sin(1.8 * x[2] + 1.4 * x[0]);
                img.set(q % size, q / size, (int) (r + a * (250 - r)), (int) (g + a * (30 - g)), (int) (b + a * (30 - b)));
            }
            return img;
        }
    }
}
