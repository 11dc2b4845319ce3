package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.speech2lip.ThreadGovernor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Trains the {@link SyncExpert} on one subject: every step shows it B five-frame lip windows from
 * the training split with their own audio (synced) and with audio shifted by at least 5 frames
 * (unsynced), and fits a logistic of the scaled cosine with binary cross-entropy. No pretrained
 * expert exists here, so the subject's own video is the only teacher.
 */
public final class SyncExpertTrainer {
    /** Logit = SCALE · cosine: a cosine of ±1 is then a confident 99 % / 1 %. */
    private static final float SCALE = 5;

    /**
     * @param batch        lip windows per step (each is paired with a synced and an unsynced audio)
     * @param seconds      stop after this much training time …
     * @param maxSteps     … or this many steps, whichever comes first
     * @param progress     told the number of steps done after each step
     * @param clock        nanoseconds, for the time budget (tests simulate it)
     */
    public record Options(int batch, float learningRate, double seconds, int maxSteps, long seed, IntConsumer progress, LongSupplier clock) {
        public Options(int batch, float learningRate, double seconds, int maxSteps, long seed, IntConsumer progress) {
            this(batch, learningRate, seconds, maxSteps, seed, progress, System::nanoTime);
        }

        public static Options defaults() {
            return new Options(32, 1e-3f, 600, 20_000, 1, step -> {});
        }

        public Options withBudget(double s, int steps) {
            return new Options(batch, learningRate, s, steps, seed, progress, clock);
        }
    }

    /**
     * How well the expert separates synced from unsynced pairs on windows it never saw.
     *
     * @param accuracy     balanced accuracy of the decision cosine > 0 (synced) over the synced
     *                     pairs and the unsynced pairs (every pair of windows ≥ 5 frames apart)
     * @param rankAccuracy share of unsynced pairs whose cosine is below that of the same lips'
     *                     synced audio
     */
    public record Evaluation(int windows, double accuracy, double rankAccuracy, double meanCosAligned, double meanCosShifted) {}

    /** @param skipped steps whose loss or gradient was not finite, which changed nothing; {@code finalLoss} is the last finite step's */
    public record Result(int steps, int skipped, double msPerStep, double finalLoss, Evaluation heldOut) {}

    private SyncExpertTrainer() {}

