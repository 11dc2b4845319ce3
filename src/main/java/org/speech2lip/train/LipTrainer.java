package org.speech2lip.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.speech2lip.GracefulStop;
import org.speech2lip.ThreadGovernor;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.Versions;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.PhoneticPosteriorgram;
import org.speech2lip.model.AudioEncoder;
import org.speech2lip.model.BlendNet;
import org.speech2lip.model.CanonicalDepth;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.model.ContinuousSampling;
import org.speech2lip.model.LipField;
import org.speech2lip.model.LipGenerator;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.StepGuard;
import org.speech2lip.model.SyncExpert;
import org.speech2lip.model.TimeCode;
import org.speech2lip.model.TrainingLanes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Speech2Lip training (paper §4, SPEC §4). Each step samples {@code batchFrames} training frames
 * and adds up, with the config's weights:
 * <ul>
 *   <li>L_m: the lip generator against the canonical lip crops, L2 over {@code lip_valid} pixels,
 *       through continuous sampling ({@code lipPixels} lip-box pixels over the batch);</li>
 *   <li>L_d: the photometric loss of the learnable canonical depth (frames warped into a window of
 *       the canonical view around the lip box must match the canonical frame outside the mouth),
 *       with its smoothness term;</li>
 *   <li>L_w: lips pasted into the mouth windows of {@code blend.windows} frames, with black holes,
 *       through the Blend-Net, against the real windows ({@link MouthWindowLoss});</li>
 *   <li>in stage 2 only, L_s: the contrastive sync loss of {@code sync.lossWindows} generated
 *       five-frame windows, judged by the frozen sync expert ({@link SyncStage}); the Blend-Net is
 *       frozen then.</li>
 * </ul>
 * The sync expert is trained first, before step 0, and its time counts against a time budget;
 * {@link Schedule} fixes the stage-2 step and the run's length.
 *
 * <p>The model directory is claimed for the subject and preset; if it holds a checkpoint, training
 * resumes from it exactly (parameters, Adam moments, step, stage, data order). A run checkpoints
 * every {@code checkpointMinutes}, at the end, and when the JVM is shut down (Ctrl-C). It validates
 * on the test split every {@code validationMinutes} of training time and at the end, into the
 * model's {@link ValidationLog}.
 */
public final class LipTrainer implements AutoCloseable {
    /** Steps run before timing starts (see {@link Schedule}). */
    static final int WARM_UP_STEPS = Schedule.WARM_UP_STEPS;

    /** One step's loss values, unweighted; window, structural and sync are 0 where a step has none. */
    public record Losses(double lip, double depth, double smoothness, double window, double structural, double sync) {}

    /** Told after every step, and after every validation. */
    public interface Listener {
        void stepped(TrainState state, Losses losses);

        default void validated(Validation.Result result) {}

        /** Told while the sync expert trains, before step 0: steps done of at most {@code maxSteps}. */
        default void expertStepped(int step, int maxSteps) {}

        /** Told once the sync expert is trained and tested. */
        default void expertTrained(SyncStage.Report report) {}

        /** Told once the mouth-shape predictor is trained, before the sync expert. */
        default void shapeTrained(MouthShapeStage.Report report) {}
    }

