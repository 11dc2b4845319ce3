package org.speech2lip.eval;

import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.face.FaceTracker;
import org.speech2lip.face.Landmarks;
import org.speech2lip.face.ModelStore;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
import org.speech2lip.render.LipSource;
import org.speech2lip.render.MouthCompositor;
import org.speech2lip.render.Scene;
import org.speech2lip.render.SpeechFeatures;
import org.speech2lip.render.StageClock;
import org.speech2lip.train.TrainedModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Renders the subject's held-out test split the way {@code render} would, with its real audio,
 * backgrounds and poses, by the model and by the baselines, and scores every frame against the real
 * one. Each method's lips go through the same C2O paste, Blend-Net and feathered seam; only where
 * the lip colours come from differs:
 * <ul>
 *   <li>{@code model}: the lip field, driven by the frame's own speech window;</li>
 *   <li>{@code static}: the canonical frame's lip crop (the mouth at rest) in every frame;</li>
 *   <li>{@code retrieval}: the lip crop of the training frame whose mel window is nearest (L2) to
 *       the frame's own.</li>
 * </ul>
 * The real frames themselves are the ceiling; their sharpness is reported beside the others'.
 */
public final class HeldOutScores {
    public static final List<String> METHODS = List.of("model", "static", "retrieval");

