package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.speech2lip.media.PhoneticPosteriorgram;

import java.util.function.IntFunction;

/**
 * Speech to mouth shape: a frame's {@link MouthShapeBasis} coefficients from the speech around it
 * (±{@link #CONTEXT} frames, 0.52 s): the log-mel of each frame's own 40 ms and/or its phonetic
 * posteriors, each standardised by the subject's training frames. A one-hidden-layer network with
 * dropout on its input and hidden units: on the shared clips it predicts the held-out opening
 * about as well as a ridge regression on the subject's own voice and better on other voices.
 *
 * <p>With both features and {@link ModelConfig.Mouth#ensemble()}, two such networks, one reading
 * the log-mel and one the posteriors, each trained as a whole predictor, and the shape is their
 * weighted mean ({@link #MEL_SHARE}): the mel network follows the subject's own voice closely,
 * the posteriors carry to other voices, and one network reading both leans on the mel and loses
 * some of each.
 *
 * <p>Its output is smoothed over time and scaled per component ({@link #shapes}) by a calibration
 * measured on frames it did not train on, so the predicted mouths open as far as the real ones; a
 * calibration of zeros means the predictor is not trained yet.
 *
 * <p>Input ({@link #input}): (B, {@link #inputDims}), or an ensemble's mel (B, 13 × 80) and posteriors
 * (B, 13 × 42); output (B, components), before smoothing and calibration (in
 * training, one such output per network).
 */
public final class MouthShapePredictor extends AbstractBlock {
    /** Frames of speech on each side of the predicted frame. */
    public static final int CONTEXT = 6, WINDOW = 2 * CONTEXT + 1;
    /** Rows of a frame's 16-row mel window that fall within the frame's own 40 ms (80 rows a second at 25 fps). */
    private static final int OWN_ROWS = 3, MEL_BINS = AudioEncoder.MEL_BINS, PHONES = PhoneticPosteriorgram.PHONES;
    /** Spread (frames) of the Gaussian that smooths predicted shapes over time. */
    public static final double SMOOTHING = 1.0;

    /**
     * Weight of the mel network in an ensemble. Measured on cnn_71s (the fast preset's predictor,
     * geometric opening of the predicted shapes, its held-out tenth and six other shared voices,
     * best lag within ±3 frames, two seeds): own r 0.70 / 0.68 and others' mean 0.49 / 0.49, against
     * 0.63 / 0.55 and 0.49 / 0.51 for one network reading both; mel alone 0.72 / 0.40, posteriors
     * alone 0.59 / 0.50.
     */
    public static final double MEL_SHARE = 0.4;

    private final ModelConfig.SpeechInput features;
    private final int components;
    /** One network reading every feature; in an ensemble, the mel network, then the posteriors' one. */
    private final Head[] heads;
    private final Parameter calibration;

    /** Dropout, hidden layer, ReLU, dropout, output: a frame's input to its shape. */
    private record Head(Block inputDropout, Block hidden, Block hiddenDropout, Block out) {
        NDArray forward(ParameterStore ps, NDArray x, boolean training) {
            x = inputDropout.forward(ps, new NDList(x), training).head();
            x = Activation.relu(hidden.forward(ps, new NDList(x), training).head());
            x = hiddenDropout.forward(ps, new NDList(x), training).head();
            return out.forward(ps, new NDList(x), training).head();
        }

        void initialize(NDManager manager, DataType dataType, Shape in) {
            inputDropout.initialize(manager, dataType, in);
            hidden.initialize(manager, dataType, in);
            Shape h = hidden.getOutputShapes(new Shape[] {in})[0];
            hiddenDropout.initialize(manager, dataType, h);
            out.initialize(manager, dataType, h);
        }
    }

    public MouthShapePredictor(ModelConfig.Mouth cfg, ModelConfig.SpeechInput features) {
        this.features = features;
        this.components = cfg.components();
        // the first head's block names are those of models written before ensembles existed
        Head first = head(cfg, "");
        heads = cfg.ensemble() && features == ModelConfig.SpeechInput.BOTH ? new Head[] {first, head(cfg, "ppg")} : new Head[] {first};
        calibration = addParameter(Parameter.builder().setName("calibration").setType(Parameter.Type.OTHER)
                .optShape(new Shape(components)).optInitializer(Initializer.ZEROS).optRequiresGrad(false).build());
    }

