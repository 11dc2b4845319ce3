package org.speech2lip.render;

import org.junit.jupiter.api.Test;
import org.speech2lip.media.RgbImage;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatheredPasteTest {
    @Test
    void theInteriorIsTheWindowAndTheBorderFadesWithoutASeam() {
        FeatheredPaste paste = new FeatheredPaste(40, 30, 8);
        RgbImage frame = new RgbImage(100, 80);
        float[] white = new float[3 * 40 * 30];
        Arrays.fill(white, 1f);
        paste.paste(frame, white, 30, 20);
        int row = 35;
        // interior: the window; outside: the frame untouched
        assertEquals(255, frame.rgb[3 * (row * 100 + 50)] & 0xff);
        assertEquals(0, frame.rgb[3 * (row * 100 + 29)] & 0xff);
        assertEquals(0, frame.rgb[3 * (row * 100 + 70)] & 0xff);
        // across the left border the values rise monotonically in steps no larger than a quarter of the range
        int previous = 0;
        for (int x = 30; x < 40; x++) {
            int v = frame.rgb[3 * (row * 100 + x)] & 0xff;
            assertTrue(v >= previous && v - previous <= 64, "x " + x + ": " + previous + " -> " + v);
            previous = v;
        }
        assertTrue(paste.alpha(0, 15) < 0.05 && paste.alpha(8, 15) == 1);
    }

    @Test
    void windowsPartlyOutsideTheFrameAreClipped() {
        RgbImage frame = new RgbImage(20, 20);
        float[] grey = new float[3 * 16 * 16];
        Arrays.fill(grey, 0.5f);
        new FeatheredPaste(16, 16, 0).paste(frame, grey, -8, 12);
        assertEquals(128, frame.rgb[3 * (15 * 20 + 2)] & 0xff);
        assertEquals(0, frame.rgb[3 * (5 * 20 + 2)] & 0xff);
    }
}
