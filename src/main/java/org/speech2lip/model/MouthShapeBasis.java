package org.speech2lip.model;

import org.speech2lip.geometry.LipShape;

import java.util.SplittableRandom;

/**
 * The few numbers a mouth shape is reduced to: the principal components of a subject's training
 * lip shapes ({@link LipShape}), each coefficient divided by its spread over those frames so all
 * are in the same units (z-scores). On the shared clips the first component is the opening
 * (r ≈ −0.92 with it), the second the spreading, and six reconstruct the opening at r > 0.99.
 * Computed again from the subject whenever a model opens, so it is deterministic and not stored.
 */
public final class MouthShapeBasis {
    private final double[] mean;
    private final double[][] components;
    private final double[] spread;

    private MouthShapeBasis(double[] mean, double[][] components, double[] spread) {
        this.mean = mean;
        this.components = components;
        this.spread = spread;
    }

    /** The first {@code k} components of {@code shapes[0, n)}, by power iteration with deflation. */
    public static MouthShapeBasis fit(double[][] shapes, int n, int k) {
        int d = LipShape.DIMS;
        double[] mean = new double[d];
        for (int f = 0; f < n; f++) for (int i = 0; i < d; i++) mean[i] += shapes[f][i] / n;
        double[][] cov = new double[d][d];
        for (int f = 0; f < n; f++) {
            for (int i = 0; i < d; i++) {
                double a = shapes[f][i] - mean[i];
                for (int j = 0; j < d; j++) cov[i][j] += a * (shapes[f][j] - mean[j]) / n;
            }
        }
        double[][] components = new double[k][];
        double[] spread = new double[k];
        SplittableRandom random = new SplittableRandom(1);
        for (int c = 0; c < k; c++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) v[i] = random.nextDouble() - 0.5;
            double value = 0;
            for (int iteration = 0; iteration < 500; iteration++) {
                double[] w = new double[d];
                for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) w[i] += cov[i][j] * v[j];
                value = Math.sqrt(dot(w, w));
                if (value == 0) break;
                for (int i = 0; i < d; i++) w[i] /= value;
                double change = 1 - Math.abs(dot(v, w));
                v = w;
                if (change < 1e-12) break;
            }
            // a fixed sign, so a component means the same in every run: its largest entry is positive
            int largest = 0;
            for (int i = 1; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[largest])) largest = i;
            if (v[largest] < 0) for (int i = 0; i < d; i++) v[i] = -v[i];
            components[c] = v;
            spread[c] = Math.sqrt(Math.max(value, 1e-18));
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cov[i][j] -= value * v[i] * v[j];
        }
        return new MouthShapeBasis(mean, components, spread);
    }

    public int components() {
        return components.length;
    }

    /** A shape's coefficients, in units of each component's spread. */
    public float[] coefficients(double[] shape) {
        float[] out = new float[components.length];
        for (int c = 0; c < out.length; c++) {
            double s = 0;
            for (int i = 0; i < mean.length; i++) s += (shape[i] - mean[i]) * components[c][i];
            out[c] = (float) (s / spread[c]);
        }
        return out;
    }

    /** The shape that coefficients stand for (the inverse of {@link #coefficients} within the components). */
    public double[] shape(float[] coefficients, int offset) {
        double[] out = mean.clone();
        for (int c = 0; c < components.length; c++) {
            double a = coefficients[offset + c] * spread[c];
            for (int i = 0; i < out.length; i++) out[i] += a * components[c][i];
        }
        return out;
    }

    /** The mean shape of the frames it was fitted on ({@link LipShape#DIMS} values). */
    public double[] mean() {
        return mean.clone();
    }

    /** How the shape moves per unit of coefficient {@code c}: the component times its spread. */
    public double[] motion(int c) {
        double[] out = components[c].clone();
        for (int i = 0; i < out.length; i++) out[i] *= spread[c];
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