    /** Per-frame scores of one method on the test split, in test-frame order. */
    public record Frames(double[] mouthPsnr, double[] mouthSsim, double[] framePsnr, double[] frameSsim, double[] mouthCpbd,
                         double[] lmd, double[] opening, double[] spreading) {
        Frames(int n) {
            this(new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        }
    }

    /** Every method's per-frame scores, and the sync judge's verdict on each (empty without a judge). */
    public record Scores(Map<String, Frames> frames, Map<String, SyncJudge.Verdict> sync) {}

    private HeldOutScores() {}

    /**
     * Scores of every method, by name ("real" holds only the real frames' sharpness); {@code progress}
     * is told how many test frames are done.
     */
    public static Scores run(TrainedModel model, IntConsumer progress) {
        return run(model, null, null, progress);
    }

    /** Where the still of {@code sideBySide} goes: the same name with .png. */
    public static Path stillPath(Path sideBySide) {
        return org.speech2lip.FileNames.besides(sideBySide, ".png");
    }

    private static void writeStill(Path png, RgbImage image) {
        org.speech2lip.AtomicWrite.write(png, out -> {
            if (!javax.imageio.ImageIO.write(image.toBufferedImage(), "png", out)) throw new java.io.IOException("no PNG writer");
        });
    }

    /**
     * The same, also writing {@code sideBySide} (real | model | retrieval, test audio) and a still of
     * it (the frame with the widest real mouth, as PNG beside it) unless it is null, and asking {@code judge} (may be null) how well each method's lips sync with the audio.
     */
    public static Scores run(TrainedModel model, Path sideBySide, SyncJudge judge, IntConsumer progress) {
        SubjectData subject = model.subject();
        SubjectMeta meta = subject.meta();
        int first = subject.trainFrames(), n = subject.frames() - first;
        float[] audio = AudioReader.readMono16k(subject.sourceVideo());
        SpeechFeatures speech = SpeechFeatures.raw(audio, meta.fps());
        int[] nearest = Retrieval.nearestTrainingFrames(subject, first, subject.frames());
        Map<String, LipSource> sources = Methods.lipSources(model, speech, k -> nearest[k - first]);
        Map<String, Frames> out = new LinkedHashMap<>();
        for (String method : METHODS) out.put(method, new Frames(n));
        Frames real = new Frames(n);
        out.put("real", real);
        MouthCompositor mouths = new MouthCompositor(model);
        StageClock clock = new StageClock();
        int[] origin = {meta.crop().x(), meta.crop().y()};
        Map<String, FaceTracker> trackers = new LinkedHashMap<>();
        ModelStore store = ModelStore.standard();
        for (String method : out.keySet()) trackers.put(method, new FaceTracker(store, 1));
        int w = meta.source().width(), h = meta.source().height();
        int from = (int) Math.round(first * AudioReader.SAMPLE_RATE / meta.fps());
        Mp4Writer side = sideBySide == null ? null
                : new Mp4Writer(sideBySide, 3 * w, h, meta.fps(), Arrays.copyOfRange(audio, Math.min(from, audio.length), audio.length));
        RgbImage wide = new RgbImage(3 * w, h), still = null;
        double stillOpening = Double.NEGATIVE_INFINITY;
        int lipW = subject.lipBox().w(), lipH = subject.lipBox().h(), lipBytes = lipW * lipH * 3;
        Map<String, byte[]> crops = new LinkedHashMap<>();
        for (String method : out.keySet()) crops.put(method, new byte[n * lipBytes]);
        float[] canonicalDepth = subject.canonicalDepth();
        try (VideoReader video = VideoReader.open(subject.sourceVideo(), meta.fps(), first)) {
            for (int i = 0; i < n; i++) {
                int k = first + i;
                RgbImage truth = video.next();
                if (truth == null) throw new IllegalStateException(subject.sourceVideo() + " ended at frame " + k);
                Rect window = subject.mouthWindow(k);
                Rect mouth = clamp(new Rect(origin[0] + window.x(), origin[1] + window.y(), window.w(), window.h()), truth.width, truth.height);
                real.mouthCpbd()[i] = Cpbd.cpbd(truth, mouth);
                Landmarks truthFace = trackers.get("real").track(truth);
                float[] truthLips = lipPoints(truthFace);
                real.opening()[i] = MouthMotion.opening(points(truthFace));
                real.spreading()[i] = MouthMotion.spreading(points(truthFace));
                place(wide, truth, 0);
                Methods.canonicalLips(truth, subject, canonicalDepth, k, crops.get("real"), i * lipBytes);
                for (Map.Entry<String, LipSource> e : sources.entrySet()) {
                    RgbImage made = truth.copy();
                    Scene scene = new Scene(k, k, made, origin, window, subject.windowDepth(k), subject.canonicalToFrame(k), null);
                    mouths.compose(List.of(scene), e.getValue(), clock);
                    Frames f = out.get(e.getKey());
                    score(f, i, made, truth, mouth);
                    Landmarks madeFace = trackers.get(e.getKey()).track(made);
                    float[] madeLips = lipPoints(madeFace);
                    f.lmd()[i] = madeLips == null || truthLips == null ? Double.NaN : LandmarkDistance.lmd(madeLips, truthLips);
                    f.opening()[i] = MouthMotion.opening(points(madeFace));
                    f.spreading()[i] = MouthMotion.spreading(points(madeFace));
                    Methods.canonicalLips(made, subject, canonicalDepth, k, crops.get(e.getKey()), i * lipBytes);
                    if (e.getKey().equals("model")) place(wide, made, 1);
                    if (e.getKey().equals("retrieval")) place(wide, made, 2);
                }
                if (side != null) side.write(wide);
                // the still shows the test frame whose real mouth is widest open: where lips differ most
                if (side != null && real.opening()[i] > stillOpening) {
                    stillOpening = real.opening()[i];
                    still = wide.copy();
                }
                if (progress != null) progress.accept(i + 1);
            }
            if (side != null) side.close();
            if (still != null) writeStill(stillPath(sideBySide), still);
        } catch (RuntimeException e) {
            if (side != null) side.abort();
            throw e;
        } finally {
            trackers.values().forEach(FaceTracker::close);
        }
        Map<String, SyncJudge.Verdict> sync = new LinkedHashMap<>();
        // a test split too short for the ±15-frame search gets no verdict (the report says n/a)
        if (judge != null && SyncJudge.canJudge(n)) {
            float[] mel = new float[n * 16 * 80];
            for (int i = 0; i < n; i++) System.arraycopy(subject.mel(first + i), 0, mel, i * 16 * 80, 16 * 80);
            crops.forEach((method, bytes) -> sync.put(method, judge.judge(bytes, mel, n, lipH, lipW)));
        }
        return new Scores(out, sync);
    }

    /** The 40 MediaPipe lip points (outer and inner contour) of a tracked face, x,y in frame pixels; null without a face. */
    private static float[] lipPoints(Landmarks face) {
        if (face == null) return null;
        int[] outer = CanonicalFaceModel.LIPS_OUTER, inner = CanonicalFaceModel.LIPS_INNER;
        float[] out = new float[2 * (outer.length + inner.length)];
        int at = 0;
        for (int[] contour : new int[][] {outer, inner}) {
            for (int p : contour) {
                out[at++] = face.xyz()[3 * p];
                out[at++] = face.xyz()[3 * p + 1];
            }
        }
        return out;
    }

    static float[] points(Landmarks face) {
        return face == null ? null : face.xyz();
    }

    private static void place(RgbImage wide, RgbImage frame, int slot) {
        for (int y = 0; y < frame.height; y++) {
            System.arraycopy(frame.rgb, 3 * y * frame.width, wide.rgb, 3 * (y * wide.width + slot * frame.width), 3 * frame.width);
        }
    }

    private static void score(Frames f, int i, RgbImage made, RgbImage truth, Rect mouth) {
        f.mouthPsnr()[i] = Psnr.psnr(made, truth, mouth);
        f.mouthSsim()[i] = Ssim.ssim(made, truth, mouth);
        f.framePsnr()[i] = Psnr.psnr(made, truth, Rect.of(truth.width, truth.height));
        f.frameSsim()[i] = wholeFrameSsim(made, truth, mouth);
        f.mouthCpbd()[i] = Cpbd.cpbd(made, mouth);
    }

    /**
     * SSIM of the whole frame, computed where it can differ from 1: outside the mouth window the two
     * frames are identical, so every window position that does not touch it scores exactly 1.
     */
    static double wholeFrameSsim(RgbImage made, RgbImage truth, Rect mouth) {
        int reach = 10;
        Rect near = clamp(new Rect(mouth.x() - reach, mouth.y() - reach, mouth.w() + 2 * reach, mouth.h() + 2 * reach), truth.width, truth.height);
        long all = (long) (truth.width - reach) * (truth.height - reach), inside = (long) (near.w() - reach) * (near.h() - reach);
        return 1 - (1 - Ssim.ssim(made, truth, near)) * inside / all;
    }

    private static Rect clamp(Rect r, int w, int h) {
        int x0 = Math.max(0, r.x()), y0 = Math.max(0, r.y()), x1 = Math.min(w, r.x() + r.w()), y1 = Math.min(h, r.y() + r.h());
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** Mean of a per-frame score, skipping NaN (CPBD of a frame without measurable edges). */
    public static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
