package org.speech2lip.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MouthMotionTest {
    private static double[] wave(int n, double amplitude, int delay) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.2 + amplitude * Math.sin(0.5 * (i - delay)) + 0.3 * amplitude * Math.sin(0.17 * (i - delay));
        return v;
    }

    @Test
    void findsTheLagTheSpreadAndTheJitter() {
        double[] real = wave(200, 0.1, 0), early = wave(200, 0.05, -2);
        double[] spreading = wave(200, 0.02, 0);
        MouthMotion m = MouthMotion.of(early, spreading, real, spreading);
        assertEquals(2, m.bestLag(), "the method's mouth moves 2 frames before the real one");
        assertEquals(1, m.openingRAtLag(), 1e-9);
        assertTrue(m.openingR() < 0.7, "at lag 0 it is off: " + m.openingR());
        assertEquals(0.5, m.spreadRatio(), 1e-3);
        assertEquals(1, m.spreadingR(), 1e-9);
        assertEquals(0, MouthMotion.jitter(new double[] {0.1, 0.2, 0.3, 0.4}), 1e-12, "steady motion is not jitter");
        assertEquals(0.2, MouthMotion.jitter(new double[] {0.1, 0.2, 0.1, 0.2}), 1e-12);
    }

    @Test
    void framesWithoutAFaceAreLeftOut() {
        double[] real = wave(100, 0.1, 0), made = real.clone();
        made[10] = Double.NaN;
        made[50] = Double.NaN;
        MouthMotion m = MouthMotion.of(made, made, real, real);
        assertEquals(1, m.openingR(), 1e-9);
        assertEquals(0, m.bestLag());
        assertTrue(Double.isFinite(m.jitter()));
    }
}
