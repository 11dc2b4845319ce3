package org.speech2lip.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scores themselves, on hand-made images. */
class ValidationTest {
    private static final int H = 24, W = 40;

    /** A smooth 3-channel planar test image with some edges. */
    private static float[] image() {
        float[] img = new float[3 * H * W];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < W; i++) {
                    img[(c * H + j) * W + i] = (float) (0.5 + 0.3 * Math.sin(i * 0.3 + c) * Math.cos(j * 0.25) + (i > W / 2 ? 0.1 : 0));
                }
            }
        }
        return img;
    }

    private static byte[] allValid() {
        byte[] v = new byte[H * W];
        Arrays.fill(v, (byte) 1);
        return v;
    }

    @Test
    void ssimOfIdenticalImagesIsOneAndFallsWithDegradation() {
        float[] a = image(), noisy = image(), flat = new float[a.length];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (0.1 * (2 * r.nextDouble() - 1));
        Arrays.fill(flat, 0.5f);
        byte[] valid = allValid();
        assertEquals(1, Validation.ssim(a, a, valid, H, W), 1e-9);
        double ssimNoisy = Validation.ssim(a, noisy, valid, H, W), ssimFlat = Validation.ssim(a, flat, valid, H, W);
        System.out.printf("SSIM: identical 1, uniform noise ±0.1 %.4f, flat grey %.4f%n", ssimNoisy, ssimFlat);
        assertTrue(ssimNoisy < 0.95 && ssimNoisy > 0.2, "noisy " + ssimNoisy);
        assertTrue(ssimFlat < ssimNoisy, "flat " + ssimFlat);
    }

    @Test
    void invalidPixelsCountForNothing() {
        float[] a = image(), b = image();
        byte[] valid = allValid();
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < 8; i++) {
                valid[j * W + i] = 0;
                for (int c = 0; c < 3; c++) b[(c * H + j) * W + i] = 0;
            }
        }
        assertEquals(1, Validation.ssim(a, b, valid, H, W), 1e-9);
        assertTrue(Validation.psnr(a, b, valid) > 100);
    }

    @Test
    void psnrOfUniformNoiseMatchesItsVariance() {
        float[] a = new float[3 * 200 * 200], b = new float[a.length];
        byte[] valid = new byte[200 * 200];
        Arrays.fill(valid, (byte) 1);
        SplittableRandom r = new SplittableRandom(2);
        double amplitude = 0.1;
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.5f;
            b[i] = (float) (0.5 + amplitude * (2 * r.nextDouble() - 1));
        }
        // uniform on [-a, a] has variance a²/3
        double expected = 10 * Math.log10(3 / (amplitude * amplitude));
        assertEquals(expected, Validation.psnr(a, b, valid), 0.05);
    }

    @Test
    void testFramesAreEvenlySpacedAndCapped() {
        assertArrayEquals(new int[] {10, 11, 12}, Validation.testFrames(10, 13));
        int[] many = Validation.testFrames(100, 1100);
        assertEquals(Validation.MAX_FRAMES, many.length);
        assertEquals(100, many[0]);
        assertEquals(1080, many[many.length - 1]);
    }
}
