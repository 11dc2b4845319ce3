package org.speech2lip.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.speech2lip.Pearson;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.LipShape;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.MouthShapeBasis;
import org.speech2lip.model.MouthShapePredictor;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The mouth shapes of a subject's frames, real and predicted, and the training of the predictor
 * that makes them from speech ({@link ModelConfig.Mouth}). The predictor trains before the lips, in
 * two passes: first on the earlier {@link #FIT_SHARE} of the training frames, to measure on the rest
 * how far its smoothed predictions fall short of the real shapes' spread (the calibration) and how
 * well they follow them; then afresh on all training frames, keeping that calibration.
 */
public final class MouthShapeStage {
    /** Share of the training frames the first pass fits; it is measured on the rest. */
    static final double FIT_SHARE = 0.85;
    /** Each component's own stretch is kept within this: never shrink, at most this much. */
    static final double MAX_STRETCH = 3;

    /**
     * What the first pass measured on training frames it did not fit.
     *
     * @param openingR    correlation of the predicted shapes' opening with the real one
     * @param spreadRatio the predicted opening's spread over the real one, after calibration
     * @param calibration per-component scale
     * @param seconds     time both passes took
     */
    public record Report(double openingR, double spreadRatio, float[] calibration, double seconds) {}

    private final ModelConfig.Mouth cfg;
    private final SubjectData subject;
    private final MouthShapePredictor predictor;
    private final MouthShapeBasis basis;
    private final MouthShapePredictor.Standard standard;
    private final MouthShapePredictor.Speech speech;
    private final float[] real;
    private final int k;
    private float[] predicted;

    public MouthShapeStage(ModelConfig.Mouth cfg, SubjectData subject, MouthShapePredictor predictor) {
        this.cfg = cfg;
        this.subject = subject;
        this.predictor = predictor;
        k = cfg.components();
        double[][] shapes = subject.lipShapes();
        basis = MouthShapeBasis.fit(shapes, subject.trainFrames(), k);
        real = new float[subject.frames() * k];
        for (int f = 0; f < subject.frames(); f++) System.arraycopy(basis.coefficients(shapes[f]), 0, real, f * k, k);
        speech = speechOf(subject);
        standard = MouthShapePredictor.Standard.of(speech, subject.trainFrames());
    }

    /** The subject's own speech, frame by frame, as the predictor reads it. */
    public static MouthShapePredictor.Speech speechOf(SubjectData subject) {
        return new MouthShapePredictor.Speech() {
            @Override
            public int frames() {
                return subject.frames();
            }

            @Override
            public float[] mel(int f) {
                return subject.mel(f);
            }

            @Override
            public float[] ppg(int f) {
                return subject.ppg(f);
            }
        };
    }

    /** How every input is standardised: by the subject's training frames. */
    public MouthShapePredictor.Standard standard() {
        return standard;
    }

    public MouthShapeBasis basis() {
        return basis;
    }

    /** Frame f's real shape coefficients, into {@code out} at {@code at}. */
    public void real(int f, float[] out, int at) {
        System.arraycopy(real, f * k, out, at, k);
    }

    /** Frame f's predicted shape coefficients (smoothed, calibrated), into {@code out} at {@code at}. */
    public void predicted(int f, float[] out, int at) {
        System.arraycopy(predicted, f * k, out, at, k);
    }

    /** True once the predictor is trained (here or in the checkpoint it was loaded from). */
    public boolean ready() {
        return predictor.trained();
    }

    /** Works out the predicted shapes of every subject frame (of an untrained predictor: all the mean shape). */
    public void predictAll(ParameterStore ps, NDManager manager) {
        predicted = predictor.shapes(ps, manager, speech, standard);
    }

    /**
     * Trains the predictor (both passes) with the run's seed, each pass for at most {@code steps}
     * steps and half of {@code seconds} on {@code clock} (nanoseconds); returns what the first pass
     * measured.
     */
    public Report train(NDManager manager, long seed, int steps, double seconds, LongSupplier clock) {
        long start = clock.getAsLong();
        long passNanos = (long) Math.min(Long.MAX_VALUE / 4.0, seconds / 2 * 1e9);
        int train = subject.trainFrames(), fit = (int) Math.round(FIT_SHARE * train);
        int[] all = new int[subject.frames()];
        for (int f = 0; f < all.length; f++) all[f] = f;
        float[] inputs = predictor.inputs(speech, standard, all);
        Report report;
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            MouthShapePredictor probe = new MouthShapePredictor(cfg, predictor.features());
            Engine.getInstance().setRandomSeed((int) seed);
            probe.initialize(m, DataType.FLOAT32, new Shape(1, probe.inputDims()));
            fit(m, ps, probe, inputs, fit, seed, steps, clock.getAsLong() + passNanos, clock);
            float[] raw = rawShapes(m, ps, probe, inputs, fit, train);
            report = calibrate(MouthShapePredictor.smoothed(raw, k), fit, train);
        }
        ParameterStore ps = new ParameterStore(manager, false);
        fit(manager, ps, predictor, inputs, train, seed + 1, steps, clock.getAsLong() + passNanos, clock);
        predictor.calibrate(report.calibration());
        predictAll(ps, manager);
        return new Report(report.openingR(), report.spreadRatio(), report.calibration(), (clock.getAsLong() - start) / 1e9);
    }

    /** Adam on the squared error of the coefficients of frames [0, frames) (of each network of an ensemble), with the config's weight decay, until the steps or the deadline. */
    private void fit(NDManager manager, ParameterStore ps, MouthShapePredictor net, float[] inputs, int frames, long seed, int steps,
                     long deadline, LongSupplier clock) {
        int dims = net.inputDims(), b = cfg.batch();
        Adam adam = new Adam(manager, 1e-3);
        PairList<String, Parameter> params = net.getParameters();
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[b * dims], y = new float[b * k];
        for (int step = 0; step < steps && (step == 0 || clock.getAsLong() < deadline); step++) {
            for (int i = 0; i < b; i++) {
                int f = random.nextInt(frames);
                System.arraycopy(inputs, f * dims, x, i * dims, dims);
                System.arraycopy(real, f * k, y, i * k, k);
            }
            try (NDManager m = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray target = m.create(y, new Shape(b, k)), loss = m.zeros(new Shape());
                // an ensemble's networks each learn the whole shape
                for (NDArray out : net.forward(ps, net.input(m, x, b), true)) {
                    loss = loss.add(out.sub(target).square().sum().div(m.create((float) b)));
                }
                for (Pair<String, Parameter> p : params) {
                    if (p.getKey().endsWith("weight")) {
                        loss = loss.add(p.getValue().getArray().square().sum().mul(m.create((float) (cfg.weightDecay() / 2))));
                    }
                }
                gc.backward(loss);
            }
            adam.step(params);
        }
    }

    private float[] rawShapes(NDManager manager, ParameterStore ps, MouthShapePredictor net, float[] inputs, int from, int to) {
        int dims = net.inputDims();
        float[] x = new float[(to - from) * dims];
        System.arraycopy(inputs, from * dims, x, 0, x.length);
        try (NDManager m = manager.newSubManager()) {
            return net.forward(ps, net.input(m, x, to - from), false).head().toFloatArray();
        }
    }

    /**
     * The calibration from smoothed predictions of frames [from, to), and how well they follow the
     * real shapes: each component is stretched to the real spread (never shrunk, at most
     * {@link #MAX_STRETCH}), then all together so that the opening's spread matches the real one.
     */
    private Report calibrate(float[] shapes, int from, int to) {
        int n = to - from;
        float[] scale = new float[k];
        for (int c = 0; c < k; c++) {
            double[] p = new double[n], r = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = shapes[i * k + c];
                r[i] = real[(from + i) * k + c];
            }
            scale[c] = (float) Math.max(1, Math.min(MAX_STRETCH, spread(r) / Math.max(spread(p), 1e-9)));
        }
        double[] realOpening = new double[n];
        for (int i = 0; i < n; i++) realOpening[i] = LipShape.opening(subject.lipShapes()[from + i]);
        // the opening is not linear in the coefficients: a few rounds bring its spread to the real one
        for (int round = 0; round < 8; round++) {
            double ratio = spread(openings(shapes, scale, n)) / spread(realOpening);
            if (!(ratio > 0) || Math.abs(ratio - 1) < 0.005) break;
            for (int c = 0; c < k; c++) scale[c] /= (float) ratio;
        }
        double[] predictedOpening = openings(shapes, scale, n);
        return new Report(Pearson.correlation(predictedOpening, realOpening), spread(predictedOpening) / spread(realOpening), scale, 0);
    }

    private double[] openings(float[] shapes, float[] scale, int n) {
        double[] out = new double[n];
        float[] scaled = new float[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) scaled[c] = shapes[i * k + c] * scale[c];
            out[i] = LipShape.opening(basis.shape(scaled, 0));
        }
        return out;
    }

    private static double spread(double[] v) {
        double m = 0, s = 0;
        for (double x : v) m += x / v.length;
        for (double x : v) s += (x - m) * (x - m) / v.length;
        return Math.sqrt(s);
    }
}
