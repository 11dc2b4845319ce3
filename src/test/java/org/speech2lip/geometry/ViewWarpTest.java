package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;
import org.speech2lip.media.RgbImage;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewWarpTest {
    private static final int SIZE = 256;
    private static final Camera CAM = Camera.centred(1.2 * SIZE, SIZE, SIZE);
    private static final double Z = Synthetic.distance(CAM.focal(), SIZE, 0.45);
    private static final Pose CANONICAL = Pose.fromYawPitchRollDegrees(2, -1, 0, new double[] {0.5, 0, Z});
    private static final Pose OBSERVED = Pose.fromYawPitchRollDegrees(10, 5, 3, new double[] {-1, 1, Z * 1.05});
    private final FaceGeometry geometry = new FaceGeometry(Synthetic.MODEL);

    /** A smooth colour painted on the head (head-model coordinates, cm). */
    private static int[] texture(double[] x) {
        return new int[] {
            (int) Math.round(128 + 60 * Math.sin(0.9 * x[0]) * Math.cos(0.7 * x[1])),
            (int) Math.round(128 + 60 * Math.cos(0.5 * x[0] + 0.8 * x[2])),
            (int) Math.round(128 + 50 * Math.sin(0.6 * x[1] + 0.4 * x[2]))};
    }

    private float[] depth(Pose pose) {
        return geometry.depthMap(CAM, pose, Synthetic.landmarks(CAM, pose, 0, new Random(0)), SIZE, SIZE);
    }

    /** The image of the textured head in the given pose, on a grey background. */
    private RgbImage render(Pose pose) {
        float[] d = depth(pose);
        Pose toHead = pose.inverse();
        RgbImage img = new RgbImage(SIZE, SIZE);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float z = d[y * SIZE + x];
                if (Float.isNaN(z)) {
                    img.set(x, y, 90, 90, 90);
                    continue;
                }
                int[] c = texture(toHead.apply(CAM.unproject(x + 0.5, y + 0.5, z)));
                img.set(x, y, c[0], c[1], c[2]);
            }
        }
        return img;
    }

    /** Pixels valid here and in the whole (2r+1)² neighbourhood. */
    private static boolean[] eroded(boolean[] valid, int w, int h, int r) {
        boolean[] out = new boolean[w * h];
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                boolean ok = true;
                for (int dy = -r; dy <= r && ok; dy++) for (int dx = -r; dx <= r && ok; dx++) ok = valid[(y + dy) * w + x + dx];
                out[y * w + x] = ok;
            }
        }
        return out;
    }

    @Test
    void identityPoseCopiesTheImage() {
        RgbImage img = render(CANONICAL);
        float[] d = depth(CANONICAL);
        Rect region = new Rect(60, 70, 120, 100);
        ViewWarp.Warped out = ViewWarp.o2c(img, CAM, d, SIZE, SIZE, Pose.IDENTITY, region);
        RgbImage expected = img.crop(region.x(), region.y(), region.w(), region.h());
        for (int p = 0; p < region.w() * region.h(); p++) {
            int x = region.x() + p % region.w(), y = region.y() + p / region.w();
            boolean hasDepth = !Float.isNaN(d[y * SIZE + x]);
            assertEquals(hasDepth, out.valid()[p]);
            if (!hasDepth) {
                for (int c = 0; c < 3; c++) expected.rgb[3 * p + c] = 0;   // invalid pixels are black
            }
        }
        assertArrayEquals(expected.rgb, out.image().rgb);
    }

    @Test
    void observedToCanonicalMatchesTheCanonicalRenderingAroundTheMouth() {
        RgbImage observed = render(OBSERVED), canonical = render(CANONICAL);
        float[] dc = depth(CANONICAL);
        float[] lm = Synthetic.landmarks(CAM, CANONICAL, 0, new Random(0));
        LipBox box = LipBox.compute(Synthetic.MODEL, CAM, lm, CANONICAL, new Pose[0], SIZE, SIZE);
        Rect r = box.lipBox();
        ViewWarp.Warped out = ViewWarp.o2c(observed, CAM, dc, SIZE, SIZE, Pose.relative(CANONICAL, OBSERVED), r);
        boolean[] inner = eroded(out.valid(), r.w(), r.h(), 2);
        double sum = 0;
        int n = 0;
        for (int p = 0; p < inner.length; p++) {
            if (!inner[p]) continue;
            int x = r.x() + p % r.w(), y = r.y() + p / r.w();
            for (int c = 0; c < 3; c++) sum += Math.abs(out.image().get(p % r.w(), p / r.w(), c) - canonical.get(x, y, c));
            n += 3;
        }
        assertTrue(n > 0.6 * 3 * r.w() * r.h(), "too few valid pixels: " + n / 3);
        assertTrue(sum / n < 3, "mean abs error " + sum / n);
    }

    @Test
    void canonicalToObservedUndoesObservedToCanonical() {
        RgbImage observed = render(OBSERVED);
        float[] dc = depth(CANONICAL), dObserved = depth(OBSERVED);
        Pose tCo = Pose.relative(CANONICAL, OBSERVED);
        Rect all = Rect.of(SIZE, SIZE);
        ViewWarp.Warped canon = ViewWarp.o2c(observed, CAM, dc, SIZE, SIZE, tCo, all);
        Rect window = new Rect(40, 50, 176, 176);
        ViewWarp.Warped back = ViewWarp.c2o(canon.image(), all, CAM, window.cut(dObserved, SIZE), tCo, window);
        float[] map = ViewWarp.c2oMap(CAM, window.cut(dObserved, SIZE), tCo, window);
        boolean[] canonInner = eroded(canon.valid(), SIZE, SIZE, 2);
        boolean[] backInner = eroded(back.valid(), window.w(), window.h(), 2);
        double sum = 0;
        int n = 0;
        for (int p = 0; p < backInner.length; p++) {
            if (!backInner[p]) continue;
            int cu = (int) map[2 * p], cv = (int) map[2 * p + 1];
            if (!canonInner[cv * SIZE + cu]) continue;
            int i = p % window.w(), j = p / window.w();
            for (int c = 0; c < 3; c++) sum += Math.abs(back.image().get(i, j, c) - observed.get(window.x() + i, window.y() + j, c));
            n += 3;
        }
        int face = 0;
        for (float z : window.cut(dObserved, SIZE)) if (!Float.isNaN(z)) face++;
        assertTrue(n > 0.85 * 3 * face, "too few valid pixels: " + n / 3 + " of " + face);
        assertTrue(sum / n < 3, "mean abs error " + sum / n);
    }

    @Test
    void theCanonicalDepthSeenFromAnotherPoseIsThatPosesDepth() {
        // filled off the face as prepare fills it; the head is rigid here, so its mesh in the other pose is the truth
        float[] dc = FaceGeometry.fillOutside(depth(CANONICAL), SIZE, SIZE), dObserved = depth(OBSERVED);
        Pose tCo = Pose.relative(CANONICAL, OBSERVED);
        Rect window = new Rect(70, 110, 120, 90);
        float[] seen = ViewWarp.observedDepth(CAM, dc, SIZE, SIZE, tCo, window), mesh = window.cut(dObserved, SIZE);
        float[] bySeen = ViewWarp.c2oMap(CAM, seen, tCo, window), byMesh = ViewWarp.c2oMap(CAM, mesh, tCo, window);
        boolean[] onMesh = new boolean[mesh.length];
        for (int p = 0; p < mesh.length; p++) onMesh[p] = !Float.isNaN(mesh[p]);
        // away from the mesh's border, where the fill off the face is a guess
        boolean[] inner = eroded(onMesh, window.w(), window.h(), 3);
        int compared = 0, face = 0, far = 0;
        double worstDepth = 0, worstPixel = 0;
        for (int p = 0; p < seen.length; p++) {
            if (!inner[p]) continue;
            face++;
            if (Float.isNaN(seen[p])) continue;
            compared++;
            double off = Math.hypot(bySeen[2 * p] - byMesh[2 * p], bySeen[2 * p + 1] - byMesh[2 * p + 1]);
            if (off > 0.25) far++;
            worstDepth = Math.max(worstDepth, Math.abs(seen[p] - mesh[p]));
            worstPixel = Math.max(worstPixel, off);
        }
        System.out.printf("canonical depth seen from another pose: %d of %d face pixels, %d over 0.25 px off, worst %.4f cm, %.3f px%n",
                compared, face, far, worstDepth, worstPixel);
        assertEquals(face, compared, "every face pixel finds its canonical point");
        // a few pixels beside the nose see a nearer surface than the one the search finds
        assertTrue(far < 0.005 * face, far + " pixels land over a quarter pixel from where the true depth sends them");
        assertTrue(worstPixel < 2, "worst " + worstPixel + " px");
    }

    @Test
    void samplingFollowsTheHalfPixelConvention() {
        RgbImage src = new RgbImage(4, 2);
        src.set(1, 0, 100, 0, 0);
        src.set(2, 0, 200, 0, 0);
        // u = 2.0 lies halfway between the centres of pixels 1 (1.5) and 2 (2.5); v = 0.5 is row 0's centre
        float[] map = {2.0f, 0.5f, 1.5f, 0.5f, 4.0f, 2.0f, 4.01f, 1f, Float.NaN, 1f, -0.2f, 0.5f};
        ViewWarp.Warped out = ViewWarp.sample(src, 0, 0, map, 6, 1);
        assertEquals(150, out.image().get(0, 0, 0));
        assertEquals(100, out.image().get(1, 0, 0));
        assertArrayEquals(new boolean[] {true, true, true, false, false, false}, out.valid());
    }
}
