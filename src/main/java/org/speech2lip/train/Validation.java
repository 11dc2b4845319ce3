package org.speech2lip.train;

import org.speech2lip.data.PreparePictures;
import org.speech2lip.data.SubjectData;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Mouth-region scores of the lip field on the subject's test split: its canonical lips, rendered on
 * the plain pixel grid, against the canonical (O2C) lip crops, over the crops' valid pixels only.
 * PSNR pools the squared error of all frames' valid RGB values (peak 1). SSIM is computed per RGB
 * channel and averaged; its local statistics use an 11-tap Gaussian window (σ 1.5) restricted to
 * valid pixels (renormalised by the window's valid weight, so invalid pixels and the crop border
 * count for nothing), C1 = 0.01², C2 = 0.03², and the map is averaged over valid pixels.
 */
public final class Validation {
    /** Test frames scored at most, evenly spaced: enough for a stable mean, quick beside training. */
    public static final int MAX_FRAMES = 50;
    private static final double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;
    private static final double[] WINDOW = gaussian(11, 1.5);

    /** Scores after {@code step} steps and {@code seconds} of training. */
    public record Result(int step, double seconds, double psnr, double ssim) {}

    /** Test frames shown in the lip strip. */
    private static final int STRIP_FRAMES = 8;

    private final SubjectData subject;
    private final int[] frames;
    private float[] latest;

    public Validation(SubjectData subject) {
        this.subject = subject;
        frames = testFrames(subject.trainFrames(), subject.frames());
    }

    /** The frames scored: all of [from, to), or {@link #MAX_FRAMES} evenly spaced over it. */
    static int[] testFrames(int from, int to) {
        int n = Math.min(MAX_FRAMES, to - from);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = from + (int) ((long) i * (to - from) / n);
        return out;
    }

    /** Scores the lips {@code render} gives for frames (N × 3 × h × w in [0, 1]) after the state's step. */
    public Result run(TrainState state, Function<int[], float[]> render) {
        int w = subject.lipBox().w(), h = subject.lipBox().h(), image = 3 * h * w;
        float[] out = render.apply(frames);
        latest = out;
        double squared = 0, ssim = 0;
        long values = 0, pixels = 0;
        for (int f = 0; f < frames.length; f++) {
            float[] rendered = new float[image], truth = new float[image];
            System.arraycopy(out, f * image, rendered, 0, image);
            byte[] rgb = subject.lipCrop(frames[f]).rgb, valid = subject.lipValid(frames[f]);
            for (int px = 0; px < h * w; px++) {
                for (int c = 0; c < 3; c++) truth[c * h * w + px] = (rgb[3 * px + c] & 0xff) / 255f;
            }
            squared += squaredError(rendered, truth, valid);
            ssim += ssimSum(rendered, truth, valid, h, w);
            long n = count(valid);
            values += 3 * n;
            pixels += n;
        }
        return new Result(state.step(), state.elapsedSeconds(), psnr(squared, values), pixels == 0 ? Double.NaN : ssim / pixels);
    }

    /**
     * The lip strip of the latest {@link #run}: up to 8 of its test frames, their real canonical lips
     * (the O2C ground truth) in the top row and the generated lips below, each tile at least 96 wide.
     */
    public BufferedImage lipStrip() {
        if (latest == null) throw new IllegalStateException("no validation has run");
        int w = subject.lipBox().w(), h = subject.lipBox().h(), plane = h * w, n = Math.min(STRIP_FRAMES, frames.length);
        List<BufferedImage> real = new ArrayList<>(), generated = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int f = i * frames.length / n;
            BufferedImage truth = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), made = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            byte[] rgb = subject.lipCrop(frames[f]).rgb;
            for (int px = 0; px < plane; px++) {
                truth.setRGB(px % w, px / w, (rgb[3 * px] & 0xff) << 16 | (rgb[3 * px + 1] & 0xff) << 8 | rgb[3 * px + 2] & 0xff);
                int[] c = new int[3];
                for (int ch = 0; ch < 3; ch++) c[ch] = Math.round(255 * Math.min(1, Math.max(0, latest[(3 * f + ch) * plane + px])));
                made.setRGB(px % w, px / w, c[0] << 16 | c[1] << 8 | c[2]);
            }
            real.add(truth);
            generated.add(made);
        }
        real.addAll(generated);
        return PreparePictures.grid(real, n, Math.max(96, w));
    }

    /** PSNR (dB, peak 1) of two 3-channel planar images over valid pixels. */
    static double psnr(float[] a, float[] b, byte[] valid) {
        return psnr(squaredError(a, b, valid), 3 * count(valid));
    }

    /** Mean SSIM of two 3-channel planar h × w images over valid pixels. */
    static double ssim(float[] a, float[] b, byte[] valid, int h, int w) {
        return ssimSum(a, b, valid, h, w) / count(valid);
    }

    private static double psnr(double squared, long values) {
        return 10 * Math.log10(values / Math.max(squared, 1e-12));
    }

    private static double squaredError(float[] a, float[] b, byte[] valid) {
        int plane = valid.length;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (valid[i % plane] == 0) continue;
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** The SSIM map summed over valid pixels, the channels' values averaged per pixel. */
    private static double ssimSum(float[] a, float[] b, byte[] valid, int h, int w) {
        int plane = h * w;
        double[] mask = new double[plane];
        for (int i = 0; i < plane; i++) mask[i] = valid[i] != 0 ? 1 : 0;
        double[] weight = blur(mask, h, w);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double[] x = new double[plane], y = new double[plane], xx = new double[plane], yy = new double[plane], xy = new double[plane];
            for (int i = 0; i < plane; i++) {
                double p = a[c * plane + i] * mask[i], q = b[c * plane + i] * mask[i];
                x[i] = p;
                y[i] = q;
                xx[i] = p * p;
                yy[i] = q * q;
                xy[i] = p * q;
            }
            x = blur(x, h, w);
            y = blur(y, h, w);
            xx = blur(xx, h, w);
            yy = blur(yy, h, w);
            xy = blur(xy, h, w);
            for (int i = 0; i < plane; i++) {
                if (mask[i] == 0) continue;
                double n = weight[i], mx = x[i] / n, my = y[i] / n;
                double vx = xx[i] / n - mx * mx, vy = yy[i] / n - my * my, cov = xy[i] / n - mx * my;
                sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2)) / 3;
            }
        }
        return sum;
    }

    private static long count(byte[] valid) {
        long n = 0;
        for (byte v : valid) if (v != 0) n++;
        return n;
    }

    /** Separable Gaussian filtering with zeros outside the image. */
    private static double[] blur(double[] img, int h, int w) {
        int r = WINDOW.length / 2;
        double[] rows = new double[img.length], out = new double[img.length];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double s = 0;
                for (int k = -r; k <= r; k++) if (i + k >= 0 && i + k < w) s += WINDOW[k + r] * img[j * w + i + k];
                rows[j * w + i] = s;
            }
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double s = 0;
                for (int k = -r; k <= r; k++) if (j + k >= 0 && j + k < h) s += WINDOW[k + r] * rows[(j + k) * w + i];
                out[j * w + i] = s;
            }
        }
        return out;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] g = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            g[i] = Math.exp(-Math.pow(i - size / 2, 2) / (2 * sigma * sigma));
            total += g[i];
        }
        for (int i = 0; i < size; i++) g[i] /= total;
        return g;
    }
}