    private final ModelConfig cfg;
    private final SubjectData subject;
    private final Path modelDir;
    private final NDManager manager;
    private final ParameterStore store;
    private final LipGenerator generator;
    private final CanonicalDepth depth;
    private final BlendNet blend;
    private final MouthWindowLoss windowLoss;
    private final Map<String, Block> blocks;
    private final SyncStage sync;
    /** The subject's real and predicted mouth shapes; null on the paper's path. */
    private final MouthShapeStage shapes;
    private final Schedule schedule;
    private final PairList<String, Parameter> parameters = new PairList<>();
    private final Adam adam;
    private final int lipH, lipW, size;
    private final Rect lipBox, region;
    private final float[] canonicalPatch, depthMask;
    private final boolean resumed;
    private final Validation validation;
    private final ValidationLog log;
    private TrainState state;
    private MouthShapeStage.Report shapeReport;
    private volatile boolean stopRequested;
    /**
     * Steps skipped because their loss or gradient held a NaN or an infinity, which would otherwise
     * poison every weight (a convolution kernel reading uncleared memory did so once in a few hundred
     * stage-2 steps before {@code AlignedConv2d}).
     */
    private int skippedSteps, skippedInARow;
    private boolean lastStepSkipped;
    /** Puts back what a skipped step moved; made at the first step, after a resumed run's weights are loaded. */
    private StepGuard guard;
    /** A run whose steps are all skipped is not training: it stops after this many in a row. */
    static final int MAX_SKIPPED_IN_A_ROW = 50;
    /** The lip steps' thread governor, and its CPU received and asked for at the previous validation. */
    private ThreadGovernor lipThreads;
    /** Where a step's parts run: in turn on the calling thread, except while {@link #run} runs them in lanes. */
    private static final TrainingLanes ONE_LANE = new TrainingLanes(1, 1);
    private TrainingLanes lanes = ONE_LANE;
    private double cpuGotBefore, cpuAskedBefore;
    /** Nanoseconds, for step times, the time budget and checkpoints; a test may simulate it. */
    private LongSupplier clock = System::nanoTime;

