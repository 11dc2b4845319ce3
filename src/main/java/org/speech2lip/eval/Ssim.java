package org.speech2lip.eval;

import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

/**
 * Structural similarity (SSIM, Wang et al. 2004) of two 8-bit RGB images over a region, with the
 * same convention as the training loss {@code org.speech2lip.model.SsimLoss}, so evaluation and
 * training numbers agree (a test holds them together; this class stays free of DJL).
 *
 * <p>Each of R, G and B is taken on its own as values in [0, 255] (data range L = 255, so
 * C1 = (0.01 L)² = 6.5025 and C2 = (0.03 L)² = 58.5225). Local means, variances and the covariance are
 * weighted by the normalised 11 × 11 Gaussian window of σ = 1.5 (outer product of 11 taps
 * exp(−d²/2σ²), d = −5..5, summing to 1); variances are population ones (no N/(N − 1) factor). The
 * SSIM map is evaluated at every "valid" position, i.e. every window lying wholly inside the region
 * (no padding, nothing outside the region is read), so the region needs w, h ≥ 11 and has
 * (w − 10)(h − 10) positions. The result is the mean over those positions and the three channels,
 * which equals the mean of the three per-channel means since every channel has the same positions.
 * This is skimage's {@code structural_similarity(gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255, channel_axis=-1)} on the cropped region, which also
 * averages only the positions whose window fits inside the image. Range [−1, 1]; 1 for identical
 * regions.
 */
public final class Ssim {
    private static final int WINDOW = 11, RADIUS = WINDOW / 2;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2), C2 = Math.pow(0.03 * 255, 2);
    private static final double[] TAPS = taps();

    private Ssim() {
    }

    /** SSIM of a and b on the region (at least 11 × 11); both images of one size, the region inside them. */
    public static double ssim(RgbImage a, RgbImage b, Rect region) {
        Regions.requirePair(a, b, region);
        if (region.w() < WINDOW || region.h() < WINDOW) {
            throw new IllegalArgumentException("SSIM needs a region of at least " + WINDOW + "x" + WINDOW + ", got " + region);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) sum += channel(a, b, region, c);
        return sum / 3;
    }

    /** Mean SSIM of one channel over the valid window positions. */
    private static double channel(RgbImage a, RgbImage b, Rect region, int c) {
        int w = region.w(), h = region.h(), n = w * h;
        double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int k = j * w + i;
                double p = a.get(region.x() + i, region.y() + j, c), q = b.get(region.x() + i, region.y() + j, c);
                x[k] = p;
                y[k] = q;
                xx[k] = p * p;
                yy[k] = q * q;
                xy[k] = p * q;
            }
        }
        int vw = w - 2 * RADIUS, vh = h - 2 * RADIUS;
        double[] mx = window(x, w, h), my = window(y, w, h), mxx = window(xx, w, h), myy = window(yy, w, h), mxy = window(xy, w, h);
        double sum = 0;
        for (int k = 0; k < vw * vh; k++) {
            double vx = mxx[k] - mx[k] * mx[k], vy = myy[k] - my[k] * my[k], cov = mxy[k] - mx[k] * my[k];
            sum += (2 * mx[k] * my[k] + C1) * (2 * cov + C2) / ((mx[k] * mx[k] + my[k] * my[k] + C1) * (vx + vy + C2));
        }
        return sum / (vw * vh);
    }

    /** The Gaussian-weighted mean of every valid 11 × 11 window of a w × h map, as a (w − 10) × (h − 10) map. */
    private static double[] window(double[] map, int w, int h) {
        int vw = w - 2 * RADIUS, vh = h - 2 * RADIUS;
        double[] rows = new double[vw * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < vw; i++) {
                double s = 0;
                for (int t = 0; t < WINDOW; t++) s += TAPS[t] * map[j * w + i + t];
                rows[j * vw + i] = s;
            }
        }
        double[] out = new double[vw * vh];
        for (int j = 0; j < vh; j++) {
            for (int i = 0; i < vw; i++) {
                double s = 0;
                for (int t = 0; t < WINDOW; t++) s += TAPS[t] * rows[(j + t) * vw + i];
                out[j * vw + i] = s;
            }
        }
        return out;
    }

    private static double[] taps() {
        double[] g = new double[WINDOW];
        double total = 0;
        for (int t = 0; t < WINDOW; t++) {
            double d = t - RADIUS;
            total += g[t] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
        }
        for (int t = 0; t < WINDOW; t++) g[t] /= total;
        return g;
    }
}
