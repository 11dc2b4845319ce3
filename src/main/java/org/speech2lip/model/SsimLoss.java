package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Differentiable structural similarity (SSIM, Wang et al. 2004) of image batches, as a training
 * term: {@link #ssim} and {@link #loss} = 1 − SSIM.
 *
 * <p>Inputs are (B, C, H, W) in [0, 1] (data range 1, so C1 = 0.01², C2 = 0.03²). Local means,
 * variances and covariance are weighted by a normalised 11-tap Gaussian window of σ = 1.5 applied
 * to each channel on its own, and the SSIM map is averaged over batch, channels and the "valid"
 * positions only (windows that fit inside the image, no padding), so H and W must be at least 11.
 * Variances are population (biased) ones, with no N/(N − 1) factor, as in Wang's implementation;
 * this equals skimage's {@code structural_similarity(gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=1)} averaged over channels (skimage's default
 * {@code use_sample_covariance=True} would scale the variances by 121/120).
 *
 * <p>The window runs as two depthwise 1-D convolutions (rows, then columns) over the five maps x,
 * y, x², y², xy stacked on the channel axis. Every factor on the gradient path is an array of the
 * inputs' manager, never a Java number (the DJL 0.32 pitfall in the package doc), and every
 * intermediate array belongs to that manager, so the caller's step scope frees them.
 */
public final class SsimLoss {
    /** Window taps (odd) and Gaussian σ of Wang et al. */
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    private SsimLoss() {
    }

    /** 1 − {@link #ssim}: a scalar, 0 for identical images. */
    public static NDArray loss(NDArray x, NDArray y) {
        return ssim(x, y).neg().add(1);
    }

    /** Mean SSIM of x and y, (B, C, H, W) each with H, W ≥ 11: a scalar. */
    public static NDArray ssim(NDArray x, NDArray y) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4 || !shape.equals(y.getShape())) {
            throw new IllegalArgumentException("need two (B, C, H, W) batches of one shape, got " + shape + " and " + y.getShape());
        }
        if (shape.get(2) < WINDOW || shape.get(3) < WINDOW) {
            throw new IllegalArgumentException("SSIM needs H and W of at least " + WINDOW + ", got " + shape);
        }
        long c = shape.get(1);
        NDArray stats = filter(x.concat(y, 1).concat(x.mul(x), 1).concat(y.mul(y), 1).concat(x.mul(y), 1), 5 * c);
        NDArray muX = stats.get(":, 0:{}", c), muY = stats.get(":, {}:{}", c, 2 * c);
        NDArray muXX = muX.mul(muX), muYY = muY.mul(muY), muXY = muX.mul(muY);
        NDArray varX = stats.get(":, {}:{}", 2 * c, 3 * c).sub(muXX);
        NDArray varY = stats.get(":, {}:{}", 3 * c, 4 * c).sub(muYY);
        NDArray cov = stats.get(":, {}:", 4 * c).sub(muXY);
        NDArray numerator = muXY.add(muXY).add(C1).mul(cov.add(cov).add(C2));
        NDArray denominator = muXX.add(muYY).add(C1).mul(varX.add(varY).add(C2));
        return numerator.div(denominator).mean();
    }

    /** Valid-region Gaussian window of each of the {@code channels} maps, as separable row and column passes. */
    private static NDArray filter(NDArray maps, long channels) {
        NDManager m = maps.getManager();
        NDArray taps = m.create(gaussian()).toType(maps.getDataType(), false);
        NDArray rows = taps.reshape(1, 1, 1, WINDOW).repeat(0, channels);
        NDArray cols = taps.reshape(1, 1, WINDOW, 1).repeat(0, channels);
        Shape one = new Shape(1, 1), none = new Shape(0, 0);
        NDArray horizontal = Conv2d.conv2d(maps, rows, null, one, none, one, (int) channels).singletonOrThrow();
        return Conv2d.conv2d(horizontal, cols, null, one, none, one, (int) channels).singletonOrThrow();
    }

    /** The 1-D Gaussian taps, summing to 1 (their outer product is the normalised 2-D window). */
    private static double[] gaussian() {
        double[] w = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            w[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += w[i];
        }
        for (int i = 0; i < WINDOW; i++) w[i] /= sum;
        return w;
    }
}
