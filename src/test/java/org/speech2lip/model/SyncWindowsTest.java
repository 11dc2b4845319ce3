package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncWindowsTest {
    private static final int N = 40, H = 4, W = 6;

    /** Frame k's crop holds k in red, k + 100 in green, k + 200 in blue; its mel window holds k. */
    private static SyncWindows numbered() {
        byte[] crops = new byte[N * H * W * 3];
        float[] mel = new float[N * 16 * 80];
        for (int k = 0; k < N; k++) {
            for (int p = 0; p < H * W; p++) {
                for (int c = 0; c < 3; c++) crops[(k * H * W + p) * 3 + c] = (byte) (k + 100 * c);
            }
            for (int i = 0; i < 16 * 80; i++) mel[k * 16 * 80 + i] = k;
        }
        return new SyncWindows(crops, mel, N, H, W, 36);
    }

    @Test
    void channelThreeIPlusCIsColourCOfFrameKPlusI() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncWindows w = numbered();
            NDArray faces = w.faces(m, new int[] {3, 20}).mul(255).round();
            for (int b = 0; b < 2; b++) {
                int k = b == 0 ? 3 : 20;
                for (int i = 0; i < 5; i++) {
                    for (int c = 0; c < 3; c++) {
                        NDArray plane = faces.get(b).get(3 * i + c);
                        assertEquals(k + i + 100 * c, plane.min().getFloat());
                        assertEquals(k + i + 100 * c, plane.max().getFloat());
                    }
                }
            }
            NDArray mel = w.mel(m, new int[] {7});
            assertEquals(7f, mel.min().getFloat());
            assertEquals(7f, mel.max().getFloat());
        }
    }

    @Test
    void otherClipsComeFirstAndTrainWhileTheTestSplitStaysLast() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncWindows subject = numbered(), other = numbered();
            SyncWindows all = subject.withTrainingFrom(java.util.List.of(other));
            assertEquals(2 * N, all.frames());
            assertEquals(N + 36, all.trainFrames(), "the other clip's 40 frames and the subject's 36 training frames");
            NDArray mel = all.mel(m, new int[] {5, N + 5, 2 * N - 1});
            assertEquals(5f, mel.get(0).max().getFloat());
            assertEquals(5f, mel.get(1).max().getFloat(), "the subject's frame 5 now sits at 45");
            assertEquals(N - 1f, mel.get(2).max().getFloat(), "the test split ends the windows as before");
            assertEquals(5 + 200f, all.faces(m, new int[] {N + 5}).get(0).get(2).mul(255).round().max().getFloat(), "its crop moved with it");
            assertThrows(IllegalArgumentException.class, () -> subject.withTrainingFrom(java.util.List.of(other.resized(2, 3))));
        }
    }

    @Test
    void shiftedAudioIsAtLeastFiveFramesAwayAndInRange() {
        SplittableRandom rnd = new SplittableRandom(1);
        int near = 0;
        for (int t = 0; t < 2000; t++) {
            int k = rnd.nextInt(36 - 4);
            int j = SyncWindows.shifted(k, 0, 36, rnd);
            assertTrue(Math.abs(j - k) >= 5 && j >= 0 && j <= 31, k + " -> " + j);
            if (Math.abs(j - k) <= 12) near++;
        }
        assertTrue(near > 1000, "about half are near misses, plus the random ones that land near: " + near);
        assertThrows(IllegalArgumentException.class, () -> SyncWindows.shifted(2, 0, 10, rnd));
    }
}
