package org.speech2lip.eval;

import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

/**
 * Peak signal-to-noise ratio of two 8-bit RGB images over a region, in dB.
 *
 * <p>MSE = Σ (a − b)² / (3 · w · h) over the R, G and B values (0..255) of the region's w × h pixels,
 * and PSNR = 10 · log10(255² / MSE). The squared differences are summed exactly in integers, so the
 * only rounding is in the final division and logarithm. Range (0, +∞): about 48.1 dB for an error of
 * one grey level everywhere; identical regions give {@link Double#POSITIVE_INFINITY}, which callers
 * averaging over frames must cap.
 */
public final class Psnr {
    private Psnr() {
    }

    /** PSNR of a against b on the region's pixels; both images of one size, the region inside them. */
    public static double psnr(RgbImage a, RgbImage b, Rect region) {
        Regions.requirePair(a, b, region);
        long sum = 0;
        for (int y = region.y(); y < region.y() + region.h(); y++) {
            int start = (y * a.width + region.x()) * 3, end = start + region.w() * 3;
            for (int i = start; i < end; i++) {
                int d = (a.rgb[i] & 0xff) - (b.rgb[i] & 0xff);
                sum += d * d;
            }
        }
        if (sum == 0) return Double.POSITIVE_INFINITY;
        double mse = (double) sum / (3.0 * region.w() * region.h());
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
