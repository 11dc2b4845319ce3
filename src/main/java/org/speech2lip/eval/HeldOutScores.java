package org.speech2lip.eval;

import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
import org.speech2lip.render.CropLips;
import org.speech2lip.render.FieldLips;
import org.speech2lip.render.LipSource;
import org.speech2lip.render.MouthCompositor;
import org.speech2lip.render.Scene;
import org.speech2lip.render.SpeechFeatures;
import org.speech2lip.render.StageClock;
import org.speech2lip.train.TrainedModel;

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
    public record Frames(double[] mouthPsnr, double[] mouthSsim, double[] framePsnr, double[] frameSsim, double[] mouthCpbd) {
        Frames(int n) {
            this(new double[n], new double[n], new double[n], new double[n], new double[n]);
        }
    }

    private HeldOutScores() {}

    /**
     * Scores of every method, by name ("real" holds only the real frames' sharpness); {@code progress}
     * is told how many test frames are done.
     */
    public static Map<String, Frames> run(TrainedModel model, IntConsumer progress) {
        SubjectData subject = model.subject();
        SubjectMeta meta = subject.meta();
        int first = subject.trainFrames(), n = subject.frames() - first;
        SpeechFeatures speech = SpeechFeatures.raw(AudioReader.readMono16k(subject.sourceVideo()), meta.fps());
        int[] nearest = Retrieval.nearestTrainingFrames(subject, first, subject.frames());
        Map<String, LipSource> sources = new LinkedHashMap<>();
        sources.put("model", new FieldLips(model, speech));
        sources.put("static", new CropLips(subject, k -> meta.canonicalFrame()));
        sources.put("retrieval", new CropLips(subject, k -> nearest[k - first]));
        Map<String, Frames> out = new LinkedHashMap<>();
        for (String method : METHODS) out.put(method, new Frames(n));
        Frames real = new Frames(n);
        out.put("real", real);
        MouthCompositor mouths = new MouthCompositor(model);
        StageClock clock = new StageClock();
        int[] origin = {meta.crop().x(), meta.crop().y()};
        try (VideoReader video = VideoReader.open(subject.sourceVideo(), meta.fps(), first)) {
            for (int i = 0; i < n; i++) {
                int k = first + i;
                RgbImage truth = video.next();
                if (truth == null) throw new IllegalStateException(subject.sourceVideo() + " ended at frame " + k);
                Rect mouth = clamp(new Rect(origin[0] + subject.mouthWindow(k).x(), origin[1] + subject.mouthWindow(k).y(),
                        subject.mouthWindow(k).w(), subject.mouthWindow(k).h()), truth.width, truth.height);
                real.mouthCpbd()[i] = Cpbd.cpbd(truth, mouth);
                for (Map.Entry<String, LipSource> e : sources.entrySet()) {
                    RgbImage made = truth.copy();
                    Scene scene = new Scene(k, k, made, origin, subject.mouthWindow(k), subject.windowDepth(k), subject.canonicalToFrame(k), null);
                    mouths.compose(List.of(scene), e.getValue(), clock);
                    score(out.get(e.getKey()), i, made, truth, mouth);
                }
                if (progress != null) progress.accept(i + 1);
            }
        }
        return out;
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
