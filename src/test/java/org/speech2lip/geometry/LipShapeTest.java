package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipShapeTest {
    private static final Camera CAMERA = Camera.centred(1000, 512, 512);

    @Test
    void theSameMouthHasTheSameShapeInAnyPose() {
        double[] t = {0, 0, Synthetic.distance(CAMERA.focal(), 512, 0.6)};
        double[] frontal = LipShape.of(Synthetic.landmarks(CAMERA, Pose.fromYawPitchRollDegrees(0, 0, 0, t), 0, new Random(1)), 0,
                Pose.fromYawPitchRollDegrees(0, 0, 0, t), CAMERA);
        double size = 0;
        for (double v : frontal) size = Math.max(size, Math.abs(v));
        for (double[] ypr : new double[][] {{20, 0, 0}, {0, 15, 0}, {-10, -8, 12}}) {
            Pose pose = Pose.fromYawPitchRollDegrees(ypr[0], ypr[1], ypr[2], new double[] {2, -1, t[2] * 1.2});
            double[] turned = LipShape.of(Synthetic.landmarks(CAMERA, pose, 0, new Random(1)), 0, pose, CAMERA);
            double worst = 0;
            for (int i = 0; i < frontal.length; i++) worst = Math.max(worst, Math.abs(turned[i] - frontal[i]));
            // weak perspective: a few percent of the mouth's size, far below what speech moves
            assertTrue(worst < 0.06 * size, "pose " + java.util.Arrays.toString(ypr) + ": off by " + worst + " cm of " + size);
        }
        assertEquals(LipShape.DIMS, frontal.length);
    }

    @Test
    void openingIsTheInnerGapOverTheMouthWidth() {
        double[] shape = new double[LipShape.DIMS];
        // corners at x = ±2.5 cm, inner midpoints 1 cm apart
        shape[0] = -2.5;
        shape[20] = 2.5;
        shape[2 * 25 + 1] = 0.2;
        shape[2 * 35 + 1] = 1.2;
        assertEquals(0.2, LipShape.opening(shape), 1e-12);
    }
}
