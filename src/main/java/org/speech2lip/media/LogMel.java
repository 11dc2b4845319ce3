package org.speech2lip.media;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The log-mel spectrogram of Wav2Lip's audio front end, computed the same way so models trained
 * on it can be used unchanged: 16 kHz mono input, pre-emphasis 0.97, centred STFT (n_fft 800,
 * hop 200, periodic Hann window, reflection padding), magnitude, 80 Slaney-normalised mel bands
 * from 55 to 7600 Hz (librosa.filters.mel defaults), 20·log10 amplitude in dB minus 20, then
 * scaled from [-100, 0] dB to [-4, 4] and clipped. That is 80 mel frames per second.
 *
 * <p>{@link #windowsPerFrame} cuts it into the per-video-frame 16 × 80 windows (0.2 s of audio
 * starting at the frame) that the Wav2Lip sync expert and generator take as their audio input.
 * Unlike Wav2Lip's inference script, which moves the last windows back to end at the last mel
 * frame, a window running past the end here is padded by repeating the last mel frame, so window
 * k always starts at frame k's own time.
 */
public final class LogMel {
    public static final int SAMPLE_RATE = 16000;
    public static final int N_FFT = 800;
    public static final int HOP = 200;
    public static final int N_MELS = 80;
    public static final int WINDOW = 16;
    public static final double MEL_FRAMES_PER_SECOND = (double) SAMPLE_RATE / HOP;

    private static final double PREEMPHASIS = 0.97;
    private static final double FMIN = 55;
    private static final double FMAX = 7600;
    private static final double REF_LEVEL_DB = 20;
    private static final double MIN_LEVEL_DB = -100;
    private static final double MAX_ABS = 4;

    private static final double[] HANN = periodicHann(N_FFT);
    private static final double[][] FILTERS = melFilters();

    private LogMel() {}

    /** The spectrogram as [T][80], T = 1 + samples.length / 200. */
    public static float[][] compute(float[] mono16k) {
        if (mono16k.length == 0) throw new IllegalArgumentException("no audio samples");
        double[] y = preemphasis(mono16k);
        int frames = 1 + y.length / HOP;
        DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
        double[] buf = new double[N_FFT];
        double[] magnitude = new double[N_FFT / 2 + 1];
        float[][] mel = new float[frames][N_MELS];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < N_FFT; i++) {
                buf[i] = HANN[i] * y[reflect(t * HOP + i - N_FFT / 2, y.length)];
            }
            fft.realForward(buf);
            // realForward packs bin 0 and bin n/2 (both real) into buf[0] and buf[1].
            magnitude[0] = Math.abs(buf[0]);
            magnitude[N_FFT / 2] = Math.abs(buf[1]);
            for (int k = 1; k < N_FFT / 2; k++) {
                magnitude[k] = Math.sqrt(buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1]);
            }
            for (int m = 0; m < N_MELS; m++) {
                double energy = 0;
                for (int k = 0; k < magnitude.length; k++) {
                    energy += FILTERS[m][k] * magnitude[k];
                }
                mel[t][m] = (float) normalise(20 * Math.log10(Math.max(1e-5, energy)) - REF_LEVEL_DB);
            }
        }
        return mel;
    }

    /**
     * For each video frame k, the 16 mel frames starting at (int) (80 · k / fps), as [numFrames][16][80];
     * rows past the end repeat the last mel frame. Rows are copies.
     */
    public static float[][][] windowsPerFrame(float[][] mel, int numFrames, double fps) {
        float[][][] windows = new float[numFrames][WINDOW][];
        for (int k = 0; k < numFrames; k++) {
            int start = (int) (MEL_FRAMES_PER_SECOND * k / fps);
            for (int i = 0; i < WINDOW; i++) {
                windows[k][i] = mel[Math.min(start + i, mel.length - 1)].clone();
            }
        }
        return windows;
    }

    /** Slaney's mel scale (librosa's default, htk=False): linear below 1 kHz, logarithmic above. */
    static double hzToMel(double hz) {
        return hz < 1000 ? hz * 3 / 200 : 15 + Math.log(hz / 1000) * 27 / Math.log(6.4);
    }

    static double melToHz(double mel) {
        return mel < 15 ? mel * 200 / 3 : 1000 * Math.exp((mel - 15) * Math.log(6.4) / 27);
    }

    private static double normalise(double db) {
        double s = 2 * MAX_ABS * (db - MIN_LEVEL_DB) / -MIN_LEVEL_DB - MAX_ABS;
        return Math.max(-MAX_ABS, Math.min(MAX_ABS, s));
    }

    private static double[] preemphasis(float[] x) {
        double[] y = new double[x.length];
        y[0] = x[0];
        for (int n = 1; n < x.length; n++) {
            y[n] = x[n] - PREEMPHASIS * x[n - 1];
        }
        return y;
    }

    /** Index i mirrored into [0, n) without repeating the edge sample, as numpy's "reflect" pad. */
    private static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }

    private static double[] periodicHann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** Triangular filters between consecutive mel-spaced edges, each scaled to unit area (Slaney). */
    private static double[][] melFilters() {
        double[] edges = new double[N_MELS + 2];
        double lo = hzToMel(FMIN);
        double hi = hzToMel(FMAX);
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (N_MELS + 1));
        }
        double[][] filters = new double[N_MELS][N_FFT / 2 + 1];
        for (int m = 0; m < N_MELS; m++) {
            double norm = 2 / (edges[m + 2] - edges[m]);
            for (int k = 0; k <= N_FFT / 2; k++) {
                double f = (double) k * SAMPLE_RATE / N_FFT;
                double rising = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double falling = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                filters[m][k] = norm * Math.max(0, Math.min(rising, falling));
            }
        }
        return filters;
    }
}