    private Head head(ModelConfig.Mouth cfg, String prefix) {
        return new Head(addChildBlock(named(prefix, "inputDropout"), Dropout.builder().optRate((float) cfg.inputDropout()).build()),
                addChildBlock(named(prefix, "hidden"), Linear.builder().setUnits(cfg.hidden()).build()),
                addChildBlock(named(prefix, "hiddenDropout"), Dropout.builder().optRate((float) cfg.dropout()).build()),
                addChildBlock(named(prefix, "out"), Linear.builder().setUnits(components).build()));
    }

    /** {@code ppg} and {@code hidden} give {@code ppgHidden}. */
    private static String named(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public int components() {
        return components;
    }

    /** True when two networks, one per feature, make the shape together. */
    public boolean ensemble() {
        return heads.length == 2;
    }

    public ModelConfig.SpeechInput features() {
        return features;
    }

    /** Size of one frame's input for the features read. */
    public int inputDims() {
        return WINDOW * ((features.mel() ? MEL_BINS : 0) + (features.ppg() ? PHONES : 0));
    }

    /** True once {@link #calibrate} has run (a trained predictor, or one loaded from a trained model). */
    public boolean trained() {
        float[] c = calibration.getArray().toFloatArray();
        for (float v : c) if (v != 0) return true;
        return false;
    }

    public float[] calibration() {
        return calibration.getArray().toFloatArray();
    }

    /** Sets the per-component scale applied after smoothing. */
    public void calibrate(float[] scale) {
        calibration.getArray().set(scale);
    }

    /** Per-frame speech, as the subject directory and a render's driving speech both give it. */
    public interface Speech {
        int frames();

        /** Frame k's 16 × 80 mel window (its first rows are the frame's own 40 ms). */
        float[] mel(int k);

        /** Frame k's phonetic posteriors. */
        float[] ppg(int k);
    }

    /** Mean and spread of each input feature over a subject's training frames, which standardise every input. */
    public record Standard(float[] melMean, float[] melSpread, float[] ppgMean, float[] ppgSpread) {
        public static Standard of(Speech speech, int frames) {
            float[] mm = new float[MEL_BINS], ms = new float[MEL_BINS], pm = new float[PHONES], pp = new float[PHONES];
            double[][] mel = new double[2][MEL_BINS], ppg = new double[2][PHONES];
            for (int k = 0; k < frames; k++) {
                float[] m = ownMel(speech.mel(k)), p = speech.ppg(k);
                for (int i = 0; i < MEL_BINS; i++) {
                    mel[0][i] += m[i];
                    mel[1][i] += (double) m[i] * m[i];
                }
                for (int i = 0; i < PHONES; i++) {
                    ppg[0][i] += p[i];
                    ppg[1][i] += (double) p[i] * p[i];
                }
            }
            fill(mel, frames, mm, ms);
            fill(ppg, frames, pm, pp);
            return new Standard(mm, ms, pm, pp);
        }

        private static void fill(double[][] sums, int n, float[] mean, float[] spread) {
            for (int i = 0; i < mean.length; i++) {
                double m = sums[0][i] / n;
                mean[i] = (float) m;
                spread[i] = (float) Math.sqrt(Math.max(sums[1][i] / n - m * m, 0) + 1e-6);
            }
        }
    }

    /** The log-mel of a frame's own 40 ms: the mean of its window's first rows. */
    private static float[] ownMel(float[] window) {
        float[] out = new float[MEL_BINS];
        for (int r = 0; r < OWN_ROWS; r++) for (int i = 0; i < MEL_BINS; i++) out[i] += window[r * MEL_BINS + i] / OWN_ROWS;
        return out;
    }

    /** Standardised inputs of frames {@code ks}, (ks.length × {@link #inputDims}) row-major; neighbours past the clip's ends repeat its end frames. */
    public float[] inputs(Speech speech, Standard standard, int[] ks) {
        int n = speech.frames(), dims = inputDims();
        float[][] mel = new float[n][], ppg = new float[n][];
        float[] x = new float[ks.length * dims];
        // a single network reads each neighbour's mel then posteriors; an ensemble every mel, then
        // every posterior, so that each of its networks reads one slice
        int perFrame = dims / WINDOW, melStride = ensemble() ? MEL_BINS : perFrame, ppgStride = ensemble() ? PHONES : perFrame;
        int ppgStart = ensemble() ? WINDOW * MEL_BINS : features.mel() ? MEL_BINS : 0;
        for (int b = 0; b < ks.length; b++) {
            for (int o = -CONTEXT; o <= CONTEXT; o++) {
                int j = Math.max(0, Math.min(n - 1, ks[b] + o)), w = o + CONTEXT;
                if (features.mel()) {
                    if (mel[j] == null) mel[j] = ownMel(speech.mel(j));
                    int at = b * dims + w * melStride;
                    for (int i = 0; i < MEL_BINS; i++) x[at + i] = (mel[j][i] - standard.melMean()[i]) / standard.melSpread()[i];
                }
                if (features.ppg()) {
                    if (ppg[j] == null) ppg[j] = speech.ppg(j);
                    int at = b * dims + ppgStart + w * ppgStride;
                    for (int i = 0; i < PHONES; i++) x[at + i] = (ppg[j][i] - standard.ppgMean()[i]) / standard.ppgSpread()[i];
                }
            }
        }
        return x;
    }

    /**
     * The network input of {@code n} frames' {@link #inputs}: one (n, inputDims) array, or for an
     * ensemble the mel part and the posteriors part as two arrays, cut here rather than by indexing
     * a native array.
     */
    public NDList input(NDManager manager, float[] x, int n) {
        int dims = inputDims();
        if (!ensemble()) return new NDList(manager.create(x, new Shape(n, dims)));
        int melDims = WINDOW * MEL_BINS, ppgDims = dims - melDims;
        float[] mel = new float[n * melDims], ppg = new float[n * ppgDims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * dims, mel, i * melDims, melDims);
            System.arraycopy(x, i * dims + melDims, ppg, i * ppgDims, ppgDims);
        }
        return new NDList(manager.create(mel, new Shape(n, melDims)), manager.create(ppg, new Shape(n, ppgDims)));
    }

