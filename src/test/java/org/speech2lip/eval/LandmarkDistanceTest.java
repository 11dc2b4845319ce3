package org.speech2lip.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LandmarkDistanceTest {
    private static final float[] SQUARE = {10, 20, 30, 20, 30, 44, 10, 44};

    @Test
    void aTranslationIsNoDistance() {
        float[] moved = new float[SQUARE.length];
        for (int i = 0; i < SQUARE.length; i += 2) {
            moved[i] = SQUARE[i] + 7.25f;
            moved[i + 1] = SQUARE[i + 1] - 3.5f;
        }
        assertEquals(0.0, LandmarkDistance.lmd(SQUARE, moved), 1e-12);
    }

    @Test
    void oneMovedPointByHand() {
        float[] moved = SQUARE.clone();
        moved[4] += 3;
        moved[5] += 4;
        // the centroid moves by (3, 4) / 4 = (0.75, 1): the moved point is (2.25, 3) off, length 3.75,
        // the other three (−0.75, −1) off, length 1.25 each; mean (3.75 + 3 · 1.25) / 4 = 1.875
        assertEquals(1.875, LandmarkDistance.lmd(SQUARE, moved), 1e-12);
        assertEquals(1.875, LandmarkDistance.lmd(moved, SQUARE), 1e-12);
    }

    @Test
    void rejectsMismatchedSets() {
        assertThrows(IllegalArgumentException.class, () -> LandmarkDistance.lmd(SQUARE, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> LandmarkDistance.lmd(new float[3], new float[3]));
    }
}
