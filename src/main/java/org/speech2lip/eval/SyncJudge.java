package org.speech2lip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.SyncExpert;
import org.speech2lip.model.SyncExpertTrainer;
import org.speech2lip.model.SyncWindows;

import org.speech2lip.UserError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sync judge of {@code eval}: a {@link SyncExpert} trained afresh for the evaluation, with
 * another seed than the model's own frozen expert (whose judgement the model was trained to please),
 * on the subject's training split and every frame of any other subjects given (more voices and
 * faces make a judge that generalises; the subject's test split is never seen). It scores a run of lip crops against the audio the way
 * SyncNet does: for every audio offset in ±{@link #MAX_OFFSET} frames, the mean distance between the
 * embeddings of each five-frame lip window and the audio window so far away; the offset is the one
 * with the smallest distance, the confidence the median distance minus the smallest.
 */
public final class SyncJudge {
    public static final int MAX_OFFSET = 15;

    /** Where the lips and the sound agree best (frames; positive: the sound comes later), and how clearly. */
    public record Verdict(int offset, double confidence, double minDistance, double medianDistance) {}

    private final SyncExpert expert;
    private final NDManager manager;
    private final int height, width;
    private final SyncExpertTrainer.Evaluation heldOut;

    private SyncJudge(SyncExpert expert, NDManager manager, int height, int width, SyncExpertTrainer.Evaluation heldOut) {
        this.expert = expert;
        this.manager = manager;
        this.height = height;
        this.width = width;
        this.heldOut = heldOut;
    }

    /**
     * Trains a judge of the model's expert size on {@code subject}'s training split and all of
     * {@code others} with {@code seed} for at most {@code seconds} and {@code steps}, telling
     * {@code onStep} the steps done.
     */
    public static SyncJudge train(SubjectData subject, List<SubjectData> others, ModelConfig.Sync sizes, long seed, double seconds, int steps,
                                  NDManager manager, java.util.function.IntConsumer onStep) {
        int w = Math.min(sizes.imageSize(), subject.lipBox().w());
        int h = Math.min(subject.lipBox().h(), Math.max(16, Math.round((float) subject.lipBox().h() * w / subject.lipBox().w())));
        SyncExpert e = new SyncExpert(new SyncExpert.Config(h, w, sizes.baseChannels(), sizes.embedDims()));
        List<SyncWindows> extra = new ArrayList<>();
        for (SubjectData o : others) {
            if (o.path().toAbsolutePath().normalize().equals(subject.path().toAbsolutePath().normalize())) {
                throw new UserError(o.path() + " is the model's own subject: its test split must not train the judge; give other subjects");
            }
            if (o.lipBox().w() < w || o.lipBox().h() < h) {
                throw new UserError(o.path() + ": its lip crops (" + o.lipBox().w() + "x" + o.lipBox().h() + ") are smaller than the judge's ("
                        + w + "x" + h + "); leave it out");
            }
            extra.add(SyncWindows.of(o, h, w));
        }
        SyncWindows windows = SyncWindows.of(subject, h, w).withTrainingFrom(extra);
        SyncExpertTrainer.Result r = SyncExpertTrainer.train(e, manager, windows,
                new SyncExpertTrainer.Options(sizes.expertBatch(), 1e-3f, seconds, steps, seed, onStep));
        return new SyncJudge(e, manager, h, w, r.heldOut());
    }

    /** How the judge did on the subject's real test split, aligned against shifted windows. */
    public SyncExpertTrainer.Evaluation heldOut() {
        return heldOut;
    }

    /** Whether {@code n} frames are enough for the offset search. */
    public static boolean canJudge(int n) {
        return n - SyncExpert.FRAMES + 1 >= 2 * MAX_OFFSET + 2;
    }

    /**
     * The verdict on {@code n} consecutive lip crops ({@code crops}, n × cropH × cropW × 3 RGB, the
     * subject's lip-box size) and their mel windows ({@code mel}, n × 16 × 80).
     */
    public Verdict judge(byte[] crops, float[] mel, int n, int cropH, int cropW) {
        int windows = n - SyncExpert.FRAMES + 1;
        if (!canJudge(n)) throw new IllegalArgumentException(n + " frames are too few for an offset search of ±" + MAX_OFFSET);
        SyncWindows data = new SyncWindows(crops, mel, n, cropH, cropW, n).resized(height, width);
        int[] starts = new int[windows], all = new int[n];
        for (int i = 0; i < windows; i++) starts[i] = i;
        for (int i = 0; i < n; i++) all[i] = i;
        float[] cos;
        try (NDManager scope = manager.newSubManager()) {
            NDList out = expert.forward(new ParameterStore(scope, false), new NDList(data.faces(scope, starts), data.mel(scope, all)), false);
            NDArray c = out.get(0).matMul(out.get(1).transpose());
            cos = c.toFloatArray();
        }
        double[] distance = new double[2 * MAX_OFFSET + 1];
        for (int o = -MAX_OFFSET; o <= MAX_OFFSET; o++) {
            double sum = 0;
            int count = 0;
            for (int s = 0; s < windows; s++) {
                int a = s + o;
                if (a < 0 || a >= n) continue;
                // unit embeddings: Euclidean distance from the cosine
                sum += Math.sqrt(Math.max(0, 2 - 2 * cos[s * n + a]));
                count++;
            }
            distance[o + MAX_OFFSET] = sum / count;
        }
        int best = 0;
        for (int i = 1; i < distance.length; i++) if (distance[i] < distance[best]) best = i;
        double[] sorted = distance.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return new Verdict(best - MAX_OFFSET, median - distance[best], distance[best], median);
    }
}
