package org.speech2lip.face;

import org.speech2lip.media.RgbImage;

/**
 * Resamples a rotated square of an image into an n×n RGB float tensor (row-major, channels last)
 * by bilinear interpolation, the way MediaPipe's ImageToTensorCalculator feeds its models. Plain
 * array code: Java2D is slower and cannot write floats.
 */
final class RoiSampler {

    /** What lies outside the image: black (letterboxing) or the nearest edge pixel (face crops). */
    enum Border { BLACK, REPLICATE }

    private RoiSampler() {
    }

    /**
     * Fills {@code out} (n·n·3 floats) with {@code scale · value + offset} for every channel value
     * 0..255 sampled at the centres of the n×n grid laid over {@code roi}.
     */
    static void sample(RgbImage img, Roi roi, int n, Border border, float scale, float offset, float[] out) {
        final int w = img.width, h = img.height, stride = 3 * w;
        final byte[] px = img.rgb;
        double step = roi.size() / n;
        double cos = Math.cos(roi.rotation()), sin = Math.sin(roi.rotation());
        double ix = cos * step, iy = sin * step;   // image motion per output column
        double jx = -sin * step, jy = cos * step;  // image motion per output row
        double first = 0.5 - n / 2.0;              // grid index of the first pixel centre, from the roi centre
        // -0.5: pixel (i, j)'s sample sits at its centre (i + 0.5, j + 0.5)
        double rowX = roi.cx() - 0.5 + first * (ix + jx);
        double rowY = roi.cy() - 0.5 + first * (iy + jy);
        int o = 0;
        for (int j = 0; j < n; j++, rowX += jx, rowY += jy) {
            double x = rowX, y = rowY;
            for (int i = 0; i < n; i++, x += ix, y += iy, o += 3) {
                int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
                float fx = (float) (x - x0), fy = (float) (y - y0);
                float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    int p = y0 * stride + 3 * x0;
                    for (int c = 0; c < 3; c++, p++) {
                        float v = w00 * (px[p] & 0xff) + w10 * (px[p + 3] & 0xff)
                                + w01 * (px[p + stride] & 0xff) + w11 * (px[p + stride + 3] & 0xff);
                        out[o + c] = scale * v + offset;
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        float v = w00 * texel(img, x0, y0, c, border) + w10 * texel(img, x0 + 1, y0, c, border)
                                + w01 * texel(img, x0, y0 + 1, c, border) + w11 * texel(img, x0 + 1, y0 + 1, c, border);
                        out[o + c] = scale * v + offset;
                    }
                }
            }
        }
    }

    private static int texel(RgbImage img, int x, int y, int c, Border border) {
        if (x >= 0 && y >= 0 && x < img.width && y < img.height) return img.get(x, y, c);
        if (border == Border.BLACK) return 0;
        return img.get(Math.min(Math.max(x, 0), img.width - 1), Math.min(Math.max(y, 0), img.height - 1), c);
    }
}
