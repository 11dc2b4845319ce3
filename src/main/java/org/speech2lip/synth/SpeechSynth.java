package org.speech2lip.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Formant synthesis of consonant-vowel syllables ("ba", "mo", "li", ...) grouped into words and
 * phrases, with the mouth shape that goes with each sound. Sound and mouth are driven by the same
 * control tracks (1 ms steps, smoothed), so the mouth is a known function of the sound: its opening
 * follows the vowel's first formant, it is closed on bilabials and silence, and lip rounding follows
 * the vowel (o, u, w round; i, e spread).
 */
public final class SpeechSynth {
    public static final int SAMPLE_RATE = 16000;
    private static final int STEP = SAMPLE_RATE / 1000;   // samples per control step (1 ms)

    /**
     * The audio (16 kHz mono, peak 0.5), and per video frame the mean mouth opening (0 closed … 1
     * wide) and lip rounding (−1 spread … +1 rounded) over that frame's audio interval.
     */
    public record Speech(float[] audio, float[] opening, float[] rounding, String text) {}

    enum Vowel {
        A(730, 1090, 2440, 0), E(530, 1840, 2480, -0.6), I(270, 2290, 3010, -1), O(570, 840, 2410, 0.8), U(300, 870, 2240, 1);

        final double f1, f2, f3, rounding;

        Vowel(double f1, double f2, double f3, double rounding) {
            this.f1 = f1;
            this.f2 = f2;
            this.f3 = f3;
            this.rounding = rounding;
        }

        /** Jaw opening from the first formant: a low F1 (i, u) is a nearly closed jaw, a high F1 (a) wide open. */
        double opening() {
            return 0.15 + 0.85 * (f1 - 270) / (730 - 270);
        }
    }

    enum Consonant { B, M, P, W, L }

    /** Smoothed control tracks, one value per millisecond. */
    private static final class Tracks {
        final int n;
        final double[] amp, f1, f2, f3, open, round, burst;

        Tracks(int n) {
            this.n = n;
            amp = new double[n];
            f1 = new double[n];
            f2 = new double[n];
            f3 = new double[n];
            open = new double[n];
            round = new double[n];
            burst = new double[n];
        }

        void set(int from, int to, double a, double o, double r, double F1, double F2, double F3) {
            for (int i = Math.max(0, from); i < Math.min(n, to); i++) {
                amp[i] = a;
                open[i] = o;
                round[i] = r;
                f1[i] = F1;
                f2[i] = F2;
                f3[i] = F3;
            }
        }
    }

    private SpeechSynth() {}

    /** Speech of the given length; a different seed says a different sentence. */
    public static Speech generate(double seconds, double fps, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ms = (int) Math.round(seconds * 1000);
        Tracks tr = new Tracks(ms);
        Vowel last = Vowel.A;
        tr.set(0, ms, 0, 0, 0, last.f1, last.f2, last.f3);
        StringBuilder text = new StringBuilder();
        int t = 250 + rnd.nextInt(200);
        List<int[]> phrases = new ArrayList<>();
        while (t < ms - 700) {
            int start = t;
            int words = 2 + rnd.nextInt(3);
            for (int w = 0; w < words && t < ms - 600; w++) {
                int syllables = 1 + rnd.nextInt(3);
                for (int s = 0; s < syllables && t < ms - 400; s++) {
                    Consonant c = Consonant.values()[rnd.nextInt(Consonant.values().length)];
                    Vowel v = Vowel.values()[rnd.nextInt(Vowel.values().length)];
                    t = consonant(tr, t, c, v, last, rnd);
                    int len = 140 + rnd.nextInt(110);
                    tr.set(t, t + len, 1, v.opening(), v.rounding, v.f1, v.f2, v.f3);
                    t += len;
                    last = v;
                    text.append(c.name().toLowerCase()).append(v.name().toLowerCase());
                }
                holdFormants(tr, t, t + 800, last);
                text.append(' ');
                t += 60 + rnd.nextInt(80);
            }
            phrases.add(new int[] {start, t});
            text.setLength(text.length() - 1);
            text.append(", ");
            t += 300 + rnd.nextInt(450);
        }
        String said = text.length() > 2 ? text.substring(0, text.length() - 2) + "." : "";
        smooth(tr);
        float[] audio = render(tr, phrases, rnd, ms * STEP);
        return new Speech(audio, perFrame(tr.open, seconds, fps), perFrame(tr.round, seconds, fps), said);
    }

    /** Writes the consonant before vowel v starting at t; returns where the vowel starts. */
    private static int consonant(Tracks tr, int t, Consonant c, Vowel v, Vowel prev, SplittableRandom rnd) {
        int len = 60 + rnd.nextInt(30);
        switch (c) {
            case B -> {
                tr.set(t, t + len, 0, 0, 0, prev.f1, prev.f2, prev.f3);
                burst(tr, t + len, 6, 0.25);
            }
            case P -> {
                len += 20;
                tr.set(t, t + len, 0, 0, 0, prev.f1, prev.f2, prev.f3);
                burst(tr, t + len, 30, 0.4);
                tr.set(t + len, t + len + 30, 0.08, v.opening() * 0.6, v.rounding, v.f1, v.f2, v.f3);
                len += 30;
            }
            // the nasal murmur is quiet: lips are closed, sound leaves through the nose
            case M -> tr.set(t, t + len, 0.1, 0, 0, 250, 1200, 2500);
            case W -> tr.set(t, t + len, 0.45, 0.2, 1, 300, 700, 2200);
            case L -> tr.set(t, t + len, 0.5, 0.35, 0, 360, 1300, 2700);
        }
        return t + len;
    }

