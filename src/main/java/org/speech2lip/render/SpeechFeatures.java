package org.speech2lip.render;

import org.speech2lip.data.SubjectData;
import org.speech2lip.media.LogMel;
import org.speech2lip.media.PhoneticPosteriorgram;
import org.speech2lip.model.MouthShapePredictor;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The driving speech of a render as the lip generator reads it: one 16 × 80 mel window per output
 * frame, the same windows {@code prepare} made for the training video, and, for a model that reads
 * them, the phonetic posteriorgram's windows (computed on first use, since most of the cost of
 * reading the speech is there).
 *
 * <p>Another voice, microphone or language gives mel values the model never met: a louder or
 * brighter voice would look like constant shouting. So each utterance is matched to the subject's
 * own speech: over the voiced frames of both, each mel bin gets the subject's mean and spread.
 * Pauses (frames far below the utterance's loud frames, or digital silence) become the subject's
 * own pauses, the average of its quiet frames, so silence renders the closed mouth it rendered
 * in training. An utterance with no voiced frame at all is all pause.
 */
public final class SpeechFeatures implements MouthShapePredictor.Speech {
    /** A mel frame is voiced when its mean level is within this much (30 dB; 8 units are 100 dB) of the utterance's loud frames. */
    static final float VOICED_RANGE = 2.4f;
    /** ... and above this absolute level (−75 dB after LogMel's reference), so hiss alone is never speech. */
    static final float VOICED_FLOOR = -2f;

    private final float[][] mel;
    private final int frames;
    private final double fps;
    private final float[] audio;
    /** Per output frame, whether it is a pause, and the posteriors a pause gets (asked only if needed); null: keep the speech's own. */
    private final boolean[] pauses;
    private final Supplier<float[]> pausePpg;
    private float[][] ppg;
    /** The phone scores being worked out ahead, or null: work them out when first read. */
    private CompletableFuture<float[][]> scored;

    private SpeechFeatures(float[][] mel, int frames, double fps, float[] audio, boolean[] pauses, Supplier<float[]> pausePpg) {
        this.mel = mel;
        this.frames = frames;
        this.fps = fps;
        this.audio = audio;
        this.pauses = pauses;
        this.pausePpg = pausePpg;
    }

    /** Output frames for {@code samples} 16 kHz samples at {@code fps}: the nearest whole number, at least 1. */
    public static int frameCount(long samples, double fps) {
        return (int) Math.max(1, Math.round(samples * fps / LogMel.SAMPLE_RATE));
    }

    /** The speech's windows as they are, for the subject's own audio (no matching). */
    public static SpeechFeatures raw(float[] mono16k, double fps) {
        return new SpeechFeatures(LogMel.compute(mono16k), frameCount(mono16k.length, fps), fps, mono16k, null, null);
    }

    /**
     * The speech's windows matched to {@code subject}'s voice (class doc). Its pauses also take the
     * subject's pause posteriors: a posteriorgram normalises each clip by its own average, so the
     * silence of a clip that is nearly all silence would look like some phone.
     */
    public static SpeechFeatures matched(float[] mono16k, double fps, SubjectData subject) {
        float[][] mel = LogMel.compute(mono16k), own = subjectMel(subject);
        boolean[] voiced = voiced(mel);
        match(mel, Stats.of(own));
        int n = frameCount(mono16k.length, fps);
        return new SpeechFeatures(mel, n, fps, mono16k, pauseFrames(voiced, n, fps), () -> pausePosteriors(subject, own));
    }

    @Override
    public int frames() {
        return frames;
    }

    /** Output frame i's window, 16 × 80 row-major, into {@code out} at {@code offset}; rows past the end repeat the last mel frame. */
    public void window(int i, float[] out, int offset) {
        int start = (int) (LogMel.MEL_FRAMES_PER_SECOND * i / fps);
        for (int r = 0; r < LogMel.WINDOW; r++) {
            System.arraycopy(mel[Math.min(start + r, mel.length - 1)], 0, out, offset + r * LogMel.N_MELS, LogMel.N_MELS);
        }
    }

    /** Output frame i's posteriorgram window, {@link PhoneticPosteriorgram#WINDOW} × phones row-major, into {@code out} at {@code offset}. */
    public void ppgWindow(int i, float[] out, int offset) {
        float[][] all = posteriorgram();
        PhoneticPosteriorgram.window(j -> all[j], frames, i, out, offset);
    }

    /**
     * Starts scoring {@code mono16k}'s phones on a thread of its own, so that it overlaps what a
     * render does before its first frame (opening the model, the subject, the video); hand the result
     * to {@link #withPosteriors}.
     */
    public static CompletableFuture<float[][]> scoreAhead(float[] mono16k) {
        CompletableFuture<float[][]> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                out.complete(PhoneticPosteriorgram.shared().compute(mono16k));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        }, "posteriorgram");
        t.setDaemon(true);
        t.start();
        return out;
    }

    /** These features, with the speech's phone scores coming from {@code scored} ({@link #scoreAhead} of the same audio). */
    public SpeechFeatures withPosteriors(CompletableFuture<float[][]> scored) {
        this.scored = scored;
        return this;
    }

    /** Output frame i's phonetic posteriors (a copy). */
    @Override
    public float[] ppg(int i) {
        return posteriorgram()[i].clone();
    }

    private synchronized float[][] posteriorgram() {
        if (ppg == null) {
            float[][] posteriors;
            try {
                posteriors = scored != null ? scored.join() : PhoneticPosteriorgram.shared().compute(audio);
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            ppg = PhoneticPosteriorgram.perVideoFrame(posteriors, frames, fps);
            if (pauses != null) {
                float[] pause = pausePpg.get();
                for (int k = 0; k < frames; k++) if (pauses[k]) ppg[k] = pause.clone();
            }
        }
        return ppg;
    }

    /** Output frame i's 16 × 80 mel window (a new array). */
    @Override
    public float[] mel(int i) {
        float[] out = new float[LogMel.WINDOW * LogMel.N_MELS];
        window(i, out, 0);
        return out;
    }

    /** Output frames none of whose mel frames is voiced. */
    private static boolean[] pauseFrames(boolean[] voiced, int frames, double fps) {
        boolean[] out = new boolean[frames];
        for (int k = 0; k < frames; k++) {
            int from = (int) (LogMel.MEL_FRAMES_PER_SECOND * k / fps), to = (int) (LogMel.MEL_FRAMES_PER_SECOND * (k + 1) / fps);
            boolean any = false;
            for (int t = from; t < Math.max(from + 1, to) && t < voiced.length; t++) any |= voiced[t];
            out[k] = !any;
        }
        return out;
    }

    /** The mean posteriors of the subject's training frames that are pauses (uniform if it has none); {@code mel} is {@link #subjectMel}. */
    private static float[] pausePosteriors(SubjectData subject, float[][] mel) {
        boolean[] voiced = voiced(mel);
        int rows = mel.length / subject.trainFrames(), count = 0;
        float[] sum = new float[PhoneticPosteriorgram.PHONES];
        for (int k = 0; k < subject.trainFrames(); k++) {
            boolean any = false;
            for (int r = 0; r < rows; r++) any |= voiced[k * rows + r];
            if (any) continue;
            float[] p = subject.ppg(k);
            for (int j = 0; j < p.length; j++) sum[j] += p[j];
            count++;
        }
        for (int j = 0; j < sum.length; j++) sum[j] = count == 0 ? 1f / sum.length : sum[j] / count;
        return sum;
    }

    /** The subject's training-split mel frames: the first rows of each frame's window, which tile the spectrogram. */
    private static float[][] subjectMel(SubjectData subject) {
        int n = subject.trainFrames(), rows = (int) Math.ceil(LogMel.MEL_FRAMES_PER_SECOND / subject.meta().fps());
        float[][] out = new float[n * rows][];
        for (int k = 0; k < n; k++) {
            float[] w = subject.mel(k);
            for (int r = 0; r < rows; r++) out[k * rows + r] = java.util.Arrays.copyOfRange(w, r * LogMel.N_MELS, (r + 1) * LogMel.N_MELS);
        }
        return out;
    }

    /** Rewrites {@code mel} in place: voiced frames to the target's per-bin statistics, pauses to its pause. */
    static void match(float[][] mel, Stats target) {
        boolean[] voiced = voiced(mel);
        Stats own = Stats.of(mel, voiced);
        for (int t = 0; t < mel.length; t++) {
            for (int b = 0; b < LogMel.N_MELS; b++) {
                float v = voiced[t] ? (mel[t][b] - own.mean[b]) / own.spread[b] * target.spread[b] + target.mean[b] : target.pause[b];
                mel[t][b] = Math.max(-4, Math.min(4, v));
            }
        }
    }

    /** Which frames are voiced (class doc). */
    static boolean[] voiced(float[][] mel) {
        float[] level = new float[mel.length];
        for (int t = 0; t < mel.length; t++) level[t] = mean(mel[t]);
        float[] sorted = level.clone();
        java.util.Arrays.sort(sorted);
        float loud = sorted[(int) Math.floor(0.95 * (sorted.length - 1))];
        float threshold = Math.max(loud - VOICED_RANGE, VOICED_FLOOR);
        boolean[] out = new boolean[mel.length];
        for (int t = 0; t < mel.length; t++) out[t] = level[t] >= threshold;
        return out;
    }

    private static float mean(float[] row) {
        double s = 0;
        for (float v : row) s += v;
        return (float) (s / row.length);
    }

    /** Per-bin mean and spread of the voiced frames and mean of the pauses. */
    record Stats(float[] mean, float[] spread, float[] pause) {
        static Stats of(float[][] mel) {
            return of(mel, voiced(mel));
        }

        static Stats of(float[][] mel, boolean[] voiced) {
            int bins = LogMel.N_MELS;
            double[] sum = new double[bins], sq = new double[bins], quiet = new double[bins];
            int nv = 0, nq = 0;
            for (int t = 0; t < mel.length; t++) {
                for (int b = 0; b < bins; b++) {
                    double v = mel[t][b];
                    if (voiced[t]) {
                        sum[b] += v;
                        sq[b] += v * v;
                    } else {
                        quiet[b] += v;
                    }
                }
                if (voiced[t]) nv++;
                else nq++;
            }
            float[] mean = new float[bins], spread = new float[bins], pause = new float[bins];
            for (int b = 0; b < bins; b++) {
                mean[b] = nv == 0 ? 0 : (float) (sum[b] / nv);
                // a floor keeps a bin that never moves (a band-limited recording) from being blown up
                spread[b] = nv == 0 ? 1 : (float) Math.max(0.05, Math.sqrt(Math.max(0, sq[b] / nv - mean[b] * mean[b])));
                pause[b] = nq == 0 ? -4 : (float) (quiet[b] / nq);
            }
            return new Stats(mean, spread, pause);
        }
    }
}
