package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * The contrastive sync loss of paper Eq. 6, judged by a frozen {@link SyncExpert}: generated lip
 * windows must match their own audio, {@code 1 − cos(E_v(g), E_a(a))}, and must not match audio
 * shifted away from them, {@code max(0, cos(E_v(g), E_a(a')))}.
 *
 * <p>Both terms see the generated windows, so both push the generator (the official code pairs
 * shifted audio with real frames, so its negative term has no gradient; SPEC §8). The expert is
 * frozen when the loss is made and runs in inference mode: gradient passes through it into the
 * generated images but never reaches, or updates, its own parameters or batch-norm statistics.
 *
 * <p>Inputs: {@code generated} (B, 15, h, w) in [0, 1], five consecutive generated lip crops per
 * row as {@link SyncExpert} reads them; {@code audio} and {@code shifted} (B, 1, 16, 80), the
 * windows' own mel windows and mel windows at least 5 frames away (see {@link SyncWindows#shifted}).
 */
public final class SyncLoss {
    /** Which terms are on: none, the synced pairs only, or both (the ablation of paper §5.2). */
    public enum Mode { OFF, POSITIVES, CONTRASTIVE }

    private final SyncExpert expert;
    private final Mode mode;

    public SyncLoss(SyncExpert expert, Mode mode) {
        this.expert = expert;
        this.mode = mode;
        expert.freezeParameters(true);
    }

    public Mode mode() {
        return mode;
    }

    /** The loss this mode asks for: a scalar, 0 without a graph when off. */
    public NDArray loss(NDArray generated, NDArray audio, NDArray shifted) {
        return switch (mode) {
            case OFF -> generated.getManager().zeros(new Shape());
            case POSITIVES -> positive(generated, audio);
            case CONTRASTIVE -> {
                NDArray[] cos = cosines(generated, audio.concat(shifted));
                yield pull(cos[0]).add(push(cos[1]));
            }
        };
    }

    /** Mean of 1 − cos over the synced pairs. */
    public NDArray positive(NDArray generated, NDArray audio) {
        return pull(cosines(generated, audio)[0]);
    }

    /** Mean of max(0, cos) over the unsynced pairs. */
    public NDArray negative(NDArray generated, NDArray shifted) {
        return push(cosines(generated, shifted)[0]);
    }

    /** The cosine of each generated window with its audio window, without gradient. */
    public float[] judge(NDArray generated, NDArray audio) {
        return cosines(generated, audio)[0].toFloatArray();
    }

    private static NDArray pull(NDArray cos) {
        return cos.neg().add(1).mean();
    }

    private static NDArray push(NDArray cos) {
        // max(0, cos) as clip(cos, 0, 1) (cosines are at most 1): maximum(Number) hands backward a
        // scalar DJL may already have freed (package doc; caught by the GC-churn test); clip reads
        // its bounds natively
        return cos.clip(0, 1).mean();
    }

    /**
     * Cosines of the B windows with each consecutive group of B audio windows in {@code audio}
     * (B or 2B of them): the face encoder runs once however many groups there are.
     */
    private NDArray[] cosines(NDArray generated, NDArray audio) {
        NDList out = expert.forward(new ParameterStore(generated.getManager(), false), new NDList(generated, audio), false);
        NDArray face = out.get(0);
        long b = face.getShape().get(0);
        if (audio.getShape().get(0) % b != 0) throw new IllegalArgumentException("need B or 2B audio windows for B lip windows, got " + audio.getShape());
        int groups = (int) (audio.getShape().get(0) / b);
        NDArray[] cos = new NDArray[groups];
        for (int g = 0; g < groups; g++) cos[g] = SyncExpert.cosine(face, out.get(1).get(g * b + ":" + (g + 1) * b));
        return cos;
    }
}
