package org.speech2lip.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's weighted non-maximum suppression: the best remaining detection absorbs every other one
 * whose IoU with it exceeds the threshold, and the merged box and keypoints are the score-weighted
 * mean of the group (the score stays the best one's). Averaging steadies BlazeFace's many
 * overlapping anchors better than keeping only the top box.
 */
final class WeightedNms {

    private WeightedNms() {
    }

    static List<Detection> apply(List<Detection> detections, float iouThreshold) {
        List<Detection> remaining = new ArrayList<>(detections);
        remaining.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Detection best = remaining.get(0);
            List<Detection> group = new ArrayList<>();
            List<Detection> rest = new ArrayList<>();
            for (Detection d : remaining) (d == best || d.iou(best) > iouThreshold ? group : rest).add(d);
            kept.add(merge(best, group));
            remaining = rest;
        }
        return kept;
    }

    private static Detection merge(Detection best, List<Detection> group) {
        float total = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        float[] k = new float[best.keypoints().length];
        for (Detection d : group) {
            float s = d.score();
            total += s;
            x0 += s * d.xmin();
            y0 += s * d.ymin();
            x1 += s * d.xmax();
            y1 += s * d.ymax();
            for (int i = 0; i < k.length; i++) k[i] += s * d.keypoints()[i];
        }
        for (int i = 0; i < k.length; i++) k[i] /= total;
        return new Detection(best.score(), x0 / total, y0 / total, (x1 - x0) / total, (y1 - y0) / total, k);
    }
}
