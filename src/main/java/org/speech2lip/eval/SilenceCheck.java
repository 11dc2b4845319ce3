package org.speech2lip.eval;

import org.speech2lip.Pearson;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.face.FaceTracker;
import org.speech2lip.face.ModelStore;
import org.speech2lip.media.RgbImage;
import org.speech2lip.render.BackgroundFrames;
import org.speech2lip.render.FieldLips;
import org.speech2lip.render.MouthCompositor;
import org.speech2lip.render.PingPong;
import org.speech2lip.render.Scene;
import org.speech2lip.render.SpeechFeatures;
import org.speech2lip.render.StageClock;
import org.speech2lip.train.TrainedModel;

import java.util.Arrays;
import java.util.List;

/**
 * Digital silence rendered over the ping-pong walk, as {@code render} would: the mouth should rest
 * closed and must not replay the speech of the training frames it is pasted on. The model's mouth
 * opening is read back with MediaPipe and compared with the opening each background frame had in
 * the source video ({@code mouth_opening.npy}).
 *
 * @param seconds          length of the silence
 * @param replayR          Pearson r of the rendered opening with the background frames' own
 * @param meanOpening      the rendered opening's mean
 * @param restFraction     where that mean lies in the subject's training openings: 0 at their 10th percentile (closed), 1 at their 90th
 */
public record SilenceCheck(double seconds, double replayR, double meanOpening, double restFraction) {
    /** Long enough for the walk to pass through a few hundred training frames. */
    public static final double SECONDS = 20;

    public static SilenceCheck run(TrainedModel model) {
        SubjectData subject = model.subject();
        SubjectMeta meta = subject.meta();
        SpeechFeatures speech = SpeechFeatures.matched(new float[(int) (SECONDS * 16000)], meta.fps(), subject);
        FieldLips lips = new FieldLips(model, speech);
        MouthCompositor mouths = new MouthCompositor(model);
        StageClock clock = new StageClock();
        PingPong walk = new PingPong(subject.trainFrames(), 0);
        int n = speech.frames();
        int[] origin = {meta.crop().x(), meta.crop().y()};
        double[] made = new double[n], background = new double[n];
        try (FaceTracker tracker = new FaceTracker(ModelStore.standard(), 1);
             BackgroundFrames backgrounds = new BackgroundFrames(subject.sourceVideo(), meta.fps(), subject.frames(),
                     meta.source().width(), meta.source().height())) {
            for (int i = 0; i < n; i++) {
                int k = walk.frame(i);
                RgbImage frame = backgrounds.get(k).copy();
                mouths.compose(List.of(new Scene(i, k, frame, origin, subject.mouthWindow(k), subject.windowDepth(k),
                        subject.canonicalToFrame(k), null)), lips, clock);
                made[i] = MouthMotion.opening(HeldOutScores.points(tracker.track(frame)));
                background[i] = subject.mouthOpening(k);
            }
        }
        double[] training = new double[subject.trainFrames()];
        for (int k = 0; k < training.length; k++) training[k] = subject.mouthOpening(k);
        Arrays.sort(training);
        double closed = training[(int) (0.1 * (training.length - 1))], open = training[(int) (0.9 * (training.length - 1))];
        double mean = HeldOutScores.mean(made);
        return new SilenceCheck(n / meta.fps(), Pearson.atLag(made, background, 0), mean, (mean - closed) / (open - closed));
    }
}
