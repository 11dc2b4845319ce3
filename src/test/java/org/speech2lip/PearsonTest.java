package org.speech2lip;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PearsonTest {
    private static double[] random(int n, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        return v;
    }

    @Test
    void perfectAntiAndUndefined() {
        double[] a = random(50, 1), up = new double[50], down = new double[50];
        for (int i = 0; i < 50; i++) {
            up[i] = 2.5 * a[i] + 7;
            down[i] = -0.3 * a[i] + 1;
        }
        assertEquals(1.0, Pearson.correlation(a, up), 1e-12);
        assertEquals(-1.0, Pearson.correlation(a, down), 1e-12);
        double[] constant = new double[50];
        Arrays.fill(constant, 0.1);
        assertTrue(Double.isNaN(Pearson.correlation(a, constant)));
        assertTrue(Double.isNaN(Pearson.correlation(constant, a)));
        double unrelated = Pearson.correlation(a, random(50, 2));
        assertTrue(Math.abs(unrelated) < 0.4, "independent noise is weakly correlated: " + unrelated);
    }

    @Test
    void offsetFindsAPlantedShift() {
        double[] a = random(200, 3);
        for (int shift : new int[] {3, -2, 0}) {
            double[] b = random(200, 4 + shift);
            for (int i = 0; i < 200; i++) {
                if (i + shift >= 0 && i + shift < 200) b[i + shift] = a[i];
            }
            assertEquals(OptionalInt.of(shift), Pearson.offset(a, b, 6), "b[i + " + shift + "] = a[i]");
        }
    }

    @Test
    void offsetIsEmptyWithoutADefinedCorrelation() {
        assertEquals(OptionalInt.empty(), Pearson.offset(random(30, 5), new double[30], 4));
    }
}
