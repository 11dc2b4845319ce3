package org.speech2lip.eval;

import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.face.FaceTracker;
import org.speech2lip.face.ModelStore;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.MediaInfo;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
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
 * matched, ping-pong backgrounds). The sync judge scores each method's lips, warped back to the
 * canonical lip box, against the speech. When the speech is a video with a face, that face is the
 * speaker: its mouth, tracked like the rendered ones, is a reference for how the mouth should move,
 * and each method's opening and spreading are compared with it ({@link MouthMotion}). Retrieval
 * takes the training frame whose mel window is nearest to the (matched) speech window; static the
 * rest mouth.
 */
public final class CrossIdentity {
    /** At most this many frames (2 minutes) are judged: the verdict settles long before. */
    static final int MAX_FRAMES = 3000;

    private CrossIdentity() {}

    /** The judge's verdict per method and, when the speech shows its speaker, each method's mouth motion against theirs (else empty). */
    public record Result(Map<String, SyncJudge.Verdict> sync, Map<String, MouthMotion> motion) {}

    public static Result run(TrainedModel model, Path speechFile, SyncJudge judge) {
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
        double[][] speaker = speakerMouth(speechFile, meta.fps(), n);
        Map<String, double[][]> mouthsOf = new LinkedHashMap<>();
        Map<String, FaceTracker> trackers = new LinkedHashMap<>();
        if (speaker != null) {
            for (String method : sources.keySet()) {
                mouthsOf.put(method, new double[2][n]);
                trackers.put(method, new FaceTracker(ModelStore.standard(), 1));
            }
        }
        try (BackgroundFrames backgrounds = new BackgroundFrames(subject.sourceVideo(), meta.fps(), subject.frames(),
                meta.source().width(), meta.source().height())) {
            for (int i = 0; i < n; i++) {
                int k = walk.frame(i);
                for (Map.Entry<String, LipSource> e : sources.entrySet()) {
                    RgbImage made = backgrounds.get(k).copy();
                    mouths.compose(List.of(new Scene(i, k, made, origin, subject.mouthWindow(k), subject.windowDepth(k),
                            subject.canonicalToFrame(k), null)), e.getValue(), clock);
                    Methods.canonicalLips(made, subject, depth, k, crops.get(e.getKey()), i * lipBytes);
                    if (speaker != null) {
                        float[] face = HeldOutScores.points(trackers.get(e.getKey()).track(made));
                        mouthsOf.get(e.getKey())[0][i] = MouthMotion.opening(face);
                        mouthsOf.get(e.getKey())[1][i] = MouthMotion.spreading(face);
                    }
                }
            }
        } finally {
            trackers.values().forEach(FaceTracker::close);
        }
        Map<String, SyncJudge.Verdict> out = new LinkedHashMap<>();
        crops.forEach((method, bytes) -> out.put(method, judge.judge(bytes, mel, n, lipH, lipW)));
        Map<String, MouthMotion> motion = new LinkedHashMap<>();
        mouthsOf.forEach((method, m) -> motion.put(method, MouthMotion.of(m[0], m[1], speaker[0], speaker[1])));
        return new Result(out, motion);
    }

    /**
     * The opening and spreading of the speaker's own mouth in the first {@code n} frames of a speech
     * file that is a video, at the render's frame rate; null when it has no video or no face in most
     * of those frames.
     */
    private static double[][] speakerMouth(Path speechFile, double fps, int n) {
        if (!MediaInfo.probe(speechFile).hasVideo()) return null;
        double[][] out = new double[2][n];
        java.util.Arrays.fill(out[0], Double.NaN);
        java.util.Arrays.fill(out[1], Double.NaN);
        int faces = 0;
        try (VideoReader video = VideoReader.open(speechFile, fps); FaceTracker tracker = new FaceTracker(ModelStore.standard(), 1)) {
            for (int i = 0; i < n; i++) {
                RgbImage frame = video.next();
                if (frame == null) break;
                float[] face = HeldOutScores.points(tracker.track(frame));
                if (face != null) faces++;
                out[0][i] = MouthMotion.opening(face);
                out[1][i] = MouthMotion.spreading(face);
            }
        }
        return faces > n / 2 ? out : null;
    }
}
