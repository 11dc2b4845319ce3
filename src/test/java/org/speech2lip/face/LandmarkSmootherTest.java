package org.speech2lip.face;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LandmarkSmootherTest {
    private static final double FPS = 25;

    /** A still 200 px face with 1 px of jitter on every coordinate. */
    private static float[][] jitteryStillFace(int frames, long seed) {
        float[] face = SyntheticFace.landmarks(256, 256, 12, 0);
        Random rnd = new Random(seed);
        float[][] track = new float[frames][];
        for (int t = 0; t < frames; t++) {
            track[t] = face.clone();
            for (int i = 0; i < face.length; i++) track[t][i] += (float) rnd.nextGaussian();
        }
        return track;
    }

    private static double rmsError(float[][] track, float[] truth) {
        double sum = 0;
        int n = 0;
        for (float[] f : track) {
            for (int i = 0; i < f.length; i++, n++) sum += (f[i] - truth[i]) * (f[i] - truth[i]);
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void reducesJitterOnAStillFace() {
        float[][] noisy = jitteryStillFace(100, 1);
        float[] truth = SyntheticFace.landmarks(256, 256, 12, 0);
        double before = rmsError(noisy, truth), after = rmsError(LandmarkSmoother.smooth(noisy, FPS), truth);
        assertTrue(after < 0.5 * before, "jitter " + before + " -> " + after);
    }

    @Test
    void followsAStepWithinAFewFrames() {
        float[] a = SyntheticFace.landmarks(200, 256, 12, 0), b = SyntheticFace.landmarks(260, 256, 12, 0);
        float[][] track = new float[40][];
        for (int t = 0; t < track.length; t++) track[t] = (t < 20 ? a : b).clone();
        float[][] smooth = LandmarkSmoother.smooth(track, FPS);
        // within 10 % of the 60 px jump three frames either side of it, and symmetric about it
        assertEquals(a[0], smooth[16][0], 6);
        assertEquals(b[0], smooth[23][0], 6);
        assertEquals(smooth[19][0] - a[0], b[0] - smooth[20][0], 1);
        assertEquals(a[0], smooth[0][0], 1e-3);
        assertEquals(b[0], smooth[39][0], 1e-3);
    }

    @Test
    void gapsStayGapsAndRunsAreFilteredApart() {
        float[][] track = jitteryStillFace(10, 2);
        track[4] = null;
        float[][] smooth = LandmarkSmoother.smooth(track, FPS);
        assertNull(smooth[4]);
        assertNotNull(smooth[3]);
        assertNotNull(smooth[5]);
    }

    @Test
    void fillGapsInterpolatesShortGapsAndHoldsTheEnds() {
        float[][] track = {null, {0, 0, 0}, null, null, null, {4, 8, -4}, null, null, null, null, {9, 9, 9}, null};
        float[][] filled = LandmarkSmoother.fillGaps(track, 3);
        assertArrayEquals(new float[] {0, 0, 0}, filled[0]);         // leading gap: held
        assertArrayEquals(new float[] {1, 2, -1}, filled[2], 1e-6f); // interior gap: linear
        assertArrayEquals(new float[] {3, 6, -3}, filled[4], 1e-6f);
        for (int t = 6; t < 10; t++) assertNull(filled[t]);          // 4 frames: too long
        assertArrayEquals(new float[] {9, 9, 9}, filled[11]);        // trailing gap: held
        assertNull(track[2], "the input is left as it was");
    }

    @Test
    void fillGapsLeavesAnEmptyTrackEmpty() {
        float[][] filled = LandmarkSmoother.fillGaps(new float[3][], 5);
        for (float[] f : filled) assertNull(f);
    }
}
