package org.speech2lip.eval;

import org.speech2lip.data.SubjectData;

/**
 * The retrieval baseline's choice: for a frame, the training frame whose 16 × 80 mel window is
 * nearest in Euclidean distance, so its lips are what the subject did for the most similar sound.
 */
public final class Retrieval {
    private Retrieval() {}

    /** For each frame in [from, to), the nearest training frame by mel window. */
    public static int[] nearestTrainingFrames(SubjectData subject, int from, int to) {
        int size = 16 * 80;
        float[] queries = new float[(to - from) * size];
        for (int k = from; k < to; k++) System.arraycopy(subject.mel(k), 0, queries, (k - from) * size, size);
        return nearestTrainingFrames(subject, queries, to - from);
    }

    /** For each of {@code n} mel windows (n × 16 × 80, e.g. another speaker's), the nearest training frame. */
    public static int[] nearestTrainingFrames(SubjectData subject, float[] queries, int n) {
        int train = subject.trainFrames(), size = 16 * 80;
        float[][] windows = new float[train][];
        for (int j = 0; j < train; j++) windows[j] = subject.mel(j);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            float[] query = java.util.Arrays.copyOfRange(queries, k * size, (k + 1) * size);
            double best = Double.MAX_VALUE;
            for (int j = 0; j < train; j++) {
                double d = 0;
                float[] w = windows[j];
                for (int t = 0; t < query.length && d < best; t++) {
                    double e = query[t] - w[t];
                    d += e * e;
                }
                if (d < best) {
                    best = d;
                    out[k] = j;
                }
            }
        }
        return out;
    }
}
