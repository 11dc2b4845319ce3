package org.speech2lip.media;

import edu.cmu.sphinx.frontend.AutoCepstrum;
import edu.cmu.sphinx.frontend.Data;
import edu.cmu.sphinx.frontend.DataBlocker;
import edu.cmu.sphinx.frontend.DataEndSignal;
import edu.cmu.sphinx.frontend.DataProcessor;
import edu.cmu.sphinx.frontend.FloatData;
import edu.cmu.sphinx.frontend.FrontEnd;
import edu.cmu.sphinx.frontend.feature.BatchCMN;
import edu.cmu.sphinx.frontend.feature.DeltasFeatureExtractor;
import edu.cmu.sphinx.frontend.feature.FeatureTransform;
import edu.cmu.sphinx.frontend.filter.Preemphasizer;
import edu.cmu.sphinx.frontend.transform.DiscreteFourierTransform;
import edu.cmu.sphinx.frontend.util.StreamDataSource;
import edu.cmu.sphinx.frontend.window.RaisedCosineWindower;
import edu.cmu.sphinx.linguist.acoustic.UnitManager;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Pool;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Senone;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Sphinx3Loader;
import edu.cmu.sphinx.util.LogMath;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A phonetic posteriorgram: per 10 ms of speech, how likely each of English's 42 phones (silence
 * and two noise classes included) is, from CMU Sphinx4's en-us acoustic model (from Maven Central,
 * {@code sphinx4-data}). Unlike a spectrogram it describes what is said, not who says it, so it
 * carries from the subject's voice to other speakers' (../shared/docs/speech-features.md).
 *
 * <p>Method: Sphinx4's batch front end (pre-emphasis, 25.6 ms raised-cosine windows every 10 ms,
 * the model's own cepstra, cepstral mean normalised over the whole utterance, deltas, the model's
 * feature transform); each of the model's 5126 tied states scores the frame; a phone's score is the
 * log-sum-exp of its states' log-likelihoods; the posterior is the softmax of the phone scores
 * times {@link #SHARPNESS} (raw likelihoods are far too peaky to mean probabilities). Frame i is
 * centred at (160 i + 205) / 16000 s. Deterministic. Speed: about 8 times real time on one idle
 * thread; two copies of the model score halves of the frames side by side.
 */
public final class PhoneticPosteriorgram {
    public static final int PHONES = 42;
    /** The softmax temperature κ on log-likelihoods (the study's 0.1). */
    static final double SHARPNESS = 0.1;
    private static final long DITHER_SEED = 20231001;
    /** The dither's standard deviation in 16-bit levels; at 1 level silence still gives no frames. */
    private static final double DITHER_LEVELS = 4;
    /** Analysis frames per second. */
    public static final double FRAMES_PER_SECOND = 100;
    private static final String MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us";

    private static PhoneticPosteriorgram shared;

    /**
     * Copies of the acoustic model that score frames side by side: its states cache the last frame's
     * score, so one copy serves one thread. Two, the most a render or prepare leaves free.
     */
    private static final int SCORERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final Sphinx3Loader loader;
    private final Senone[][] senones = new Senone[SCORERS][];
    private final int[] phoneOf;
    private final String[] names = new String[PHONES];

    private PhoneticPosteriorgram() {
        quietSphinx();
        Sphinx3Loader[] loaders = new Sphinx3Loader[SCORERS];
        // the copies load side by side too
        java.util.stream.IntStream.range(0, SCORERS).parallel().forEach(i -> loaders[i] = load());
        loader = loaders[0];
        for (int i = 0; i < SCORERS; i++) {
            Pool<Senone> pool = loaders[i].getSenonePool();
            senones[i] = new Senone[pool.size()];
            for (int s = 0; s < pool.size(); s++) senones[i][s] = pool.get(s);
        }
        phoneOf = loader.getSenone2Ci();
        // senone2Ci counts phones in the model definition's order, in which the loader also lists them
        int at = 0;
        for (String name : loader.getContextIndependentUnits().keySet()) names[at++] = name;
        for (int p : phoneOf) {
            if (p < 0 || p >= PHONES) throw new IllegalStateException("the acoustic model has another phone set than " + PHONES + " phones");
        }
    }

    private static Sphinx3Loader load() {
        try {
            Sphinx3Loader l = new Sphinx3Loader(MODEL, new UnitManager(), 0f, 1e-7f, 1e-4f, 4, true);
            l.load();
            return l;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Sphinx4's en-us acoustic model did not load from the classpath (sphinx4-data)", e);
        }
    }

    /** The acoustic model, loaded on first use (a few seconds) and shared; one {@link #compute} at a time (its scorers cache). */
    public static synchronized PhoneticPosteriorgram shared() {
        if (shared == null) shared = new PhoneticPosteriorgram();
        return shared;
    }

    /**
     * Sphinx4 logs every model load and utterance at INFO through java.util.logging, under loggers
     * named by simple class name; the console handlers drop its records below WARNING.
     */
    private static void quietSphinx() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            Filter before = h.getFilter();
            h.setFilter(r -> !(r.getSourceClassName() != null && r.getSourceClassName().startsWith("edu.cmu.sphinx")
                    && r.getLevel().intValue() < Level.WARNING.intValue()) && (before == null || before.isLoggable(r)));
        }
    }

    /** Phone p's name in the model's phone set (e.g. "SIL", "AA", "+NSN+"). */
    public String phone(int p) {
        return names[p];
    }

    /** Index of a phone by name. */
    public int index(String phone) {
        for (int p = 0; p < PHONES; p++) if (names[p].equals(phone)) return p;
        throw new IllegalArgumentException("no phone " + phone);
    }

    /** Posteriors of 16 kHz mono speech, one row of {@link #PHONES} per 10 ms frame (none for under 26 ms of audio). */
    public synchronized float[][] compute(float[] mono16k) {
        byte[] pcm = new byte[2 * mono16k.length];
        // a fixed dither, −78 dB: Sphinx4's front end returns nothing at all for an utterance that is digital silence
        java.util.SplittableRandom dither = new java.util.SplittableRandom(DITHER_SEED);
        for (int i = 0; i < mono16k.length; i++) {
            int v = (int) Math.round(Math.max(-1, Math.min(1, mono16k[i])) * 32767 + DITHER_LEVELS * dither.nextGaussian());
            v = Math.max(-32768, Math.min(32767, v));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        StreamDataSource source = new StreamDataSource(LogMel.SAMPLE_RATE, 3200, 16, false, true);
        source.setInputStream(new ByteArrayInputStream(pcm));
        FrontEnd frontEnd;
        try {
            List<DataProcessor> chain = List.of(source, new DataBlocker(10), new Preemphasizer(0.97), new RaisedCosineWindower(0.46, 25.625f, 10f),
                    new DiscreteFourierTransform(-1, false), new AutoCepstrum(loader), new BatchCMN(), new DeltasFeatureExtractor(3),
                    new FeatureTransform(loader));
            frontEnd = new FrontEnd(chain);
        } catch (IOException e) {
            throw new IllegalStateException("Sphinx4's front end could not read the acoustic model's parameters", e);
        }
        List<Data> features = new ArrayList<>();
        for (Data d = frontEnd.getData(); d != null && !(d instanceof DataEndSignal); d = frontEnd.getData()) {
            if (d instanceof FloatData) features.add(d);
        }
        // the frames in contiguous parts, one per copy of the model: each frame's posteriors are its own, so the result is the same
        float[][] rows = new float[features.size()][];
        int part = (features.size() + SCORERS - 1) / SCORERS;
        java.util.stream.IntStream.range(0, SCORERS).parallel().forEach(i -> {
            for (int f = i * part; f < Math.min(features.size(), (i + 1) * part); f++) rows[f] = posteriors(senones[i], features.get(f));
        });
        return rows;
    }

    /** One frame's phone posteriors from one copy's states. */
    private float[] posteriors(Senone[] states, Data frame) {
        LogMath log = LogMath.getLogMath();
        double[] score = new double[PHONES], best = new double[PHONES], state = new double[states.length];
        // log-sum-exp per phone in two passes: one exp per state instead of two and a log
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < states.length; s++) {
            state[s] = log.logToLn(states[s].getScore(frame));
            best[phoneOf[s]] = Math.max(best[phoneOf[s]], state[s]);
        }
        for (int s = 0; s < states.length; s++) {
            if (best[phoneOf[s]] != Double.NEGATIVE_INFINITY) score[phoneOf[s]] += Math.exp(state[s] - best[phoneOf[s]]);
        }
        for (int p = 0; p < PHONES; p++) score[p] = best[p] == Double.NEGATIVE_INFINITY ? best[p] : best[p] + Math.log(score[p]);
        return softmax(score);
    }

    /**
     * The posteriors averaged over each video frame k's interval [k / fps, (k + 1) / fps): the
     * analysis frames whose centres fall in it; a frame none falls in (past the end, or a very high
     * fps) takes the nearest one's. {@code frames} rows of {@link #PHONES}.
     */
    public static float[][] perVideoFrame(float[][] posteriors, int frames, double fps) {
        float[][] out = new float[frames][PHONES];
        if (posteriors.length == 0) {
            for (float[] row : out) java.util.Arrays.fill(row, 1f / PHONES);
            return out;
        }
        for (int k = 0; k < frames; k++) {
            double from = k / fps, to = (k + 1) / fps;
            int first = (int) Math.ceil((from * LogMel.SAMPLE_RATE - 205) / 160), last = (int) Math.ceil((to * LogMel.SAMPLE_RATE - 205) / 160) - 1;
            first = Math.max(0, first);
            last = Math.min(posteriors.length - 1, last);
            if (first > last) {
                int nearest = Math.max(0, Math.min(posteriors.length - 1, (int) Math.round(((from + to) / 2 * LogMel.SAMPLE_RATE - 205) / 160)));
                out[k] = posteriors[nearest].clone();
                continue;
            }
            for (int i = first; i <= last; i++) for (int p = 0; p < PHONES; p++) out[k][p] += posteriors[i][p] / (last - first + 1);
        }
        return out;
    }

    /** Video frames in the window the lip generator reads around a frame: ±4, 160 ms each side at 25 fps. */
    public static final int WINDOW = 9;

    /**
     * The {@link #WINDOW} rows of per-video-frame posteriors centred on frame k (clamped to the
     * clip's {@code frames}), {@code row.apply(j)} giving frame j's, into {@code out} at {@code at}.
     */
    public static void window(java.util.function.IntFunction<float[]> row, int frames, int k, float[] out, int at) {
        for (int i = 0; i < WINDOW; i++) {
            int j = Math.max(0, Math.min(frames - 1, k - WINDOW / 2 + i));
            System.arraycopy(row.apply(j), 0, out, at + i * PHONES, PHONES);
        }
    }

    private static float[] softmax(double[] score) {
        double hi = Double.NEGATIVE_INFINITY, sum = 0;
        for (double s : score) hi = Math.max(hi, s);
        double[] e = new double[score.length];
        for (int p = 0; p < score.length; p++) sum += e[p] = Math.exp(SHARPNESS * (score[p] - hi));
        float[] out = new float[score.length];
        for (int p = 0; p < score.length; p++) out[p] = (float) (e[p] / sum);
        return out;
    }
}
