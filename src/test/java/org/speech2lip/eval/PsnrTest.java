package org.speech2lip.eval;

import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PsnrTest {
    /** Mid-grey with ±d added to every byte of the region, the sign at random: MSE over the region is d². */
    private static RgbImage plusMinus(RgbImage img, Rect region, int d, Random rnd) {
        RgbImage out = img.copy();
        for (int y = region.y(); y < region.y() + region.h(); y++) {
            for (int x = region.x(); x < region.x() + region.w(); x++) {
                int i = (y * img.width + x) * 3;
                for (int c = 0; c < 3; c++) out.rgb[i + c] = (byte) ((img.rgb[i + c] & 0xff) + (rnd.nextBoolean() ? d : -d));
            }
        }
        return out;
    }

    @Test
    void knownNoiseGivesTheFormula() {
        RgbImage a = Images.grey(32, 32, 128);
        Rect all = Rect.of(32, 32);
        for (int d : new int[] {1, 3, 17, 100}) {
            RgbImage b = plusMinus(a, all, d, new Random(d));
            assertEquals(10 * Math.log10(255.0 * 255.0 / (d * d)), Psnr.psnr(a, b, all), 1e-9, "d = " + d);
            assertEquals(Psnr.psnr(a, b, all), Psnr.psnr(b, a, all), 0, "symmetric");
        }
    }

    @Test
    void identicalImagesAreInfinite() {
        RgbImage a = Images.random(20, 10, new Random(1));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.psnr(a, a.copy(), Rect.of(20, 10)));
    }

    @Test
    void onlyTheRegionsPixelsCount() {
        RgbImage a = Images.grey(32, 32, 128);
        Rect region = new Rect(5, 7, 10, 12);
        RgbImage b = plusMinus(a, region, 4, new Random(2));
        // the whole image's MSE is the region's d² diluted by the untouched pixels
        assertEquals(10 * Math.log10(255.0 * 255.0 / 16), Psnr.psnr(a, b, region), 1e-9);
        assertEquals(10 * Math.log10(255.0 * 255.0 / (16.0 * 120 / 1024)), Psnr.psnr(a, b, Rect.of(32, 32)), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.psnr(a, b, new Rect(15, 0, 17, 32)), "a region beside the noise");
    }

    @Test
    void rejectsMismatchedImagesAndOutsideRegions() {
        RgbImage a = Images.grey(32, 32, 1);
        assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(a, Images.grey(32, 31, 1), Rect.of(32, 31)));
        assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(a, a, new Rect(30, 0, 4, 4)));
    }
}