    /**
     * Trains {@code expert} (initialised here with {@code manager}, which then owns its parameters,
     * unless it already is) on the training split and evaluates it on the test split.
     */
    public static Result train(SyncExpert expert, NDManager manager, SyncWindows data, Options opt) {
        if (!expert.isInitialized()) {
            Engine.getInstance().setRandomSeed((int) opt.seed());
            expert.initialize(manager, DataType.FLOAT32, expert.inputShapes(opt.batch()));
        }
        int last = data.trainFrames() - SyncExpert.FRAMES;
        if (last < SyncWindows.MIN_SHIFT) throw new IllegalArgumentException("a training split of " + data.trainFrames() + " frames is too short for the sync expert");
        SplittableRandom rnd = new SplittableRandom(opt.seed());
        Loss bce = Loss.sigmoidBinaryCrossEntropyLoss();
        int steps = 0, skipped = 0;
        float loss = Float.NaN;
        long start = opt.clock().getAsLong();
        // Optimizer state is made next to the weights: a scope frees it when training ends.
        try (NDManager scope = manager.newSubManager()) {
            PairList<String, Parameter> params = expert.getParameters();
            for (Pair<String, Parameter> p : params) p.getValue().getArray().tempAttach(scope);
            StepGuard guard = new StepGuard(params);
            ParameterStore ps = new ParameterStore(scope, false);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(opt.learningRate())).build();
            ps.setParameterServer(new LocalParameterServer(adam), new Device[] {manager.getDevice()});
            TrainingLanes lanes = TrainingLanes.forPhase("sync expert", !manager.getDevice().isGpu());
            ThreadGovernor threads = lanes.governor();
            try (lanes) {
                while (steps < opt.maxSteps() && (opt.clock().getAsLong() - start) / 1e9 < opt.seconds()) {
                    threads.begin();
                    int b = opt.batch();
                    int[] lips = new int[b], audio = new int[2 * b];
                    for (int i = 0; i < b; i++) {
                        lips[i] = audio[i] = rnd.nextInt(last + 1);
                        audio[b + i] = SyncWindows.shifted(lips[i], 0, data.trainFrames(), rnd);
                    }
                    // each part its share of the windows, its loss weighted by that share: the parts sum to the batch's mean
                    float[] parts = new float[TrainingLanes.PARTS];
                    lanes.run(p -> {
                        int[] range = TrainingLanes.part(b, p);
                        int from = range[0], to = range[1], n = to - from;
                        if (n == 0) return;
                        int[] own = new int[2 * n];
                        System.arraycopy(audio, from, own, 0, n);
                        System.arraycopy(audio, b + from, own, n, n);
                        try (NDManager step = scope.newSubManager()) {
                            NDArray l = loss(expert, ps, step, data, Arrays.copyOfRange(lips, from, to), own, bce).mul(step.create((float) n / b));
                            parts[p] = l.getFloat();
                            if (Float.isFinite(parts[p])) TrainingLanes.backward(l);
                        }
                    });
                    float stepLoss = 0;
                    for (float v : parts) stepLoss += v;
                    // a step whose loss or gradient is not finite changes nothing
                    if (Float.isFinite(stepLoss) && StepGuard.finite(params)) {
                        ps.updateAllParameters();
                        guard.kept();
                        loss = stepLoss;
                    } else {
                        guard.refused();
                        skipped++;
                    }
                    threads.end(1);
                    steps++;
                    opt.progress().accept(steps);
                }
            }
            ComputeThreads.done(threads);
        }
        double ms = (opt.clock().getAsLong() - start) / 1e6 / Math.max(1, steps);
        return new Result(steps, skipped, ms, loss, evaluate(expert, manager, data, data.trainFrames(), data.frames()));
    }

    /**
     * Binary cross-entropy of the scaled cosine over the windows starting at {@code lips} with their
     * own audio ({@code audio}'s first half, synced) and with the shifted audio of its second half.
     */
    private static NDArray loss(SyncExpert expert, ParameterStore ps, NDManager step, SyncWindows data, int[] lips, int[] audio, Loss bce) {
        int n = lips.length;
        NDList out = expert.forward(ps, new NDList(data.faces(step, lips), data.mel(step, audio)), true);
        NDArray face = out.get(0).concat(out.get(0));
        // an array, not a Number: DJL frees a Number operand before backward reads it (package doc)
        NDArray logits = SyncExpert.cosine(face, out.get(1)).mul(step.create(SCALE));
        NDArray labels = step.ones(new Shape(n)).concat(step.zeros(new Shape(n)));
        return bce.evaluate(new NDList(labels), new NDList(logits));
    }

    /** Scores every window starting in [from, to − 5] against every audio window in the same range. */
    public static Evaluation evaluate(SyncExpert expert, NDManager manager, SyncWindows data, int from, int to) {
        int n = to - SyncExpert.FRAMES - from + 1;
        if (n <= SyncWindows.MIN_SHIFT) throw new IllegalArgumentException("[" + from + ", " + to + ") is too short to hold unsynced pairs");
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) starts[i] = from + i;
        float[] cos;
        try (NDManager scope = manager.newSubManager()) {
            NDList out = expert.forward(new ParameterStore(scope, false), new NDList(data.faces(scope, starts), data.mel(scope, starts)), false);
            cos = out.get(0).matMul(out.get(1).transpose()).toFloatArray();
        }
        double aligned = 0, shifted = 0, alignedRight = 0, shiftedRight = 0, ranked = 0;
        int pairs = 0;
        for (int k = 0; k < n; k++) {
            float own = cos[k * n + k];
            aligned += own;
            if (own > 0) alignedRight++;
            for (int j = 0; j < n; j++) {
                if (Math.abs(j - k) < SyncWindows.MIN_SHIFT) continue;
                float c = cos[k * n + j];
                shifted += c;
                if (c < 0) shiftedRight++;
                if (c < own) ranked++;
                pairs++;
            }
        }
        return new Evaluation(n, (alignedRight / n + shiftedRight / pairs) / 2, ranked / pairs, aligned / n, shifted / pairs);
    }
}
