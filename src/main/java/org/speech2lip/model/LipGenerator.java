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
 * The lip generator (paper Fig. 3a): each frame's condition is its mouth shape's coefficients
 * ({@link ModelConfig.Mouth}), or, on the paper's path, the audio code the {@link AudioEncoder} makes
 * of its speech windows; the {@link TimeCode} is appended when the timestamp is used, and the
 * {@link LipField} is queried at lip-box points under that condition.
 *
 * <p>Input: points (B, Q, 2), time code (B, timeDims), then either the mouth shapes (B, components)
 * or the speech inputs of the {@link AudioEncoder} (its windows, and optionally how much of each
 * feature's code to keep); the time code is ignored when the timestamp is switched off. Output
 * (B, Q, 3) RGB in [0, 1].
 */
public final class LipGenerator extends AbstractBlock {
    private final ModelConfig cfg;
    private final AudioEncoder audio;
    private final LipField field;

    /** A generator for a subject whose lip crops are h × w pixels (the explicit ablation's grid). */
    public LipGenerator(ModelConfig cfg, int h, int w) {
        this.cfg = cfg;
        audio = cfg.mouth().on() ? null : addChildBlock("audio", new AudioEncoder(cfg.audio()));
        field = addChildBlock("field", cfg.ablation().implicitModel() ? new LipField(cfg.field(), cfg.conditionDims())
                : LipField.explicit(cfg.field(), cfg.conditionDims(), h, w));
    }

    /** True when the field is driven by mouth shapes; false on the paper's path through {@link #audio()}. */
    public boolean drivenByShape() {
        return audio == null;
    }

    /** The audio encoder, null when mouth shapes drive the field. */
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
        Shape[] speech = audio == null ? new Shape[] {new Shape(b, cfg.mouth().components())} : audio.inputShapes(b);
        Shape[] all = new Shape[2 + speech.length];
        all[0] = new Shape(b, q, 2);
        all[1] = new Shape(b, cfg.field().timeDims());
        System.arraycopy(speech, 0, all, 2, speech.length);
        return all;
    }

    /** The lip field's per-frame condition: mouth shape or audio code, then time code if used; (B, conditionDims). */
    public NDArray condition(ParameterStore ps, NDList speech, NDArray timeCode, boolean training) {
        NDArray code = audio == null ? speech.head() : audio.forward(ps, speech, training).head();
        return cfg.ablation().timestamp() ? code.concat(timeCode, 1) : code;
    }

    /** Lip images of the box at h × w, one per frame: (B, 3, h, w). */
    public NDArray render(ParameterStore ps, NDList speech, NDArray timeCode, int h, int w) {
        return field.render(ps, condition(ps, speech, timeCode, false), h, w);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray condition = condition(ps, new NDList(inputs.subList(2, inputs.size())), inputs.get(1), training);
        return field.forward(ps, new NDList(inputs.get(0), condition), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (audio != null) audio.initialize(manager, dataType, java.util.Arrays.copyOfRange(inputShapes, 2, inputShapes.length));
        field.initialize(manager, dataType, inputShapes[0], new Shape(inputShapes[0].get(0), cfg.conditionDims()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return field.getOutputShapes(new Shape[] {inputShapes[0]});
    }
}
