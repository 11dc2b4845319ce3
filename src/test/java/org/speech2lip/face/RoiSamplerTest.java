package org.speech2lip.face;

import org.junit.jupiter.api.Test;
import org.speech2lip.media.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoiSamplerTest {

    @Test
    void unrotatedRoiOfTheImageSizeCopiesPixels() {
        RgbImage img = new RgbImage(4, 4);
        for (int i = 0; i < img.rgb.length; i++) img.rgb[i] = (byte) (i * 5);
        float[] out = new float[4 * 4 * 3];
        RoiSampler.sample(img, new Roi(2, 2, 4, 0), 4, RoiSampler.Border.BLACK, 1, 0, out);
        for (int i = 0; i < out.length; i++) assertEquals(img.rgb[i] & 0xff, out[i], 1e-3);
    }

    @Test
    void outsideIsBlackOrTheEdgePixel() {
        RgbImage img = new RgbImage(2, 2);
        java.util.Arrays.fill(img.rgb, (byte) 200);
        float[] out = new float[8 * 8 * 3];
        RoiSampler.sample(img, new Roi(1, 1, 8, 0), 8, RoiSampler.Border.BLACK, 2f / 255, -1, out);
        assertEquals(-1, out[0], 1e-6);
        RoiSampler.sample(img, new Roi(1, 1, 8, 0), 8, RoiSampler.Border.REPLICATE, 1, 0, out);
        assertEquals(200, out[0], 1e-3);
    }

    /** The sampler and the landmark mapping must agree on the rotation's direction. */
    @Test
    void aDotSampledThroughARotatedRoiMapsBackToItsPlace() {
        RgbImage img = new RgbImage(200, 160);
        int dotX = 130, dotY = 60;
        img.set(dotX, dotY, 255, 255, 255);
        Roi roi = new Roi(100, 80, 120, 0.7f);
        int n = FaceMesh.SIZE;
        float[] out = new float[n * n * 3];
        RoiSampler.sample(img, roi, n, RoiSampler.Border.REPLICATE, 1, 0, out);
        int best = 0;
        for (int i = 0; i < n * n; i++) if (out[3 * i] > out[3 * best]) best = i;
        float[] p = FaceMesh.toImage(new float[] {best % n + 0.5f, best / n + 0.5f, 0}, roi);
        assertEquals(dotX + 0.5, p[0], 0.7);
        assertEquals(dotY + 0.5, p[1], 0.7);
    }
}