    private static void burst(Tracks tr, int at, int len, double level) {
        for (int i = at; i < Math.min(tr.n, at + len); i++) tr.burst[i] = level * Math.exp(-(i - at) / (len / 3.0));
    }

    /** During silence keep the last vowel's formants so nothing glides while the voice is off. */
    private static void holdFormants(Tracks tr, int from, int to, Vowel v) {
        for (int i = Math.max(0, from); i < Math.min(tr.n, to); i++) {
            tr.f1[i] = v.f1;
            tr.f2[i] = v.f2;
            tr.f3[i] = v.f3;
        }
    }

    /** Articulators move smoothly: a Gaussian of σ = 15 ms over every track except the bursts. */
    private static void smooth(Tracks tr) {
        double[] k = new double[61];
        double sum = 0;
        for (int i = 0; i < k.length; i++) sum += k[i] = Math.exp(-0.5 * Math.pow((i - 30) / 15.0, 2));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        for (double[] a : new double[][] {tr.amp, tr.f1, tr.f2, tr.f3, tr.open, tr.round}) {
            double[] src = a.clone();
            for (int i = 0; i < a.length; i++) {
                double acc = 0;
                for (int j = 0; j < k.length; j++) acc += k[j] * src[Math.max(0, Math.min(a.length - 1, i + j - 30))];
                a[i] = acc;
            }
        }
    }

    private static float[] render(Tracks tr, List<int[]> phrases, SplittableRandom rnd, int samples) {
        double baseF0 = 110 + rnd.nextDouble() * 30;
        double wanderPhase = rnd.nextDouble() * 2 * Math.PI;
        Resonator[] formants = {new Resonator(), new Resonator(), new Resonator()};
        double[] bandwidths = {70, 100, 140};
        float[] out = new float[samples];
        double phase = 0, period = 1, prevGlottal = 0, prevNoise = 0;
        int phraseIdx = 0;
        for (int n = 0; n < samples; n++) {
            int c = Math.min(tr.n - 1, n / STEP);
            if (n % STEP == 0) {
                formants[0].tune(tr.f1[c], bandwidths[0]);
                formants[1].tune(tr.f2[c], bandwidths[1]);
                formants[2].tune(tr.f3[c], bandwidths[2]);
            }
            while (phraseIdx < phrases.size() - 1 && c >= phrases.get(phraseIdx)[1]) phraseIdx++;
            int[] ph = phrases.isEmpty() ? new int[] {0, 1} : phrases.get(phraseIdx);
            double declination = -12 * Math.max(0, Math.min(1, (c - ph[0]) / (double) (ph[1] - ph[0])));
            phase += 1.0 / SAMPLE_RATE;
            if (phase >= period) {
                phase -= period;
                double f0 = baseF0 + declination + 6 * Math.sin(2 * Math.PI * 0.7 * n / SAMPLE_RATE + wanderPhase);
                period = 1 / (f0 * (1 + 0.015 * (rnd.nextDouble() * 2 - 1)));   // jitter
            }
            double glottal = rosenberg(phase / period);
            double noise = rnd.nextDouble() * 2 - 1;
            double source = (glottal - prevGlottal) * 8 + 0.02 * noise;   // differentiated flow ≈ lip radiation
            prevGlottal = glottal;
            double v = source;
            for (Resonator r : formants) v = r.filter(v);
            double burst = tr.burst[c] * (noise - prevNoise);   // high-passed noise
            prevNoise = noise;
            out[n] = (float) (tr.amp[c] * v + burst + 1e-4 * noise);
        }
        normalise(out, 0.5f);
        return out;
    }

    /** Rosenberg glottal flow pulse over one period: opening, closing, then closed. */
    private static double rosenberg(double x) {
        if (x < 0.4) return 0.5 * (1 - Math.cos(Math.PI * x / 0.4));
        if (x < 0.6) return Math.cos(0.5 * Math.PI * (x - 0.4) / 0.2);
        return 0;
    }

    /** Two-pole resonator with unity gain at 0 Hz, retunable without clicks (Klatt's form). */
    private static final class Resonator {
        double a, b, c, y1, y2;

        void tune(double freq, double bandwidth) {
            double r = Math.exp(-Math.PI * bandwidth / SAMPLE_RATE);
            b = 2 * r * Math.cos(2 * Math.PI * freq / SAMPLE_RATE);
            c = -r * r;
            a = 1 - b - c;
        }

        double filter(double x) {
            double y = a * x + b * y1 + c * y2;
            y2 = y1;
            y1 = y;
            return y;
        }
    }

    private static void normalise(float[] a, float peak) {
        float max = 1e-9f;
        for (float v : a) max = Math.max(max, Math.abs(v));
        for (int i = 0; i < a.length; i++) a[i] *= peak / max;
    }

    /** Mean of a 1 ms track over each video frame's interval [k/fps, (k+1)/fps). */
    private static float[] perFrame(double[] track, double seconds, double fps) {
        int frames = (int) Math.round(seconds * fps);
        float[] out = new float[frames];
        for (int k = 0; k < frames; k++) {
            int a = (int) Math.floor(k * 1000 / fps), b = Math.max(a + 1, (int) Math.floor((k + 1) * 1000 / fps));
            double s = 0;
            int cnt = 0;
            for (int i = a; i < Math.min(b, track.length); i++, cnt++) s += track[i];
            out[k] = (float) (cnt == 0 ? 0 : s / cnt);
        }
        return out;
    }
}
