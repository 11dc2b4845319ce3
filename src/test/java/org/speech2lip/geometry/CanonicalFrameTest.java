package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalFrameTest {
    private static final int SIZE = 512;
    private static final Camera CAM = Camera.centred(SIZE, SIZE, SIZE);

    /** Landmarks with the jaw moved so the inner-lip gap is {@code opening} × the mouth width. */
    static float[] face(Pose pose, double opening) {
        float[] lm = Synthetic.landmarks(CAM, pose, 0, new Random(0));
        double width = Math.hypot(lm[3 * 291] - lm[3 * 61], lm[3 * 291 + 1] - lm[3 * 61 + 1]);
        double shift = opening * width - (lm[3 * 14 + 1] - lm[3 * 13 + 1]);
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
            if (Synthetic.MODEL.vertex(i)[1] > 4.3) lm[3 * i + 1] += (float) shift;
        }
        return lm;
    }

    @Test
    void mouthOpeningIsTheLipGapOverTheMouthWidth() {
        Pose pose = new Pose(Pose.IDENTITY.r(), new double[] {0, 0, 60});
        assertEquals(0, CanonicalFrame.mouthOpening(face(pose, 0)), 1e-4);
        assertEquals(0.3, CanonicalFrame.mouthOpening(face(pose, 0.3)), 1e-4);
    }

    @Test
    void picksTheUsualPoseDuringAPause() {
        Random rnd = new Random(7);
        int n = 60, target = 23, lost = 21, blink = 45;
        Pose[] poses = new Pose[n];
        float[][] lm = new float[n][];
        boolean[] valid = new boolean[n];
        for (int k = 0; k < n; k++) {
            // the subject usually faces 6° to the side; frames wander around that; pauses at 0-8 and 18-28
            poses[k] = Pose.fromYawPitchRollDegrees(6 + 12 * rnd.nextGaussian(), -2 + 8 * rnd.nextGaussian(),
                    4 * rnd.nextGaussian(), new double[] {rnd.nextGaussian(), rnd.nextGaussian(), 60 + 2 * rnd.nextGaussian()});
            boolean pause = k <= 8 || (k >= 18 && k <= 28);
            lm[k] = face(poses[k], pause ? 0.01 * rnd.nextDouble() : 0.15 + 0.3 * rnd.nextDouble());
            valid[k] = true;
        }
        // the usual pose with an open mouth; the usual pose shut for one frame mid-speech (a "b");
        // the usual pose during a pause (the wanted one); a perfect frame whose face was lost
        poses[10] = Pose.fromYawPitchRollDegrees(6, -2, 0, new double[] {0, 0, 60});
        lm[10] = face(poses[10], 0.3);
        poses[blink] = Pose.fromYawPitchRollDegrees(6, -2, 0, new double[] {0, 0, 60});
        lm[blink] = face(poses[blink], 0.0);
        poses[target] = Pose.fromYawPitchRollDegrees(6.5, -2, 0.5, new double[] {0.2, 0, 60});
        lm[target] = face(poses[target], 0.0);
        poses[lost] = null;
        lm[lost] = null;
        valid[lost] = false;
        assertEquals(target, CanonicalFrame.choose(poses, lm, valid));
    }

    @Test
    void noValidFrameIsTheUsersProblem() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(org.speech2lip.UserError.class,
                () -> CanonicalFrame.choose(new Pose[2], new float[2][], new boolean[2]));
        assertTrue(e.getMessage().contains("face"));
    }
}
