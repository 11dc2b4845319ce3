package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadPoseStatsTest {

    /** Poses turning in yaw by the given steps (degrees), at a fixed pitch. */
    private static Pose[] turning(double... steps) {
        Pose[] poses = new Pose[steps.length + 1];
        double yaw = 0;
        for (int k = 0; k < poses.length; k++) {
            poses[k] = Pose.fromYawPitchRollDegrees(yaw, 2, 0, new double[] {0, 0, 50});
            if (k < steps.length) yaw += steps[k];
        }
        return poses;
    }

    @Test
    void medianAndNinetyNinthPercentileOfFrameSteps() {
        double[] steps = new double[100];
        java.util.Arrays.fill(steps, 0.5);
        steps[40] = 3;
        steps[70] = 10;
        HeadPoseStats s = HeadPoseStats.of(turning(steps));
        assertEquals(0.5, s.medianDegrees(), 1e-9);
        // sorted: 98 × 0.5, 3, 10; position 0.99 × 99 = 98.01 lies between 3 and 10
        assertEquals(3 + 0.01 * 7, s.p99Degrees(), 1e-9);
    }

    @Test
    void framesWithoutPoseAddNoStep() {
        Pose[] poses = turning(1, 20, 1);
        poses[2] = null;   // the 20° jump is never seen: only 0→1 remains
        HeadPoseStats s = HeadPoseStats.of(poses);
        assertEquals(1, s.medianDegrees(), 1e-9);
        assertEquals(1, s.p99Degrees(), 1e-9);
        assertTrue(Double.isNaN(HeadPoseStats.of(new Pose[] {Pose.IDENTITY}).medianDegrees()));
    }
}
