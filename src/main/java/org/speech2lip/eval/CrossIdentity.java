package org.speech2lip.eval;

import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.RgbImage;
import org.speech2lip.render.BackgroundFrames;
import org.speech2lip.render.LipSource;
import org.speech2lip.render.MouthCompositor;
import org.speech2lip.render.PingPong;
import org.speech2lip.render.Scene;
import org.speech2lip.render.SpeechFeatures;
import org.speech2lip.render.StageClock;
import org.speech2lip.train.TrainedModel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code eval --audio}: another speaker's speech drives the model as {@code render} would (voice
 * matched, ping-pong backgrounds), and since there is no ground truth only the sync judge speaks:
 * each method's lips, warped back to the canonical lip box, against the speech. Retrieval takes the
 * training frame whose mel window is nearest to the (matched) speech window; static the rest mouth.
 */
public final class CrossIdentity {
    /** At most this many frames (2 minutes) are judged: the verdict settles long before. */
    static final int MAX_FRAMES = 3000;

    private CrossIdentity() {}

    public static Map<String, SyncJudge.Verdict> run(TrainedModel model, Path speechFile, SyncJudge judge) {
        SubjectData subject = model.subject();
        SubjectMeta meta = subject.meta();
        SpeechFeatures speech = SpeechFeatures.matched(AudioReader.readMono16k(speechFile), meta.fps(), subject);
        int n = Math.min(speech.frames(), MAX_FRAMES);
        if (!SyncJudge.canJudge(n)) {
            throw new UserError(speechFile + " gives only " + n + " frames: give at least 1.5 s of speech for the sync judge");
        }
        float[] mel = new float[n * 16 * 80];
        for (int i = 0; i < n; i++) speech.window(i, mel, i * 16 * 80);
        int[] nearest = Retrieval.nearestTrainingFrames(subject, mel, n);
        Map<String, LipSource> sources = Methods.lipSources(model, speech, i -> nearest[i]);
        int lipW = subject.lipBox().w(), lipH = subject.lipBox().h(), lipBytes = lipW * lipH * 3;
        Map<String, byte[]> crops = new LinkedHashMap<>();
        for (String method : sources.keySet()) crops.put(method, new byte[n * lipBytes]);
        MouthCompositor mouths = new MouthCompositor(model);
        StageClock clock = new StageClock();
        PingPong walk = new PingPong(subject.trainFrames(), 0);
        int[] origin = {meta.crop().x(), meta.crop().y()};
        float[] depth = subject.canonicalDepth();
        try (BackgroundFrames backgrounds = new BackgroundFrames(subject.sourceVideo(), meta.fps(), subject.frames(),
                meta.source().width(), meta.source().height())) {
            for (int i = 0; i < n; i++) {
                int k = walk.frame(i);
                for (Map.Entry<String, LipSource> e : sources.entrySet()) {
                    RgbImage made = backgrounds.get(k).copy();
                    mouths.compose(List.of(new Scene(i, k, made, origin, subject.mouthWindow(k), subject.windowDepth(k),
                            subject.canonicalToFrame(k), null)), e.getValue(), clock);
                    Methods.canonicalLips(made, subject, depth, k, crops.get(e.getKey()), i * lipBytes);
                }
            }
        }
        Map<String, SyncJudge.Verdict> out = new LinkedHashMap<>();
        crops.forEach((method, bytes) -> out.put(method, judge.judge(bytes, mel, n, lipH, lipW)));
        return out;
    }
}
