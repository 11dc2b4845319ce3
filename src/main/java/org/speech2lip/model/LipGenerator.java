package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The speech-driven lip generator (paper Fig. 3a): the {@link AudioEncoder} turns each frame's mel
 * window into its audio code, the {@link TimeCode} is appended when the timestamp is used, and the
 * {@link LipField} is queried at lip-box points under that condition.
 *
 * <p>Input (mel (B, 16, 80) or (B, T, 16, 80) with smoothing, points (B, Q, 2), time code (B, timeDims));
 * the time code is ignored when the timestamp is switched off. Output (B, Q, 3) RGB in [0, 1].
 */
public final class LipGenerator extends AbstractBlock {
    private final ModelConfig cfg;
    private final AudioEncoder audio;
    private final LipField field;

    /** A generator for a subject whose lip crops are h × w pixels (the explicit ablation's grid). */
    public LipGenerator(ModelConfig cfg, int h, int w) {
        this.cfg = cfg;
        audio = addChildBlock("audio", new AudioEncoder(cfg.audio()));
        field = addChildBlock("field", cfg.ablation().implicitModel() ? new LipField(cfg.field(), cfg.conditionDims())
                : LipField.explicit(cfg.field(), cfg.conditionDims(), h, w));
    }

    public AudioEncoder audio() {
        return audio;
    }

    public LipField field() {
        return field;
    }

    /** Number of trainable values, once initialised. */
    public long parameterCount() {
        return getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Input shapes for b frames of q points each, for {@code initialize}. */
    public Shape[] inputShapes(int b, int q) {
        return new Shape[] {audio.inputShape(b), new Shape(b, q, 2), new Shape(b, cfg.field().timeDims())};
    }

    /** The lip field's per-frame condition: audio code, then time code if used; (B, conditionDims). */
    public NDArray condition(ParameterStore ps, NDArray mel, NDArray timeCode, boolean training) {
        NDArray code = audio.forward(ps, new NDList(mel), training).head();
        return cfg.ablation().timestamp() ? code.concat(timeCode, 1) : code;
    }

    /** Lip images of the box at h × w, one per frame: (B, 3, h, w). */
    public NDArray render(ParameterStore ps, NDArray mel, NDArray timeCode, int h, int w) {
        return field.render(ps, condition(ps, mel, timeCode, false), h, w);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray condition = condition(ps, inputs.get(0), inputs.get(2), training);
        return field.forward(ps, new NDList(inputs.get(1), condition), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        audio.initialize(manager, dataType, inputShapes[0]);
        field.initialize(manager, dataType, inputShapes[1], new Shape(inputShapes[1].get(0), cfg.conditionDims()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return field.getOutputShapes(new Shape[] {inputShapes[1]});
    }
}
