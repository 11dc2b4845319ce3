package org.speech2lip.eval;

import org.speech2lip.media.RgbImage;

import java.util.Arrays;
import java.util.Random;

/** Test images for the measures. */
final class Images {
    private Images() {
    }

    static RgbImage grey(int width, int height, int value) {
        RgbImage img = new RgbImage(width, height);
        Arrays.fill(img.rgb, (byte) value);
        return img;
    }

    /** Smooth colour blobs, so that SSIM has structure to lose. */
    static RgbImage smooth(int width, int height) {
        RgbImage img = new RgbImage(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] v = new int[3];
                for (int c = 0; c < 3; c++) v[c] = (int) Math.round(128 + 90 * Math.sin(0.3 * y + c) * Math.cos(0.25 * x - c));
                img.set(x, y, v[0], v[1], v[2]);
            }
        }
        return img;
    }

    static RgbImage random(int width, int height, Random rnd) {
        RgbImage img = new RgbImage(width, height);
        rnd.nextBytes(img.rgb);
        return img;
    }

    /** The image plus strength × the given standard-normal noise per byte, rounded and clamped to 0..255. */
    static RgbImage noisy(RgbImage img, double[] noise, double strength) {
        RgbImage out = img.copy();
        for (int i = 0; i < out.rgb.length; i++) {
            long v = Math.round((img.rgb[i] & 0xff) + strength * noise[i]);
            out.rgb[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return out;
    }

    static double[] gaussian(int n, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        return v;
    }
}
