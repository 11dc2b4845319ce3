package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipBoxTest {
    private static final int SIZE = 512;
    private static final Camera CAM = Camera.centred(1.2 * SIZE, SIZE, SIZE);
    private static final double Z = Synthetic.distance(CAM.focal(), SIZE, 0.4);
    private static final Pose CANONICAL = Pose.fromYawPitchRollDegrees(3, -2, 1, new double[] {0.5, 1, Z});

    @Test
    void boxHoldsTheLipsAndChinAndHasRoundSizes() {
        float[] lm = Synthetic.landmarks(CAM, CANONICAL, 0, new Random(1));
        LipBox box = LipBox.compute(Synthetic.MODEL, CAM, lm, CANONICAL, new Pose[] {CANONICAL}, SIZE, SIZE);
        Rect r = box.lipBox();
        for (int i : CanonicalFaceModel.LIPS_OUTER) assertTrue(r.contains(lm[3 * i], lm[3 * i + 1]), "lip point " + i);
        // the chin area a dropped jaw reaches: about down to the closed-mouth chin
        assertTrue(r.y() + r.h() > lm[3 * 152 + 1] - 3);
        assertTrue(r.y() < lm[3 * 0 + 1] && r.y() > lm[3 * 2 + 1] - 10, "top between nose and upper lip");
        assertEquals(0, r.w() % 8);
        assertEquals(0, r.h() % 8);
        assertEquals(0, box.windowW() % 16);
        assertEquals(box.windowW(), box.windowH());
        assertTrue(box.windowW() >= 1.6 * Math.max(r.w(), r.h()));
        // in the canonical frame the window is centred on the box
        Rect win = box.window(0);
        assertEquals(r.x() + r.w() / 2.0, win.x() + win.w() / 2.0, 1);
        assertEquals(r.y() + r.h() / 2.0, win.y() + win.h() / 2.0, 1);
    }

    @Test
    void windowFollowsTheMouthAndStaysInsideTheImage() {
        float[] lm = Synthetic.landmarks(CAM, CANONICAL, 0, new Random(1));
        Pose turned = Pose.fromYawPitchRollDegrees(-15, 8, 4, new double[] {4, -3, Z * 1.1});
        Pose nearEdge = Pose.fromYawPitchRollDegrees(0, 0, 0, new double[] {-14, 12, Z});
        LipBox box = LipBox.compute(Synthetic.MODEL, CAM, lm, CANONICAL, new Pose[] {turned, nearEdge, null}, SIZE, SIZE);
        float[] moved = Synthetic.landmarks(CAM, turned, 0, new Random(1));
        double mx = 0, my = 0;
        for (int i : CanonicalFaceModel.LIPS_OUTER) {
            mx += moved[3 * i] / CanonicalFaceModel.LIPS_OUTER.length;
            my += moved[3 * i + 1] / CanonicalFaceModel.LIPS_OUTER.length;
        }
        Rect w0 = box.window(0);
        assertEquals(mx, w0.x() + w0.w() / 2.0, 0.1 * w0.w());
        assertEquals(my, w0.y() + w0.h() / 2.0, 0.15 * w0.h());
        for (int k = 0; k < 3; k++) assertTrue(box.window(k).inside(SIZE, SIZE), "window " + k + " " + box.window(k));
        assertEquals(0, box.window(1).x());   // pushed against the left edge
        assertEquals(box.window(2), LipBox.compute(Synthetic.MODEL, CAM, lm, CANONICAL, new Pose[] {CANONICAL}, SIZE, SIZE).window(0));
    }
}
