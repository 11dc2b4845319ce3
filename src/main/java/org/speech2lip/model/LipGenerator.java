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
 * {@link LipField} is queried at lip-box points under that condition. With a {@link ShapeWarp} the
 * field also reads each point's rest coordinates under the frame's shape.
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
    private final ShapeWarp warp;

    /** A generator for a subject whose lip crops are h × w pixels (the explicit ablation's grid), for a config without the lip warp. */
    public LipGenerator(ModelConfig cfg, int h, int w) {
        this(cfg, h, w, null);
    }

    /** The same, with the subject's {@code warp}: required when the config warps the lips ({@link ModelConfig#warpsLips}), else ignored. */
    public LipGenerator(ModelConfig cfg, int h, int w, ShapeWarp warp) {
        this.cfg = cfg;
        if (cfg.warpsLips() && warp == null) throw new IllegalArgumentException("the config warps the lips: give the subject's ShapeWarp");
        this.warp = cfg.warpsLips() ? warp : null;
        audio = cfg.mouth().on() ? null : addChildBlock("audio", new AudioEncoder(cfg.audio()));
        field = addChildBlock("field", cfg.ablation().implicitModel() ? new LipField(cfg.field(), cfg.conditionDims(), this.warp == null ? 2 : 4)
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
        NDArray condition = condition(ps, speech, timeCode, false);
        if (warp == null) return field.render(ps, condition, h, w);
        long b = condition.getShape().get(0);
        NDArray points = LipField.grid(condition.getManager(), h, w).expandDims(0).repeat(0, b);
        NDArray colours = field.forward(ps, new NDList(withRest(points, speech.head()), condition), false).head();
        return colours.reshape(b, h, w, 3).transpose(0, 3, 1, 2);
    }

    /** The points, followed by their rest coordinates under the frames' shapes when the lips are warped: (B, Q, 2 or 4). */
    private NDArray withRest(NDArray points, NDArray shapes) {
        return warp == null ? points : points.concat(warp.rest(points, shapes), 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList speech = new NDList(inputs.subList(2, inputs.size()));
        NDArray condition = condition(ps, speech, inputs.get(1), training);
        return field.forward(ps, new NDList(withRest(inputs.get(0), speech.head()), condition), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (audio != null) audio.initialize(manager, dataType, java.util.Arrays.copyOfRange(inputShapes, 2, inputShapes.length));
        Shape points = inputShapes[0];
        if (warp != null) points = new Shape(points.get(0), points.get(1), 4);
        field.initialize(manager, dataType, points, new Shape(points.get(0), cfg.conditionDims()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return field.getOutputShapes(new Shape[] {inputShapes[0]});
    }
}
