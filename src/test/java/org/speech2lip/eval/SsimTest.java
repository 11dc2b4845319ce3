package org.speech2lip.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.SsimLoss;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsimTest {
    @Test
    void identicalImagesScoreOne() {
        RgbImage a = Images.random(30, 20, new Random(1));
        assertEquals(1.0, Ssim.ssim(a, a.copy(), Rect.of(30, 20)), 1e-12);
    }

    @Test
    void fallsStrictlyAsNoiseGrows() {
        RgbImage a = Images.smooth(40, 40);
        double[] noise = Images.gaussian(a.rgb.length, new Random(2));
        double previous = 1;
        StringBuilder seen = new StringBuilder();
        for (double strength : new double[] {1, 3, 8, 20, 50}) {
            double s = Ssim.ssim(a, Images.noisy(a, noise, strength), Rect.of(40, 40));
            seen.append(String.format(" %.4f@%.0f", s, strength));
            assertTrue(s < previous, "SSIM falls with noise:" + seen);
            previous = s;
        }
        assertTrue(previous < 0.5, "strong noise leaves little structure:" + seen);
    }

    /** The training loss's SSIM on the same pixels as [0, 1] values of a (1, 3, H, W) batch. */
    private static double trainingSsim(RgbImage a, RgbImage b) {
        Shape shape = new Shape(1, 3, a.height, a.width);
        try (NDManager m = NDManager.newBaseManager()) {
            return SsimLoss.ssim(m.create(planes(a), shape), m.create(planes(b), shape)).getFloat();
        }
    }

    private static float[] planes(RgbImage img) {
        int n = img.width * img.height;
        float[] v = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) v[c * n + i] = (img.rgb[3 * i + c] & 0xff) / 255f;
        }
        return v;
    }

    /** Random pixels with and without shared content, and smooth blobs with noise, against the DJL loss. */
    @Test
    void agreesWithTheTrainingLoss() {
        Random rnd = new Random(3);
        RgbImage a = Images.random(48, 48, rnd), far = Images.random(48, 48, rnd);
        RgbImage near = Images.noisy(a, Images.gaussian(a.rgb.length, rnd), 30);
        RgbImage s = Images.smooth(48, 48), sn = Images.noisy(s, Images.gaussian(s.rgb.length, rnd), 10);
        Rect all = Rect.of(48, 48);
        for (RgbImage[] pair : new RgbImage[][] {{a, near}, {a, far}, {s, sn}}) {
            double plain = Ssim.ssim(pair[0], pair[1], all), training = trainingSsim(pair[0], pair[1]);
            // float32 on the training side agrees to about 1e-7; skimage's sample covariance would move it by ~4e-5
            assertEquals(training, plain, 1e-6, "eval SSIM vs training SSIM");
        }
        double nearScore = Ssim.ssim(a, near, all);
        assertTrue(nearScore > 0.3 && nearScore < 0.95, "a pair with a score far from 0 and 1: " + nearScore);
    }

    @Test
    void readsOnlyTheRegion() {
        RgbImage a = Images.smooth(40, 30), b = Images.noisy(a, Images.gaussian(a.rgb.length, new Random(4)), 10);
        Rect region = new Rect(7, 5, 20, 16);
        double inside = Ssim.ssim(a, b, region);
        RgbImage a2 = a.copy(), b2 = b.copy();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                if (!(x >= 7 && x < 27 && y >= 5 && y < 21)) {
                    a2.set(x, y, 0, 0, 0);
                    b2.set(x, y, 255, 255, 255);
                }
            }
        }
        assertEquals(inside, Ssim.ssim(a2, b2, region), 0, "pixels outside the region do not matter");
        assertEquals(inside, Ssim.ssim(a.crop(7, 5, 20, 16), b.crop(7, 5, 20, 16), Rect.of(20, 16)), 1e-12, "same as the cropped pair");
        assertTrue(Ssim.ssim(a2, b2, Rect.of(40, 30)) < inside - 0.1, "the whole image sees the changed border");
    }

    @Test
    void rejectsRegionsSmallerThanTheWindow() {
        RgbImage a = Images.grey(20, 20, 9);
        assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(a, a, new Rect(0, 0, 10, 20)));
        assertEquals(1.0, Ssim.ssim(a, a, new Rect(0, 0, 11, 11)), 1e-12);
    }
}
