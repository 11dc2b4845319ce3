package org.speech2lip.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.Npy;
import org.speech2lip.UserError;
import org.speech2lip.geometry.Pose;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthSubjectTest {

    @Test
    void posesStayWithinTheConfiguredMotion() {
        SynthSpec spec = SynthSpec.DEFAULT.withSize(64, 64);
        SynthSubject s = new SynthSubject(spec);
        double[] maxAngle = new double[3];
        for (int k = 0; k < spec.frames(); k++) {
            double[] ypr = s.head(k).pose().yawPitchRollDegrees();
            for (int a = 0; a < 3; a++) maxAngle[a] = Math.max(maxAngle[a], Math.abs(ypr[a]));
            double[] neck = s.head(k).pose().apply(HeadRenderer.NECK_PIVOT);
            assertTrue(Math.abs(neck[0]) <= 1.0001 && Math.abs(neck[1] - 6.5) <= 1.0001 && Math.abs(neck[2] - 48.5) <= 1.5001);
        }
        assertTrue(maxAngle[0] <= 8.0001 && maxAngle[1] <= 5.0001 && maxAngle[2] <= 3.0001);
        // and it does move: a good part of each amplitude is used over 20 s
        assertTrue(maxAngle[0] > 2.4 && maxAngle[1] > 1.5 && maxAngle[2] > 0.9, java.util.Arrays.toString(maxAngle));
    }

    @Test
    void headLeavesTheFrameWhenAsked() {
        SynthSpec spec = SynthSpec.FACE_LEAVES.withSize(64, 64).withSeconds(4);
        SynthSubject s = new SynthSubject(spec);
        float[] middle = s.landmarks(spec.frames() / 2), start = s.landmarks(0);
        for (int i = 0; i < middle.length; i += 2) assertTrue(middle[i] > 64, "out of frame mid-clip");
        for (int i = 0; i < start.length; i += 2) assertTrue(start[i] > 0 && start[i] < 64, "in frame at the start");
    }

    @Test
    void writesClipAndGroundTruth(@TempDir Path dir) throws Exception {
        SynthSpec spec = SynthSpec.DEFAULT.withSize(128, 128).withSeconds(2).withSeed(9);
        Path mp4 = dir.resolve("synth.mp4");
        GroundTruth truth = SynthSubject.generate(spec, mp4);
        assertTrue(Files.size(mp4) > 1000);
        assertEquals(50, truth.frames());
        assertArrayEquals(new int[] {50, 468, 2}, Npy.read(GroundTruth.landmarksPath(mp4)).shape());
        GroundTruth back = GroundTruth.read(mp4);
        assertEquals(truth.text(), back.text());
        assertEquals(truth.focal(), back.focal());
        assertArrayEquals(truth.landmarks(), back.landmarks());
        assertArrayEquals(truth.poses(), back.poses());
        assertArrayEquals(truth.mouthOpening(), back.mouthOpening());
        Pose p = back.pose(10);
        double[] uv = back.camera().project(p.apply(new double[] {0, 0.46, -7.59}));
        assertEquals(back.landmarks(10)[2 * 4], uv[0], 0.05, "landmark 4 (nose tip) is the posed vertex projected");
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no partial files left behind");
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(UserError.class, () -> SynthSpec.DEFAULT.withSize(63, 64));
        assertThrows(UserError.class, () -> SynthSpec.DEFAULT.withSeconds(0));
    }
}