    /**
     * A trainer of {@code cfg} on {@code subject} into {@code modelDir} on {@code device}: claims the
     * directory (refusing another subject's or preset's) and resumes from its checkpoint if it has one.
     */
    public LipTrainer(ModelConfig cfg, SubjectData subject, Path modelDir, Device device) {
        this.cfg = cfg;
        this.subject = subject;
        this.modelDir = modelDir;
        new ModelDirectory(modelDir).claim(subject.path(), subject.meta(), cfg, "speech2lip " + Versions.PROJECT);
        lipBox = subject.lipBox();
        lipH = lipBox.h();
        lipW = lipBox.w();
        size = subject.meta().crop().size();
        region = around(lipBox, size);
        RgbImage canonical = subject.workingFrames().get(subject.meta().canonicalFrame());
        canonicalPatch = new float[3 * region.w() * region.h()];
        chw(canonical, region, canonicalPatch, 0);
        depthMask = outsideMouth(subject.canonicalFaceMask());

        manager = NDManager.newBaseManager(device);
        store = new ParameterStore(manager, false);
        long seed = cfg.training().seed();
        // parameter initialisation draws from the engine's generator
        Engine.getInstance().setRandomSeed((int) seed);
        Networks networks = Networks.build(cfg, subject, manager);
        generator = networks.generator();
        depth = networks.depth();
        blend = networks.blend();
        windowLoss = blend == null ? null : new MouthWindowLoss(cfg.blend(), subject, blend);
        for (Map.Entry<String, Block> b : networks.blocks().entrySet()) {
            // the shape predictor trains in its own stage, before the lips
            if (b.getKey().equals("shape")) continue;
            String prefix = b.getKey().equals("lips") ? "lips." : b.getKey().equals("depth") ? "depth." : BLEND;
            for (Pair<String, Parameter> p : b.getValue().getParameters()) parameters.add(prefix + p.getKey(), p.getValue());
        }
        blocks = networks.blocks();
        adam = new Adam(manager, cfg.training().learningRate());
        resumed = Checkpoint.exists(modelDir);
        validation = new Validation(subject);
        log = new ValidationLog(modelDir);
        schedule = new Schedule(cfg.training());
        try {
            shapes = networks.shape() == null ? null : new MouthShapeStage(cfg.mouth(), subject, networks.shape());
            sync = cfg.ablation().syncLoss() == ModelConfig.SyncLoss.OFF ? null
                    : new SyncStage(cfg, subject, lipBox, modelDir, manager);
            state = resumed ? Checkpoint.load(modelDir, manager, blocks(), adam, TrainState.class)
                    : TrainState.start(seed, sync != null && sync.ready() ? sync.report().seconds() : 0);
            if (shapes != null) shapes.predictAll(store, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static final String BLEND = "blend.";
    /** The most of a time budget the mouth-shape predictor may take (it needs about half a minute on 2 cores). */
    static final double SHAPE_SHARE = 0.05;

    public TrainState state() {
        return state;
    }

    /** True when this trainer continued from a checkpoint. */
    public boolean resumed() {
        return resumed;
    }

    public LipGenerator generator() {
        return generator;
    }

    public CanonicalDepth depth() {
        return depth;
    }

    public Adam adam() {
        return adam;
    }

    /** Every learnable parameter, by name (lips., depth., blend.). */
    public PairList<String, Parameter> parameters() {
        return parameters;
    }

    /** The Blend-Net, or null when the ablation switches it off. */
    public BlendNet blend() {
        return blend;
    }

    /** What the mouth-shape predictor's training measured, if this run trained it, else null. */
    public MouthShapeStage.Report shapeReport() {
        return shapeReport;
    }

    /** The sync expert's report once it is trained, else null. */
    public SyncStage.Report expertReport() {
        return sync != null && sync.ready() ? sync.report() : null;
    }

    /**
     * Trains the sync expert if the model has none yet, then the lips until the schedule is done or a
     * stop is requested (Ctrl-C included), then writes a checkpoint; returns the final state.
     */
    public TrainState run(Listener listener) {
        // Ctrl-C: the lips stop after their current step and save it; the expert stops at its next step, unsaved
        try (GracefulStop stop = GracefulStop.open(120)) {
            return run(listener, stop);
        }
    }

    private TrainState run(Listener listener, GracefulStop stop) {
        ModelConfig.Training t = cfg.training();
        if (shapes != null && !shapes.ready()) {
            // like the expert's: a short step-limited run gets a short predictor, a time budget bounds it
            int steps = t.maxSteps() > 0 ? Math.min(cfg.mouth().steps(), t.maxSteps()) : cfg.mouth().steps();
            double seconds = t.maxMinutes() > 0 ? SHAPE_SHARE * t.maxMinutes() * 60 : Double.MAX_VALUE;
            MouthShapeStage.Report report = shapes.train(manager, t.seed(), steps, seconds, clock);
            state = state.spent(report.seconds());
            shapeReport = report;
            listener.shapeTrained(report);
        }
        if (sync != null && !sync.ready()) {
            double share = t.maxMinutes() > 0 ? cfg.sync().expertShare() * t.maxMinutes() * 60 : Double.MAX_VALUE;
            // a short step-limited run (a smoke test) gets a short expert too
            int steps = t.maxSteps() > 0 ? Math.min(cfg.sync().expertSteps(), t.maxSteps()) : cfg.sync().expertSteps();
            SyncStage.Report report = sync.train(share, steps, stop.checking(step -> listener.expertStepped(step, steps)), clock);
            state = state.spent(report.seconds());
            listener.expertTrained(report);
        }
        state = schedule.begin(state);
        TrainingLanes running = TrainingLanes.forPhase("lips", !manager.getDevice().isGpu());
        ThreadGovernor threads = lipThreads = running.governor();
        Unvalidated unvalidated;
        try (running) {
            lanes = running;
            unvalidated = runSteps(listener, stop, threads);
        } finally {
            lanes = ONE_LANE;
        }
        ComputeThreads.done(threads);
        if (stop.requested()) {
            // Ctrl-C: save the steps, nothing else; the plots need AWT, which the JVM's shutdown no longer allows to start
            checkpoint();
            return state;
        }
        if (unvalidated.steps() > 0) {
            validate(listener, unvalidated.sum(), unvalidated.steps());
        } else if (!Files.exists(modelDir.resolve(ValidationLog.LIPS))) {
            // a finished model trained before the strip existed: draw it, leaving the log as it is
            validation.run(state, this::renderLips);
            log.writeLips(validation.lipStrip());
        }
        checkpoint();
        return state;
    }

    /** Kept steps since the last validation and the sum of their losses. */
    private record Unvalidated(Losses sum, int steps) {}

    /**
     * The lip steps until the schedule ends or a stop is asked for, validating and saving checkpoints
     * on the way; returns the steps since the last validation.
     */
    private Unvalidated runSteps(Listener listener, GracefulStop stop, ThreadGovernor threads) {
        ModelConfig.Training t = cfg.training();
        long lastCheckpoint = clock.getAsLong();
        double lastValidation = state.elapsedSeconds();
        Losses sum = new Losses(0, 0, 0, 0, 0, 0);
        int sinceValidation = 0;
        while (!stopRequested && !stop.requested() && (state.plannedSteps() == 0 || state.step() < state.plannedSteps())) {
            threads.begin();
            Losses losses = step();
            threads.end(1);
            state = schedule.stepped(state);
            listener.stepped(state, losses);
            if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                throw new UserError("training stopped at step " + state.step() + ": its last " + skippedInARow
                        + " steps all had a loss or gradient that is not a number, so they changed nothing; the model keeps its last checkpoint:"
                        + " run the same train command again to resume from it");
            }
            if (lastStepSkipped) continue;
            sum = add(sum, losses);
            sinceValidation++;
            if (state.elapsedSeconds() - lastValidation >= t.validationMinutes() * 60) {
                validate(listener, sum, sinceValidation);
                lastValidation = state.elapsedSeconds();
                sum = new Losses(0, 0, 0, 0, 0, 0);
                sinceValidation = 0;
            }
            if (clock.getAsLong() - lastCheckpoint > t.checkpointMinutes() * 60e9) {
                checkpoint();
                lastCheckpoint = clock.getAsLong();
            }
        }
        return new Unvalidated(sum, sinceValidation);
    }

    /** Steps whose loss or gradient was not finite, which therefore changed nothing (this session's). */
    public int skippedSteps() {
        return skippedSteps;
    }

    private static Losses add(Losses a, Losses b) {
        return new Losses(a.lip() + b.lip(), a.depth() + b.depth(), a.smoothness() + b.smoothness(), a.window() + b.window(),
                a.structural() + b.structural(), a.sync() + b.sync());
    }

    /** Times steps, the budget and checkpoints with {@code nanos} instead of the system's clock (tests simulate time). */
    void useClock(LongSupplier nanos) {
        clock = nanos;
    }

    /** Asks a running {@link #run} to stop after its current step and checkpoint. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Arrays the trainer's manager holds, sub-managers included: flat over steps when step memory is freed. */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    public void checkpoint() {
        Checkpoint.save(modelDir, blocks(), adam, state);
    }

    private Map<String, Block> blocks() {
        return blocks;
    }

    /** One Adam step on this step's batch; returns its losses. */
    public Losses step() {
        long start = clock.getAsLong();
        ModelConfig.Training t = cfg.training();
        SplittableRandom random = state.random();
        int b = t.batchFrames(), p = Math.max(1, t.lipPixels() / b);
        int[] batch = new int[b];
        float[] centres = new float[b * p * 2], target = new float[b * p * 3], valid = new float[b * p];
        for (int f = 0; f < b; f++) {
            batch[f] = random.nextInt(subject.trainFrames());
            byte[] lips = subject.lipCrop(batch[f]).rgb, inside = subject.lipValid(batch[f]);
            for (int i = 0; i < p; i++) {
                int pixel = random.nextInt(lipH * lipW), n = f * p + i;
                centres[2 * n] = LipField.centre(pixel % lipW, lipW);
                centres[2 * n + 1] = LipField.centre(pixel / lipW, lipH);
                for (int c = 0; c < 3; c++) target[3 * n + c] = (lips[3 * pixel + c] & 0xff) / 255f;
                valid[n] = inside[pixel];
            }
        }
        boolean stage2 = state.stage() == 2;
        if (guard == null) guard = new StepGuard(parameters);
        float countedAll = 0;
        for (float v : valid) countedAll += v;
        float lipDivisor = Math.max(3 * countedAll, 1);
        // each part draws from its own generator, split from the step's, so a step computes the same however many lanes run it
        SplittableRandom[] randoms = new SplittableRandom[TrainingLanes.PARTS];
        for (int i = 0; i < randoms.length; i++) randoms[i] = random.split();
        float[][] terms = new float[TrainingLanes.PARTS][];
        boolean[] finite = new boolean[TrainingLanes.PARTS];
        lanes.run(part -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray total = partLoss(m, part, randoms[part], stage2, batch, p, centres, target, valid, lipDivisor, terms);
                finite[part] = Float.isFinite(total.getFloat());
                // a loss that is not finite has no use for its gradient
                if (finite[part]) TrainingLanes.backward(total);
            }
        });
        float[] sum = new float[6];
        for (float[] part : terms) for (int i = 0; i < sum.length; i++) sum[i] += part[i];
        Losses losses = new Losses(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
        lastStepSkipped = !(finite[0] && finite[1]);
        if (!lastStepSkipped) lastStepSkipped = !adam.step(stage2 && blend != null ? withoutBlend() : parameters);
        if (lastStepSkipped) guard.refused();
        else guard.kept();
        if (lastStepSkipped) {
            skippedSteps++;
            skippedInARow++;
        } else {
            skippedInARow = 0;
        }
        state = state.next((clock.getAsLong() - start) / 1e9);
        return losses;
    }

    /**
     * One part of a step's loss ({@link TrainingLanes}), weighted, in {@code m}; its terms (lip, depth,
     * smoothness, window, structural, sync) into {@code terms[part]}. Part 0 takes the depth's
     * photometric and smoothness losses, part 1 the Blend-Net's window loss and, in stage 2, the sync
     * loss; the lip pixels are shared out between them by {@link #lipFrames}. The lip loss of each
     * part is divided by the whole batch's pixel count, so the parts add up to the batch's mean.
     */
    private NDArray partLoss(NDManager m, int part, SplittableRandom random, boolean stage2, int[] batch, int p, float[] centres,
                             float[] target, float[] valid, float lipDivisor, float[][] terms) {
        ModelConfig.Losses weights = cfg.losses();
        int[] range = lipFrames(batch.length, part, stage2);
        int from = range[0], n = range[1] - range[0];
        float[] t = terms[part] = new float[6];
        NDArray total = m.zeros(new Shape());
        if (n > 0) {
            int[] frames = Arrays.copyOfRange(batch, from, from + n);
            ContinuousSampling.Query q = query(m.create(Arrays.copyOfRange(centres, from * p * 2, (from + n) * p * 2), new Shape(n, p, 2)), random);
            NDArray counted = m.create(Arrays.copyOfRange(valid, from * p, (from + n) * p), new Shape(n, p, 1));
            NDArray out = generator.forward(store, inputs(q.points(), TimeCode.of(m, frames, subject.frames(), cfg.field().timeDims()),
                    speech(m, frames, random, false)), true).head();
            NDArray lip = q.blend(out).sub(m.create(Arrays.copyOfRange(target, from * p * 3, (from + n) * p * 3), new Shape(n, p, 3)))
                    .square().mul(counted).sum().div(m.create(lipDivisor));
            total = total.add(weighted(m, lip, weights.lip()));
            t[0] = lip.getFloat();
        }
        if (part == 0) {
            NDArray d = depth.forward(store, new NDList(), true).singletonOrThrow();
            // the depth is the parameter itself: lent to the step, so arrays made from it (its slice) are freed with the step
            d.tempAttach(m);
            NDArray photometric = photometric(m, d, batch);
            NDArray smooth = CanonicalDepth.smoothness(m, d.get(new NDIndex("{}:{}, {}:{}",
                    region.y(), region.y() + region.h(), region.x(), region.x() + region.w())));
            // weights are arrays of the step, not Numbers: see the model package's note on DJL 0.32
            total = total.add(weighted(m, photometric, weights.depth())).add(weighted(m, smooth, weights.depthSmoothness()));
            t[1] = photometric.getFloat();
            t[2] = smooth.getFloat();
        }
        if (part == 1 && windowLoss != null) {
            int[] frames = new int[cfg.blend().windows()];
            for (int i = 0; i < frames.length; i++) frames[i] = random.nextInt(subject.trainFrames());
            MouthWindowLoss.Terms w = windowLoss.loss(m, store, frames, random, (k, points) -> lipsAt(m, k, points), !stage2);
            total = total.add(weighted(m, w.l2(), weights.window())).add(weighted(m, w.structural(), weights.structural()));
            t[3] = w.l2().getFloat();
            t[4] = w.structural().getFloat();
        }
        if (part == 1 && stage2 && sync != null) {
            NDArray s = syncLoss(m, random);
            total = total.add(weighted(m, s, weights.sync()));
            t[5] = s.getFloat();
        }
        return total;
    }

    /**
     * The batch's frames [from, to) whose lip pixels part {@code part} takes: a quarter go to part 0 in
     * stage 1, three quarters in stage 2, the rest to part 1. Measured with the fast preset on a 512²
     * subject, one thread a part: the depth's losses cost about 65 ms, the window loss 30, the sync
     * loss 55 and a frame's lip pixels 25, so this evens the parts out.
     */
    static int[] lipFrames(int b, int part, boolean stage2) {
        int first = stage2 ? 3 * b / 4 : b / 4;
        return part == 0 ? new int[] {0, first} : new int[] {first, b};
    }

    private static NDArray weighted(NDManager m, NDArray loss, double weight) {
        return loss.mul(m.create((float) weight));
    }

    /** The generator's colours (1, Q, 3) for frame k at lip-box points (1, Q, 2), with gradient. */
    private NDArray lipsAt(NDManager m, int k, NDArray points) {
        int[] one = {k};
        return generator.forward(store, inputs(points, TimeCode.of(m, one, subject.frames(), cfg.field().timeDims()), speech(m, one, null, false)), true).head();
    }

    /**
     * How the frozen sync expert ranks the generator's windows starting at {@code starts} (any split):
     * against their own audio and audio shifted away by at least 5 frames; null without a sync stage.
     */
    public SyncStage.Ranking syncRanking(int[] starts, long seed) {
        if (sync == null || !sync.ready()) return null;
        try (NDManager m = manager.newSubManager()) {
            return sync.rank(m, generatedWindows(m, starts), starts, new SplittableRandom(seed));
        }
    }

    /** The generator's five-frame windows from {@code starts} at the expert's size, (B, 15, h, w). */
    private NDArray generatedWindows(NDManager m, int[] starts) {
        int frames = SyncExpert.FRAMES;
        int[] all = new int[starts.length * frames];
        for (int i = 0; i < starts.length; i++) for (int j = 0; j < frames; j++) all[i * frames + j] = starts[i] + j;
        NDArray time = TimeCode.of(m, all, subject.frames(), cfg.field().timeDims());
        NDArray points = LipField.grid(m, sync.height(), sync.width()).expandDims(0).repeat(0, all.length);
        NDArray colours = generator.forward(store, inputs(points, time, speech(m, all, null, true)), true).head();
        return colours.reshape(starts.length, frames, sync.height(), sync.width(), 3).transpose(0, 1, 4, 2, 3)
                .reshape(starts.length, 3 * frames, sync.height(), sync.width());
    }

    /**
     * L_s on {@code sync.lossWindows} windows of five consecutive training frames: the generator renders
     * them at the expert's size, with gradient.
     */
    private NDArray syncLoss(NDManager m, SplittableRandom random) {
        int[] starts = new int[cfg.sync().lossWindows()];
        for (int i = 0; i < starts.length; i++) starts[i] = random.nextInt(subject.trainFrames() - SyncExpert.FRAMES + 1);
        return sync.loss(m, generatedWindows(m, starts), starts, random);
    }

    /** The parameters Adam updates in stage 2: all but the frozen Blend-Net's. */
    private PairList<String, Parameter> withoutBlend() {
        PairList<String, Parameter> out = new PairList<>();
        for (Pair<String, Parameter> p : parameters) if (!p.getKey().startsWith(BLEND)) out.add(p);
        return out;
    }

    /** Scores the current lips on the test split, logs them with the given mean training losses and tells the listener. */
    private void validate(Listener listener, Losses sum, int steps) {
        Validation.Result r = validation.run(state, this::renderLips);
        log.append(new ValidationLog.Row(r, sum.lip() / steps, sum.depth() / steps, sum.window() / steps, sum.sync() / steps,
                cpuShareSinceValidation()));
        log.writeLips(validation.lipStrip());
        listener.validated(r);
    }

    /** The CPU share of the lip steps since the previous validation (see {@link ThreadGovernor#cpuShare()}). */
    private double cpuShareSinceValidation() {
        double got = lipThreads.cpuSecondsReceived(), asked = lipThreads.cpuSecondsAsked();
        double share = ThreadGovernor.share(got - cpuGotBefore, asked - cpuAskedBefore);
        cpuGotBefore = got;
        cpuAskedBefore = asked;
        return share;
    }

    /** Scores the current lips on the test split, logging nothing. */
    public Validation.Result validate() {
        return validation.run(state, this::renderLips);
    }

    /** The generator's canonical lips for {@code frames} on the plain pixel grid, N × 3 × h × w in [0, 1]. */
    float[] renderLips(int[] frames) {
        int chunk = 8, image = 3 * lipH * lipW;
        float[] out = new float[frames.length * image];
        // a few frames at a time: a whole test split of paper-sized lips at once would take gigabytes
        for (int from = 0; from < frames.length; from += chunk) {
            int[] some = Arrays.copyOfRange(frames, from, Math.min(frames.length, from + chunk));
            try (NDManager m = manager.newSubManager()) {
                int[] learned = new int[some.length];
                for (int i = 0; i < some.length; i++) learned[i] = TimeCode.learned(some[i], subject.trainFrames());
                float[] part = generator.render(store, speech(m, some, null, true), TimeCode.of(m, learned, subject.frames(), cfg.field().timeDims()),
                        lipH, lipW).toFloatArray();
                System.arraycopy(part, 0, out, from * image, part.length);
            }
        }
        return out;
    }

    /** PSNR (dB) of the generator's lips for {@code frames} against their lip crops, over valid pixels. */
    public double lipPsnr(int[] frames) {
        float[] out = renderLips(frames);
        int plane = lipH * lipW;
        double sum = 0;
        long count = 0;
        for (int f = 0; f < frames.length; f++) {
            byte[] lips = subject.lipCrop(frames[f]).rgb, inside = subject.lipValid(frames[f]);
            for (int px = 0; px < plane; px++) {
                if (inside[px] == 0) continue;
                for (int c = 0; c < 3; c++) {
                    double d = out[(3 * f + c) * plane + px] - (lips[3 * px + c] & 0xff) / 255.0;
                    sum += d * d;
                }
                count += 3;
            }
        }
        return 10 * Math.log10(count / Math.max(sum, 1e-12));
    }

    /** L_d of the current depth on the given frames. */
    public double depthLoss(int[] frames) {
        try (NDManager m = manager.newSubManager()) {
            NDArray d = depth.forward(store, new NDList(), false).singletonOrThrow();
            d.tempAttach(m);
            return photometric(m, d, frames).getFloat();
        }
    }

    /** The photometric loss of depth {@code d} on the frames of {@code batch}, in the step's manager. */
    private NDArray photometric(NDManager m, NDArray d, int[] batch) {
        NDArray canonical = m.create(canonicalPatch, new Shape(3, region.h(), region.w()));
        NDArray mask = m.create(depthMask, new Shape(region.h(), region.w()));
        return CanonicalDepth.photometricLoss(m, subject.camera(), d, region, canonical, mask, observed(m, batch), tCo(m, batch));
    }

    /** Continuous-sampling rectangles drawn from the step's generator, so they too replay on resume. */
    private ContinuousSampling.Query query(NDArray centres, SplittableRandom random) {
        if (!cfg.ablation().continuousSampling()) return new ContinuousSampling.Query(centres, null);
        float[] reach = new float[Math.toIntExact(centres.getShape().size() * 2)];
        for (int i = 0; i < reach.length; i++) {
            double pixel = i % 4 < 2 ? 2.0 / lipW : 2.0 / lipH;
            reach[i] = (float) (random.nextDouble() * ContinuousSampling.MAX_REACH * pixel);
        }
        return ContinuousSampling.rectangles(centres, reach);
    }

    /**
     * The generator's speech inputs for frames {@code batch}. Driven by mouth shapes: their real
     * shapes, with the config's noise given the step's {@code random}, or, when {@code predicted},
     * the shapes predicted from their speech (what a render feeds the field). On the paper's path
     * ({@link AudioEncoder}): their mel and/or posteriorgram windows, and, given the step's
     * {@code random} and a feature dropout, which feature codes each frame keeps. Noise and drops
     * are drawn from the step's own generator, so a resumed run draws what an uninterrupted one would.
     */
    private NDList speech(NDManager m, int[] batch, SplittableRandom random, boolean predicted) {
        if (shapes != null) {
            int k = cfg.mouth().components();
            float[] out = new float[batch.length * k];
            for (int i = 0; i < batch.length; i++) {
                if (predicted) {
                    shapes.predicted(batch[i], out, i * k);
                } else {
                    shapes.real(batch[i], out, i * k);
                    if (random != null) for (int c = 0; c < k; c++) out[i * k + c] += (float) (cfg.mouth().shapeNoise() * random.nextGaussian());
                }
            }
            return new NDList(m.create(out, new Shape(batch.length, k)));
        }
        AudioEncoder audio = generator.audio();
        NDList out = new NDList();
        int n = subject.frames();
        if (audio.features().mel()) {
            out.add(m.create(audio.windows(batch, n, AudioEncoder.MEL_STEPS * AudioEncoder.MEL_BINS,
                    (j, to, at) -> System.arraycopy(subject.mel(j), 0, to, at, AudioEncoder.MEL_STEPS * AudioEncoder.MEL_BINS)), audio.melShape(batch.length)));
        }
        if (audio.features().ppg()) {
            out.add(m.create(audio.windows(batch, n, AudioEncoder.PPG_FRAMES * AudioEncoder.PPG_PHONES,
                    (j, to, at) -> PhoneticPosteriorgram.window(subject::ppg, n, j, to, at)), audio.ppgShape(batch.length)));
        }
        double dropout = cfg.audio().featureDropout();
        if (random != null && audio.features() == ModelConfig.SpeechInput.BOTH && dropout > 0) {
            float[] keep = new float[2 * batch.length];
            Arrays.fill(keep, 1);
            for (int i = 0; i < batch.length; i++) {
                if (random.nextDouble() < dropout) keep[2 * i + random.nextInt(2)] = 0;
            }
            out.add(m.create(keep, new Shape(batch.length, 2)));
        }
        return out;
    }

    /** The generator's inputs: points, time code, then the speech inputs. */
    private static NDList inputs(NDArray points, NDArray time, NDList speech) {
        NDList in = new NDList(points, time);
        in.addAll(speech);
        return in;
    }

    /** The batch's whole working-crop frames, N×3×S×S in [0, 1]. */
    private NDArray observed(NDManager m, int[] batch) {
        Rect whole = Rect.of(size, size);
        float[] out = new float[batch.length * 3 * size * size];
        for (int f = 0; f < batch.length; f++) chw(subject.workingFrames().get(batch[f]), whole, out, f * 3 * size * size);
        return m.create(out, new Shape(batch.length, 3, size, size));
    }

    private NDArray tCo(NDManager m, int[] batch) {
        float[] out = new float[16 * batch.length];
        for (int f = 0; f < batch.length; f++) System.arraycopy(subject.canonicalToFrame(batch[f]).toMatrix4(), 0, out, 16 * f, 16);
        return m.create(out, new Shape(batch.length, 4, 4));
    }

    /** 1 over the canonical face outside the lip box, within the depth region. */
    private float[] outsideMouth(byte[] faceMask) {
        float[] out = new float[region.w() * region.h()];
        for (int j = 0; j < region.h(); j++) {
            for (int i = 0; i < region.w(); i++) {
                int x = region.x() + i, y = region.y() + j;
                boolean mouth = lipBox.contains(x + 0.5, y + 0.5);
                out[j * region.w() + i] = faceMask[y * size + x] != 0 && !mouth ? 1 : 0;
            }
        }
        return out;
    }

    /** The lip box grown by its height on every side, kept inside the size×size canonical view. */
    private static Rect around(Rect box, int size) {
        int x0 = Math.max(0, box.x() - box.h()), y0 = Math.max(0, box.y() - box.h());
        int x1 = Math.min(size, box.x() + box.w() + box.h()), y1 = Math.min(size, box.y() + 2 * box.h());
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** Copies {@code rect} of an RGB image into {@code out} at {@code offset} as 3 planes of floats in [0, 1]. */
    static void chw(RgbImage img, Rect rect, float[] out, int offset) {
        int plane = rect.w() * rect.h();
        for (int j = 0; j < rect.h(); j++) {
            for (int i = 0; i < rect.w(); i++) {
                int at = 3 * ((rect.y() + j) * img.width + rect.x() + i), to = offset + j * rect.w() + i;
                for (int c = 0; c < 3; c++) out[to + c * plane] = (img.rgb[at + c] & 0xff) / 255f;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
