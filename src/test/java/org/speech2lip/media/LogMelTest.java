package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogMelTest {
    @Test
    void frameCountIsOnePlusSamplesOverHop() {
        assertEquals(1 + 16000 / 200, LogMel.compute(new float[16000]).length);
        assertEquals(1 + 16123 / 200, LogMel.compute(new float[16123]).length);
        assertEquals(80, LogMel.compute(new float[1000])[0].length);
    }

    @Test
    void silenceIsTheFloor() {
        for (float[] frame : LogMel.compute(new float[4000])) {
            for (float v : frame) {
                assertEquals(-4f, v);
            }
        }
    }

    @Test
    void toneIsLoudestInTheBandCentredNearIt() {
        float[][] mel = LogMel.compute(Clips.sine(1000, 1.0, 16000, 0.5));
        float[] frame = mel[mel.length / 2];
        int loudest = 0;
        for (int m = 1; m < 80; m++) {
            if (frame[m] > frame[loudest]) loudest = m;
        }
        assertEquals(nearestBand(1000), loudest);
        assertTrue(frame[loudest] > 0, "a half-scale tone is well above the floor of -4");
    }

    /** The band whose centre is nearest hz; centres are 80 steps between 55 and 7600 Hz on Slaney's mel scale. */
    private static int nearestBand(double hz) {
        double lo = slaneyMel(55);
        double hi = slaneyMel(7600);
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int m = 0; m < 80; m++) {
            double mel = lo + (hi - lo) * (m + 1) / 81;
            double centre = mel < 15 ? mel / 0.015 : 1000 * Math.pow(6.4, (mel - 15) / 27);
            if (Math.abs(centre - hz) < bestDistance) {
                bestDistance = Math.abs(centre - hz);
                best = m;
            }
        }
        return best;
    }

    private static double slaneyMel(double hz) {
        return hz < 1000 ? 0.015 * hz : 15 + 27 * Math.log(hz / 1000) / Math.log(6.4);
    }

    @Test
    void windowsStartAtEightyMelFramesPerSecond() {
        float[][] mel = new float[40][80];
        for (int t = 0; t < mel.length; t++) {
            mel[t][0] = t;
        }
        float[][][] windows = LogMel.windowsPerFrame(mel, 10, 25);
        assertEquals(10, windows.length);
        assertEquals(16, windows[0].length);
        assertEquals(80, windows[0][0].length);
        assertEquals(0, windows[0][0][0]);
        assertEquals(3, windows[1][0][0]);
        assertEquals(6, windows[2][0][0]);
        assertEquals(21, windows[2][15][0]);
        // Frame 9 starts at mel frame 28: rows 28..39, then the last frame repeated.
        float[] firstColumn = new float[16];
        for (int i = 0; i < 16; i++) {
            firstColumn[i] = windows[9][i][0];
        }
        assertArrayEquals(new float[] {28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 39, 39, 39, 39}, firstColumn);
    }
}