    /**
     * Every frame's predicted shape, smoothed over time and calibrated: frames × components,
     * row-major, in the basis's units.
     */
    public float[] shapes(ParameterStore ps, NDManager manager, Speech speech, Standard standard) {
        return calibrated(smoothed(raw(ps, manager, speech, standard, 0, speech.frames()), components), calibration());
    }

    /** Uncalibrated, unsmoothed predictions for frames [from, to). */
    public float[] raw(ParameterStore ps, NDManager manager, Speech speech, Standard standard, int from, int to) {
        int chunk = 512, k = components;
        float[] all = new float[(to - from) * k];
        for (int start = from; start < to; start += chunk) {
            int end = Math.min(to, start + chunk);
            int[] ks = new int[end - start];
            for (int i = 0; i < ks.length; i++) ks[i] = start + i;
            try (NDManager m = manager.newSubManager()) {
                float[] part = forward(ps, input(m, inputs(speech, standard, ks), ks.length), false).head().toFloatArray();
                System.arraycopy(part, 0, all, (start - from) * k, part.length);
            }
        }
        return all;
    }

    /** Shapes smoothed over time with a Gaussian of {@link #SMOOTHING} frames, ends held. */
    public static float[] smoothed(float[] shapes, int k) {
        int n = shapes.length / k, reach = (int) Math.ceil(3 * SMOOTHING);
        double[] kernel = new double[2 * reach + 1];
        double total = 0;
        for (int i = -reach; i <= reach; i++) total += kernel[i + reach] = Math.exp(-0.5 * i * i / (SMOOTHING * SMOOTHING));
        float[] out = new float[shapes.length];
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int i = -reach; i <= reach; i++) s += kernel[i + reach] * shapes[Math.max(0, Math.min(n - 1, f + i)) * k + c];
                out[f * k + c] = (float) (s / total);
            }
        }
        return out;
    }

    private static float[] calibrated(float[] shapes, float[] scale) {
        float[] out = shapes.clone();
        for (int i = 0; i < out.length; i++) out[i] *= scale[i % scale.length];
        return out;
    }

    /**
     * Training: each network's shapes, one array per network, each to be fitted to the real shapes
     * on its own. Inference: one array, the networks' weighted mean.
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!ensemble()) return new NDList(heads[0].forward(ps, inputs.get(0), training));
        NDArray mel = heads[0].forward(ps, inputs.get(0), training), ppg = heads[1].forward(ps, inputs.get(1), training);
        if (training) return new NDList(mel, ppg);
        // weights as arrays, not Numbers: see the package's note on DJL 0.32
        NDManager m = mel.getManager();
        return new NDList(mel.mul(m.create((float) MEL_SHARE)).add(ppg.mul(m.create((float) (1 - MEL_SHARE)))));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        if (!ensemble()) {
            heads[0].initialize(manager, dataType, inputShapes[0]);
            return;
        }
        heads[0].initialize(manager, dataType, new Shape(b, (long) WINDOW * MEL_BINS));
        heads[1].initialize(manager, dataType, new Shape(b, (long) WINDOW * PHONES));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), components)};
    }
}
