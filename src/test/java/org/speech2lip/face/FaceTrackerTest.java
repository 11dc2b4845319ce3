package org.speech2lip.face;

import org.junit.jupiter.api.Test;
import org.speech2lip.media.RgbImage;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceTrackerTest {

    @Test
    void blankFramesHaveNoFaceAndNoSecondFace() {
        RgbImage grey = new RgbImage(256, 256);
        Arrays.fill(grey.rgb, (byte) 90);
        try (FaceTracker tracker = new FaceTracker(ModelStore.standard(), 1)) {
            for (int t = 0; t < 3; t++) assertNull(tracker.track(grey));
            assertEquals(3, tracker.frames());
            assertEquals(1, tracker.framesChecked());
            assertEquals(0, tracker.framesWithSecondFace());
            assertTrue(tracker.detect(grey).isEmpty());
        }
    }

    @Test
    void meshOnAFlatImageReportsNoFace() {
        RgbImage grey = new RgbImage(256, 256);
        Arrays.fill(grey.rgb, (byte) 160);
        try (FaceMesh mesh = new FaceMesh(ModelStore.standard(), 1)) {
            Landmarks l = mesh.estimate(grey, new Roi(128, 128, 200, 0));
            assertEquals(3 * Landmarks.COUNT, l.xyz().length);
            assertTrue(l.presence() < FaceTracker.MIN_PRESENCE, "presence " + l.presence());
        }
    }
}
