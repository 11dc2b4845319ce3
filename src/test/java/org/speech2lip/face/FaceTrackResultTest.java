package org.speech2lip.face;

import org.junit.jupiter.api.Test;
import org.speech2lip.UserError;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceTrackResultTest {
    private static final float[] FACE = SyntheticFace.landmarks(128, 128, 8, 0);

    /** A 100-frame track whose frames [from, to) are missing. */
    private static float[][] trackMissing(int from, int to) {
        float[][] raw = new float[100][];
        for (int t = 0; t < raw.length; t++) raw[t] = t >= from && t < to ? null : FACE;
        return raw;
    }

    private static String error(FaceTrackResult r) {
        UserError e = assertThrows(UserError.class, () -> r.requireUsable("clip.mp4"));
        assertTrue(!e.getMessage().contains("\n"), "one line");
        return e.getMessage();
    }

    @Test
    void flagsDetectedInterpolatedAndMissingFrames() {
        FaceTrackResult r = FaceTrackResult.of(trackMissing(10, 15), 25, 4, 0);
        assertEquals(new TrackSummary(100, 95, 5, 0, 4, 0), r.summary());
        assertEquals(FaceTrackResult.INTERPOLATED, r.flags()[12]);
        assertEquals(FaceTrackResult.DETECTED, r.flags()[9]);
        assertArrayEquals(FACE, r.landmarks()[12], 1e-3f);
        assertDoesNotThrow(() -> r.requireUsable("clip.mp4"));

        FaceTrackResult gap = FaceTrackResult.of(trackMissing(10, 40), 25, 4, 0);
        assertEquals(FaceTrackResult.MISSING, gap.flags()[20]);
        assertEquals(null, gap.landmarks()[20]);
    }

    @Test
    void noFaceAtAll() {
        String m = error(FaceTrackResult.of(new float[50][], 25, 2, 0));
        assertEquals("No face found in clip.mp4: give a clip where one face looks at the camera", m);
    }

    @Test
    void faceMissingInTooManyFrames() {
        String m = error(FaceTrackResult.of(trackMissing(30, 60), 25, 4, 0));
        assertTrue(m.startsWith("The face is missing in 30% of clip.mp4"), m);
    }

    @Test
    void secondFaceInTooManyCheckedFrames() {
        assertDoesNotThrow(() -> FaceTrackResult.of(trackMissing(0, 0), 25, 10, 1).requireUsable("clip.mp4"));
        String m = error(FaceTrackResult.of(trackMissing(0, 0), 25, 10, 2));
        assertTrue(m.startsWith("Two faces in clip.mp4") && m.contains("--crop x,y,size"), m);
    }
}
