package org.speech2lip.face;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoiTest {

    @Test
    void fromLandmarksRecoversTheRotation() {
        for (double angle : new double[] {0, 0.3, -0.5, 1.2}) {
            Roi roi = Roi.fromLandmarks(SyntheticFace.landmarks(300, 200, 12, angle));
            assertEquals(angle, roi.rotation(), 1e-3, "rotation " + angle);
        }
    }

    @Test
    void fromLandmarksIsOneAndAHalfTheirBoxAroundItsCentre() {
        float[] xyz = SyntheticFace.landmarks(300, 200, 12, 0);
        Detection box = Detection.around(xyz);
        Roi roi = Roi.fromLandmarks(xyz);
        assertEquals(1.5f * Math.max(box.width(), box.height()), roi.size(), 1e-3);
        assertEquals(box.xmin() + box.width() / 2, roi.cx(), 1e-3);
        assertEquals(box.ymin() + box.height() / 2, roi.cy(), 1e-3);
    }

    @Test
    void fromDetectionLevelsTheEyes() {
        float[] k = new float[2 * Detection.KEYPOINTS];
        k[0] = 100;
        k[1] = 100;
        k[2] = 150;
        k[3] = 150; // the eye on the right is lower: the face leans clockwise by 45°
        Roi roi = Roi.fromDetection(new Detection(0.9f, 80, 60, 120, 100, k));
        assertEquals(Math.PI / 4, roi.rotation(), 1e-6);
        assertEquals(180, roi.size(), 1e-4);
        assertEquals(140, roi.cx(), 1e-4);
        assertEquals(110, roi.cy(), 1e-4);
    }
}
