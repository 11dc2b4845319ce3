package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speech2lip.media.PhoneticPosteriorgram;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio code a of a video frame. From its mel window (16 steps × 80 bins, 0.2 s): four stride-2
 * 1-D convolutions over time with the mel bins as channels (16 → 8 → 4 → 2 → 1 steps), then two
 * linear layers, leaky ReLUs between (the official code's encoder, fed mel instead of DeepSpeech).
 * From its phonetic posteriorgram window (9 frames × 42 phones, ±160 ms): two linear layers. With
 * both ({@link ModelConfig.SpeechInput}) the two codes are summed.
 *
 * <p>Inputs, in this order: the mel windows if used, (B, 16, 80); the posteriorgram windows if used,
 * (B, 9, 42); optionally {@code keep} (B, 2), how much of the mel and of the posteriorgram code
 * counts for each frame (all 1 when absent; training drops one of them at times, see
 * {@link ModelConfig.Audio#featureDropout}). With smoothing on, each speech input is a window of
 * neighbouring frames', (B, T, ...), each encoded alike and merged by {@link AudioSmoothing}. The
 * output is (B, codeDims) either way.
 */
public final class AudioEncoder extends AbstractBlock {
    public static final int MEL_STEPS = 16, MEL_BINS = 80;
    private static final int[] CHANNELS = {32, 32, 64, 64};
    private static final float SLOPE = 0.02f;

    public static final int PPG_FRAMES = PhoneticPosteriorgram.WINDOW, PPG_PHONES = PhoneticPosteriorgram.PHONES;
    private static final int PPG_HIDDEN = 128;

    private final List<Block> convs = new ArrayList<>();
    private final Block hidden, out, ppgHidden, ppgOut;
    private final AudioSmoothing smoothing;
    private final ModelConfig.SpeechInput features;
    private final int codeDims, window;

    public AudioEncoder(ModelConfig.Audio cfg) {
        codeDims = cfg.codeDims();
        features = cfg.features();
        if (features.mel()) {
            for (int i = 0; i < CHANNELS.length; i++) {
                convs.add(addChildBlock("conv" + i, Conv1d.builder().setKernelShape(new Shape(3)).setFilters(CHANNELS[i])
                        .optStride(new Shape(2)).optPadding(new Shape(1)).build()));
            }
            hidden = addChildBlock("hidden", Linear.builder().setUnits(CHANNELS[CHANNELS.length - 1]).build());
            out = addChildBlock("out", Linear.builder().setUnits(codeDims).build());
        } else {
            hidden = out = null;
        }
        if (features.ppg()) {
            ppgHidden = addChildBlock("ppgHidden", Linear.builder().setUnits(PPG_HIDDEN).build());
            ppgOut = addChildBlock("ppgOut", Linear.builder().setUnits(codeDims).build());
        } else {
            ppgHidden = ppgOut = null;
        }
        smoothing = cfg.smoothing() ? addChildBlock("smoothing", new AudioSmoothing(cfg.smoothWindow())) : null;
        window = cfg.smoothing() ? cfg.smoothWindow() : 1;
    }

    public ModelConfig.SpeechInput features() {
        return features;
    }

    /** Frames whose mel windows frame k's code is made of: k alone, or the smoothing window clamped to the clip. */
    public int[] frames(int k, int totalFrames) {
        int[] f = new int[window];
        for (int i = 0; i < window; i++) f[i] = Math.max(0, Math.min(totalFrames - 1, k - window / 2 + i));
        return f;
    }

    /** Writes frame j's window of one speech feature into {@code out} at {@code at}. */
    public interface WindowSource {
        void write(int j, float[] out, int at);
    }

    /**
     * One feature's windows for the frames {@code ks} of a clip of {@code totalFrames}, each with its
     * smoothing neighbours ({@link #frames}), {@code size} floats each, end to end.
     */
    public float[] windows(int[] ks, int totalFrames, int size, WindowSource source) {
        float[] out = new float[ks.length * window * size];
        int at = 0;
        for (int k : ks) {
            for (int j : frames(k, totalFrames)) {
                source.write(j, out, at);
                at += size;
            }
        }
        return out;
    }

    /** Shape of the mel windows of a batch of b frames. */
    public Shape melShape(int b) {
        return smoothing == null ? new Shape(b, MEL_STEPS, MEL_BINS) : new Shape(b, window, MEL_STEPS, MEL_BINS);
    }

    /** Shape of the posteriorgram windows of a batch of b frames. */
    public Shape ppgShape(int b) {
        return smoothing == null ? new Shape(b, PPG_FRAMES, PPG_PHONES) : new Shape(b, window, PPG_FRAMES, PPG_PHONES);
    }

    /** Shapes of the speech inputs of a batch of b frames, in input order, for {@code initialize}. */
    public Shape[] inputShapes(int b) {
        List<Shape> shapes = new ArrayList<>();
        if (features.mel()) shapes.add(melShape(b));
        if (features.ppg()) shapes.add(ppgShape(b));
        return shapes.toArray(new Shape[0]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        int next = 0;
        NDArray code = null;
        long b = inputs.head().getShape().get(0);
        int used = (features.mel() ? 1 : 0) + (features.ppg() ? 1 : 0);
        NDArray keep = inputs.size() > used ? inputs.get(used) : null;
        if (features.mel()) {
            NDArray mel = inputs.get(next++);
            code = encodeMel(ps, mel.reshape(b * window, MEL_STEPS, MEL_BINS), training).reshape(b, window, codeDims);
            if (keep != null) code = code.mul(keep.get(":, 0:1").reshape(b, 1, 1));
        }
        if (features.ppg()) {
            NDArray ppg = inputs.get(next);
            NDArray c = encodePpg(ps, ppg.reshape(b * window, PPG_FRAMES * PPG_PHONES), training).reshape(b, window, codeDims);
            if (keep != null) c = c.mul(keep.get(":, 1:2").reshape(b, 1, 1));
            code = code == null ? c : code.add(c);
        }
        if (smoothing == null) return new NDList(code.reshape(b, codeDims));
        return smoothing.forward(ps, new NDList(code), training);
    }

    private NDArray encodePpg(ParameterStore ps, NDArray ppg, boolean training) {
        // posteriors are mostly near 1/42: centred and scaled so the first layer starts in range
        NDArray x = ppg.sub(1f / PPG_PHONES).mul(PPG_PHONES);
        x = Activation.leakyRelu(ppgHidden.forward(ps, new NDList(x), training).head(), SLOPE);
        return ppgOut.forward(ps, new NDList(x), training).head();
    }

    private NDArray encodeMel(ParameterStore ps, NDArray mel, boolean training) {
        // mel values span [-4, 4]; at unit scale the initial codes stay small enough not to saturate the field
        NDArray x = mel.transpose(0, 2, 1).div(4);
        for (Block conv : convs) x = Activation.leakyRelu(conv.forward(ps, new NDList(x), training).head(), SLOPE);
        x = x.reshape(x.getShape().get(0), -1);
        x = Activation.leakyRelu(hidden.forward(ps, new NDList(x), training).head(), SLOPE);
        return out.forward(ps, new NDList(x), training).head();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        if (features.mel()) {
            Shape s = new Shape(b, MEL_BINS, MEL_STEPS);
            for (Block conv : convs) {
                conv.initialize(manager, dataType, s);
                s = conv.getOutputShapes(new Shape[] {s})[0];
            }
            Shape flat = new Shape(s.get(0), s.get(1) * s.get(2));
            hidden.initialize(manager, dataType, flat);
            out.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {flat}));
        }
        if (features.ppg()) {
            Shape flat = new Shape(b, PPG_FRAMES * PPG_PHONES);
            ppgHidden.initialize(manager, dataType, flat);
            ppgOut.initialize(manager, dataType, ppgHidden.getOutputShapes(new Shape[] {flat}));
        }
        if (smoothing != null) smoothing.initialize(manager, dataType, new Shape(b, window, codeDims));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), codeDims)};
    }
}
