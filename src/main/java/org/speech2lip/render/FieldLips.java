package org.speech2lip.render;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.AudioEncoder;
import org.speech2lip.model.LipGenerator;
import org.speech2lip.model.LipPaste;
import org.speech2lip.model.MouthShapePredictor;
import org.speech2lip.model.TimeCode;
import org.speech2lip.train.MouthShapeStage;
import org.speech2lip.train.TrainedModel;

import java.util.List;

/**
 * The model's lips: the lip field at the plan's points, conditioned on the output frame's mouth
 * shape predicted from the speech (or, on the paper's path, on its speech windows, those its model
 * reads) and the source frame's timestamp code (a held-out frame takes its mirror's in the training
 * split, {@link TimeCode#learned}).
 */
public final class FieldLips implements LipSource {
    private final TrainedModel model;
    private final SubjectData subject;
    private final LipGenerator generator;
    private final SpeechFeatures speech;
    private final Staging staging = new Staging(3);
    private float[] points = new float[0];
    /** Every output frame's predicted mouth shape, worked out on first use and shared by the lanes. */
    private final Shapes shapes;

    public FieldLips(TrainedModel model, SpeechFeatures speech) {
        this(model, speech, new Shapes());
    }

    private FieldLips(TrainedModel model, SpeechFeatures speech, Shapes shapes) {
        this.model = model;
        this.subject = model.subject();
        this.generator = model.networks().generator();
        this.speech = speech;
        this.shapes = shapes;
    }

    /** Another source of the same lips for a second render lane: its own buffers, the same mouth shapes. */
    public FieldLips lane() {
        return new FieldLips(model, speech, shapes);
    }

    @Override
    public float[] colours(NDManager m, List<Scene> scenes, LipPaste.Plan[] plans, int most) {
        int b = scenes.size();
        if (points.length < b * most * 2) points = new float[b * most * 2];
        for (int f = 0; f < b; f++) System.arraycopy(plans[f].points(), 0, points, f * most * 2, plans[f].points().length);
        AudioEncoder audio = generator.audio();
        int[] sources = new int[b];
        for (int f = 0; f < b; f++) sources[f] = TimeCode.learned(scenes.get(f).source(), subject.trainFrames());
        NDList in = new NDList(staging.upload(m, 0, points, new Shape(b, most, 2)),
                TimeCode.of(m, sources, subject.frames(), model.config().field().timeDims()));
        int[] frames = scenes.stream().mapToInt(Scene::frame).toArray();
        if (generator.drivenByShape()) {
            int k = model.config().mouth().components();
            float[] all = shapes(), mine = new float[b * k];
            for (int f = 0; f < b; f++) System.arraycopy(all, frames[f] * k, mine, f * k, k);
            in.add(staging.upload(m, 1, mine, new Shape(b, k)));
            return generator.forward(model.store(), in, false).head().toFloatArray();
        }
        if (audio.features().mel()) {
            in.add(staging.upload(m, 1, audio.windows(frames, speech.frames(), AudioEncoder.MEL_STEPS * AudioEncoder.MEL_BINS, speech::window),
                    audio.melShape(b)));
        }
        if (audio.features().ppg()) {
            in.add(staging.upload(m, 2, audio.windows(frames, speech.frames(), AudioEncoder.PPG_FRAMES * AudioEncoder.PPG_PHONES, speech::ppgWindow),
                    audio.ppgShape(b)));
        }
        // a heap copy, not toByteBuffer: a direct buffer's native memory waits for a GC to be freed
        return generator.forward(model.store(), in, false).head().toFloatArray();
    }

    private float[] shapes() {
        return shapes.of(model, subject, speech);
    }

    private static final class Shapes {
        private float[] all;

        synchronized float[] of(TrainedModel model, SubjectData subject, SpeechFeatures speech) {
            if (all == null) {
                MouthShapePredictor predictor = model.networks().shape();
                MouthShapePredictor.Standard standard = MouthShapePredictor.Standard.of(MouthShapeStage.speechOf(subject), subject.trainFrames());
                all = predictor.shapes(model.store(), model.manager(), speech, standard);
            }
            return all;
        }
    }
}
