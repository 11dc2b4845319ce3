package org.speech2lip.model;

import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.LipShape;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MouthShapeBasisTest {
    @Test
    void findsTheDirectionsShapesVaryAlongAndScalesThemToUnitSpread() {
        int d = LipShape.DIMS, n = 2000;
        Random random = new Random(3);
        double[] u = unit(random, d), v = unit(random, d), mean = new double[d];
        double dot = 0;
        for (int i = 0; i < d; i++) dot += u[i] * v[i];
        for (int i = 0; i < d; i++) v[i] -= dot * u[i];
        v = normalised(v);
        for (int i = 0; i < d; i++) mean[i] = random.nextGaussian();
        double[][] shapes = new double[n][d];
        double[] a = new double[n];
        for (int f = 0; f < n; f++) {
            a[f] = 2 * random.nextGaussian();
            double b = random.nextGaussian();
            for (int i = 0; i < d; i++) shapes[f][i] = mean[i] + a[f] * u[i] + b * v[i] + 0.01 * random.nextGaussian();
        }
        MouthShapeBasis basis = MouthShapeBasis.fit(shapes, n, 2);
        double sum = 0, square = 0, agreement = 0, wide = 0;
        for (double x : a) wide += x * x / n;
        for (int f = 0; f < n; f++) {
            float[] c = basis.coefficients(shapes[f]);
            sum += c[0];
            square += c[0] * c[0];
            agreement += c[0] * a[f];
            double[] back = basis.shape(c, 0);
            for (int i = 0; i < d; i++) assertEquals(shapes[f][i], back[i], 0.1, "frame " + f + " value " + i);
        }
        assertEquals(0, sum / n, 1e-6);
        assertEquals(1, square / n, 1e-3);
        // the first component is the wider one, up to sign
        double r = agreement / n / Math.sqrt(wide);
        assertTrue(Math.abs(r) > 0.99, "first component follows the wider direction: r " + r);
    }

    private static double[] unit(Random random, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = random.nextGaussian();
        return normalised(x);
    }

    private static double[] normalised(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) out[i] /= Math.sqrt(s);
        return out;
    }
}
