package org.speech2lip.face;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WeightedNmsTest {

    private static Detection box(float score, float x, float y, float size) {
        float[] k = new float[2 * Detection.KEYPOINTS];
        for (int i = 0; i < k.length; i += 2) {
            k[i] = x;
            k[i + 1] = y;
        }
        return new Detection(score, x, y, size, size, k);
    }

    @Test
    void mergesOverlappingBoxesByScoreAndKeepsSeparateOnes() {
        List<Detection> out = WeightedNms.apply(List.of(
                box(0.6f, 14, 10, 100), box(0.9f, 10, 10, 100), box(0.8f, 400, 300, 50)), 0.3f);
        assertEquals(2, out.size());
        Detection merged = out.get(0);
        assertEquals(0.9f, merged.score(), 0);
        assertEquals((0.9f * 10 + 0.6f * 14) / 1.5f, merged.xmin(), 1e-4);
        assertEquals(100, merged.width(), 1e-4);
        assertEquals(merged.xmin(), merged.keypoints()[0], 1e-4);
        assertEquals(400, out.get(1).xmin(), 0);
    }

    @Test
    void boxesBelowTheIouThresholdStayApart() {
        // side by side, overlapping by a quarter of their width: IoU = 25/175 < 0.3
        List<Detection> out = WeightedNms.apply(List.of(box(0.9f, 0, 0, 100), box(0.8f, 75, 0, 100)), 0.3f);
        assertEquals(2, out.size());
    }
}
