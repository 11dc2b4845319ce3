package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoseSolverTest {
    private static final int SIZE = 512;
    private static final Camera CAM = Camera.centred(1.2 * SIZE, SIZE, SIZE);
    private final PoseSolver solver = new PoseSolver(Synthetic.MODEL);

    @Test
    void recoversKnownPosesFromNoisyLandmarks() {
        Random rnd = new Random(1);
        double z = Synthetic.distance(CAM.focal(), SIZE, 0.4);
        for (int k = 0; k < 40; k++) {
            Pose truth = Pose.fromYawPitchRollDegrees(60 * rnd.nextDouble() - 30, 40 * rnd.nextDouble() - 20,
                    30 * rnd.nextDouble() - 15, new double[] {4 * rnd.nextGaussian(), 3 * rnd.nextGaussian(), z});
            PoseSolver.Fit fit = solver.solve(CAM, Synthetic.landmarks(CAM, truth, 0.5, rnd), null);
            assertTrue(fit.pose().rotationDegreesTo(truth) < 0.5, "rotation error " + fit.pose().rotationDegreesTo(truth));
            assertEquals(truth.t()[2], fit.pose().t()[2], 0.03 * z);
            assertEquals(0.5 * Math.sqrt(2), fit.rmsPixels(), 0.25);
        }
    }

    @Test
    void openingTheMouthDoesNotMoveThePose() {
        Random rnd = new Random(2);
        Pose truth = Pose.fromYawPitchRollDegrees(15, -8, 5, new double[] {1, 2, Synthetic.distance(CAM.focal(), SIZE, 0.4)});
        float[] closed = Synthetic.landmarks(CAM, truth, 0.3, rnd);
        float[] open = closed.clone();
        // drop the lower lip and the jaw by up to 25 px, as speech does
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
            double y = Synthetic.MODEL.vertex(i)[1];
            if (y > 4.3) open[3 * i + 1] += (float) Math.min(25, 6 * (y - 4.3));
        }
        Pose a = solver.solve(CAM, closed, null).pose(), b = solver.solve(CAM, open, null).pose();
        assertTrue(a.rotationDegreesTo(b) < 0.2, "pose moved by " + a.rotationDegreesTo(b));
    }

    @Test
    void oneOutlierLandmarkDoesNotPullThePose() {
        Random rnd = new Random(3);
        Pose truth = Pose.fromYawPitchRollDegrees(-20, 10, 0, new double[] {0, 0, Synthetic.distance(CAM.focal(), SIZE, 0.4)});
        float[] lm = Synthetic.landmarks(CAM, truth, 0.5, rnd);
        int bad = CanonicalFaceModel.SPEECH_INSENSITIVE[0];
        lm[3 * bad] += 40;
        lm[3 * bad + 1] -= 30;
        Pose fit = solver.solve(CAM, lm, null).pose();
        assertTrue(fit.rotationDegreesTo(truth) < 0.5, "rotation error " + fit.rotationDegreesTo(truth));
    }

    @Test
    void startsFromAGivenPose() {
        Random rnd = new Random(4);
        Pose truth = Pose.fromYawPitchRollDegrees(25, 5, -3, new double[] {2, -1, Synthetic.distance(CAM.focal(), SIZE, 0.3)});
        Pose near = Pose.fromYawPitchRollDegrees(20, 0, 0, new double[] {0, 0, truth.t()[2] * 1.1});
        Pose fit = solver.solve(CAM, Synthetic.landmarks(CAM, truth, 0.2, rnd), near).pose();
        assertTrue(fit.rotationDegreesTo(truth) < 0.3);
    }
}
