package org.speech2lip.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.BlendNet;
import org.speech2lip.model.CanonicalDepth;
import org.speech2lip.model.LipGenerator;
import org.speech2lip.model.MouthShapeBasis;
import org.speech2lip.model.ShapeWarp;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.MouthShapePredictor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The networks a model is made of, built for one subject and initialised: the lip generator (audio
 * encoder and lip field), the learnable canonical depth, the Blend-Net unless the ablation
 * removes it (then null), and the mouth-shape predictor when mouth shapes drive the lips (else null). Training and inference build them alike, so a checkpoint fits both.
 */
public record Networks(LipGenerator generator, CanonicalDepth depth, BlendNet blend, MouthShapePredictor shape) {

    /** Builds and initialises the networks of {@code cfg} for {@code subject}, their parameters owned by {@code manager}. */
    public static Networks build(ModelConfig cfg, SubjectData subject, NDManager manager) {
        LipGenerator generator = new LipGenerator(cfg, subject.lipBox().h(), subject.lipBox().w(), cfg.warpsLips() ? warp(cfg, subject) : null);
        generator.initialize(manager, DataType.FLOAT32, generator.inputShapes(cfg.training().batchFrames(), 1));
        CanonicalDepth depth = new CanonicalDepth(subject.canonicalDepth(), subject.meta().crop().size());
        depth.initialize(manager, DataType.FLOAT32);
        BlendNet blend = null;
        if (cfg.ablation().blendNet()) {
            blend = new BlendNet(cfg.blend().channels(), cfg.blend().deepChannels());
            // a convolutional network: its parameters do not depend on the image size
            blend.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16), new Shape(1, 1, 16, 16));
        }
        MouthShapePredictor shape = null;
        if (cfg.mouth().on()) {
            shape = new MouthShapePredictor(cfg.mouth(), cfg.audio().features());
            shape.initialize(manager, DataType.FLOAT32, new Shape(1, shape.inputDims()));
        }
        return new Networks(generator, depth, blend, shape);
    }

    /** The subject's lip warp: its mouth shapes' basis, placed in the lip box by its canonical frame. */
    static ShapeWarp warp(ModelConfig cfg, SubjectData subject) {
        MouthShapeBasis basis = MouthShapeBasis.fit(subject.lipShapes(), subject.trainFrames(), cfg.mouth().components());
        int canonical = subject.meta().canonicalFrame();
        return ShapeWarp.fit(basis, subject.lipShapes()[canonical], subject.lipPoints(canonical), subject.lipBox());
    }

    /** The networks by the names their checkpoint files carry: lips, depth, blend, shape. */
    public Map<String, Block> blocks() {
        Map<String, Block> out = new LinkedHashMap<>();
        out.put("lips", generator);
        out.put("depth", depth);
        if (blend != null) out.put("blend", blend);
        if (shape != null) out.put("shape", shape);
        return out;
    }
}
