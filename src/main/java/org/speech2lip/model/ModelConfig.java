package org.speech2lip.model;

import org.speech2lip.UserError;

import java.util.Locale;

/**
 * Everything the models and the trainer are sized and weighted by. Checked when built, so a bad
 * value stops with one line naming the field. Two presets: {@link #PAPER} (the paper's and the
 * official code's sizes) and {@link #FAST} (a 71 s subject trained on 2 CPU cores within an hour).
 *
 * @param name     preset name, kept in checkpoints
 * @param field    the lip field F(p, a, t)
 * @param audio    the audio encoder
 * @param mouth    the mouth shape that speech drives the lip field through (off: speech drives it directly)
 * @param blend    the Blend-Net and its augmentation
 * @param sync     the sync expert
 * @param losses   loss weights
 * @param training optimiser, batches, schedule
 * @param ablation the paper's Table 5 switches
 */
public record ModelConfig(String name, Field field, Audio audio, Mouth mouth, Blend blend, Sync sync, Losses losses,
                          Training training, Ablation ablation) {

    /**
     * @param layers      hidden layers of the MLP
     * @param width       units per hidden layer
     * @param skipLayer   0-based hidden layer whose input also gets the network input (NeRF-style skip)
     * @param frequencies positional-encoding frequencies of the lip-box coordinate
     * @param timeDims    size of the timestamp code (even: sin and cos pairs)
     */
    public record Field(int layers, int width, int skipLayer, int frequencies, int timeDims) {
        public Field {
            positive("field.layers", layers);
            positive("field.width", width);
            range("field.skipLayer", skipLayer, 1, layers - 1);
            range("field.frequencies", frequencies, 0, 16);
            if (timeDims < 2 || timeDims % 2 != 0 || timeDims > 64) {
                throw bad("field.timeDims", timeDims, "an even number from 2 to 64");
            }
        }
    }

    /**
     * @param codeDims       size of the per-frame audio code
     * @param smoothing      smooth codes over neighbouring frames with learned attention (AD-NeRF)
     * @param smoothWindow   frames the smoothing attends over
     * @param features       what the code is made from: the log-mel window, the phonetic
     *                       posteriorgram around the frame, or both (their codes summed)
     * @param featureDropout with both: the chance that a training frame's code leaves out one of
     *                       them (each half the time), so that either alone drives the lips
     */
    public record Audio(int codeDims, boolean smoothing, int smoothWindow, SpeechInput features, double featureDropout) {
        public Audio {
            positive("audio.codeDims", codeDims);
            range("audio.smoothWindow", smoothWindow, 2, 64);
            // model.json written before these existed holds neither: those models read the log-mel alone
            if (features == null) features = SpeechInput.MEL;
            fraction("audio.featureDropout", featureDropout);
        }

        public Audio(int codeDims, boolean smoothing, int smoothWindow) {
            this(codeDims, smoothing, smoothWindow, SpeechInput.MEL, 0);
        }

        /** The same with features {@code f}; both get {@link #BOTH_DROPOUT}, one alone none. */
        public Audio withFeatures(SpeechInput f) {
            return new Audio(codeDims, smoothing, smoothWindow, f, f == SpeechInput.BOTH ? BOTH_DROPOUT : 0);
        }

        /** The feature dropout chosen with both features: each frame's code reads both half the time. */
        public static final double BOTH_DROPOUT = 0.5;
    }

    /**
     * Speech drives an explicit mouth shape, and the lip field renders lips from that shape: the
     * field learns on the training frames' real shapes ({@link MouthShapeBasis}), and a render
     * feeds it shapes the {@link MouthShapePredictor} predicts from the speech. With 0 components
     * speech drives the field directly through the audio encoder, as in the paper.
     *
     * @param components   coefficients a mouth shape is reduced to (0: off)
     * @param hidden       hidden units of the predictor
     * @param inputDropout share of the predictor's inputs dropped in each training step
     * @param dropout      share of its hidden units dropped
     * @param weightDecay  L2 penalty on its weights
     * @param steps        its training steps (of {@code batch} frames), before the lips train
     * @param batch        frames per predictor step
     * @param shapeNoise   spread of the noise added to the real shapes the field trains on, in
     *                     each component's units, so it also renders the near-misses it will be fed
     * @param warp         the field also reads where each point sits on the mean mouth ({@link ShapeWarp}),
     *                     so the lips' texture moves with the shape's landmarks (implicit field only);
     *                     absent (false) in model.json files written before it existed
     * @param ensemble     with both speech features, two predictors, one per feature, whose shapes
     *                     are mixed ({@link MouthShapePredictor}), not one reading both; absent
     *                     (false) in model.json files written before it existed
     */
    public record Mouth(int components, int hidden, double inputDropout, double dropout, double weightDecay, int steps,
                        int batch, double shapeNoise, boolean warp, boolean ensemble) {
        public static final Mouth OFF = new Mouth(0, 1, 0, 0, 0, 1, 1, 0, false, false);

        public Mouth {
            range("mouth.components", components, 0, 16);
            positive("mouth.hidden", hidden);
            if (!(inputDropout >= 0 && inputDropout < 1)) throw bad("mouth.inputDropout", inputDropout, "a value in [0, 1)");
            if (!(dropout >= 0 && dropout < 1)) throw bad("mouth.dropout", dropout, "a value in [0, 1)");
            nonNegative("mouth.weightDecay", weightDecay);
            positive("mouth.steps", steps);
            positive("mouth.batch", batch);
            nonNegative("mouth.shapeNoise", shapeNoise);
            if (warp && components == 0) throw bad("mouth.warp", warp, "false when mouth.components is 0 (the warp moves the lips by the shape)");
        }

        public boolean on() {
            return components > 0;
        }

        public Mouth withWarp(boolean on) {
            return new Mouth(components, hidden, inputDropout, dropout, weightDecay, steps, batch, shapeNoise, on, ensemble);
        }

        public Mouth withEnsemble(boolean on) {
            return new Mouth(components, hidden, inputDropout, dropout, weightDecay, steps, batch, shapeNoise, warp, on);
        }
    }

    /** The speech features the lip generator reads (docs/subject-format.md: mel.npy, ppg.npy). */
    public enum SpeechInput {
        MEL, PPG, BOTH;

        public boolean mel() {
            return this != PPG;
        }

        public boolean ppg() {
            return this != MEL;
        }
    }

    /**
     * @param channels             U-Net channels at full resolution (paper 64)
     * @param deepChannels         U-Net channels after the downsamplings (paper 128)
     * @param blackHoleProbability chance per training sample of punching holes into the warped lips
     * @param patch                side of the square cut from the mouth window that a step trains on
     *                             (0: the whole window); the network is convolutional, so a patch
     *                             teaches it the same seam at a fraction of the cost
     * @param windows              mouth windows per step
     */
    public record Blend(int channels, int deepChannels, double blackHoleProbability, int patch, int windows) {
        public Blend {
            positive("blend.channels", channels);
            positive("blend.deepChannels", deepChannels);
            fraction("blend.blackHoleProbability", blackHoleProbability);
            if (patch != 0 && (patch < 16 || patch % 4 != 0)) throw bad("blend.patch", patch, "0 (whole window) or a multiple of 4 from 16");
            positive("blend.windows", windows);
        }
    }

    /**
     * @param imageSize    width of the lip crops the expert judges (the height keeps the lip box's
     *                     aspect); the lip field renders this size directly in stage 2
     * @param baseChannels channels of its first convolution, doubled down the encoders
     * @param embedDims    size of its audio and video embeddings
     * @param expertSteps  training steps of the expert before it is frozen (never more than a
     *                     step-limited run's own steps) ...
     * @param expertShare  ... or this share of a time budget, whichever ends first
     * @param expertBatch  pairs per expert step
     * @param lossWindows  five-frame windows the sync loss judges per stage-2 step
     */
    public record Sync(int imageSize, int baseChannels, int embedDims, int expertSteps, double expertShare,
                       int expertBatch, int lossWindows) {
        public Sync {
            range("sync.imageSize", imageSize, 16, 512);
            positive("sync.baseChannels", baseChannels);
            positive("sync.embedDims", embedDims);
            positive("sync.expertSteps", expertSteps);
            if (!(expertShare > 0 && expertShare < 1)) throw bad("sync.expertShare", expertShare, "a value in (0, 1)");
            positive("sync.expertBatch", expertBatch);
            positive("sync.lossWindows", lossWindows);
        }
    }

    /**
     * @param lip             L_m: generated canonical lips vs the O2C ground truth
     * @param window          L_w: Blend-Net output vs the real mouth window
     * @param depth           L_d: photometric loss of the learnable canonical depth
     * @param sync            L_s: contrastive sync loss (stage 2)
     * @param structural      (1 − SSIM) term added to L_w, where the paper adds LPIPS (L_m samples
     *                        scattered pixels, on which a windowed SSIM is undefined)
     * @param depthSmoothness curvature (second-difference) smoothness of the canonical depth
     */
    public record Losses(double lip, double window, double depth, double sync, double structural,
                         double depthSmoothness) {
        public Losses {
            nonNegative("losses.lip", lip);
            nonNegative("losses.window", window);
            nonNegative("losses.depth", depth);
            nonNegative("losses.sync", sync);
            nonNegative("losses.structural", structural);
            nonNegative("losses.depthSmoothness", depthSmoothness);
        }
    }

    /**
     * @param learningRate      Adam step size
     * @param batchFrames       frames per step
     * @param lipPixels         lip-box pixels sampled per step, over all its frames
     * @param stage2Fraction    fraction of the run after which stage 2 (sync loss, frozen Blend-Net) starts
     * @param maxSteps          training stops after this many steps (0: no step limit)
     * @param maxMinutes        ... or after this many minutes (0: no time limit), whichever comes first
     * @param validationMinutes minutes between validations on the test split
     * @param checkpointMinutes minutes between checkpoints
     * @param seed              seeds initialisation, sampling and augmentation
     */
    public record Training(double learningRate, int batchFrames, int lipPixels, double stage2Fraction, int maxSteps,
                           double maxMinutes, double validationMinutes, double checkpointMinutes, long seed) {
        public Training {
            if (!(learningRate > 0 && learningRate < 1)) throw bad("training.learningRate", learningRate, "a value in (0, 1)");
            positive("training.batchFrames", batchFrames);
            positive("training.lipPixels", lipPixels);
            fraction("training.stage2Fraction", stage2Fraction);
            if (maxSteps < 0) throw bad("training.maxSteps", maxSteps, "0 (no limit) or more");
            nonNegative("training.maxMinutes", maxMinutes);
            if (maxSteps == 0 && maxMinutes == 0) {
                throw new UserError("Model config: training has neither maxSteps nor maxMinutes: set at least one above 0");
            }
            if (!(validationMinutes > 0)) throw bad("training.validationMinutes", validationMinutes, "a positive number");
            if (!(checkpointMinutes > 0)) throw bad("training.checkpointMinutes", checkpointMinutes, "a positive number");
        }

        /** The same training with a step limit (minutes 0) or a time budget (steps 0). */
        public Training withBudget(int steps, double minutes) {
            return new Training(learningRate, batchFrames, lipPixels, stage2Fraction, steps, minutes, validationMinutes,
                    checkpointMinutes, seed);
        }

        public Training withSeed(long s) {
            return new Training(learningRate, batchFrames, lipPixels, stage2Fraction, maxSteps, maxMinutes, validationMinutes,
                    checkpointMinutes, s);
        }
    }

    /** What the sync loss compares: nothing, synced pairs only, or synced and shifted pairs (paper Eq. 6). */
    public enum SyncLoss { OFF, POSITIVES, CONTRASTIVE }

    /**
     * The paper's Table 5 ablations; all on for the full model.
     *
     * @param continuousSampling train on area-weighted corners of random sub-pixel rectangles (Eq. 2)
     * @param implicitModel      lips from the coordinate MLP; off: the same MLP over a learned code per
     *                           lip-box pixel instead of the encoded coordinate ({@link PixelEmbedding})
     * @param blendNet           harmonise the pasted lips with the Blend-Net; off: plain paste
     * @param timestamp          feed the frame's timestamp code to the lip field
     * @param syncLoss           which sync loss stage 2 adds
     */
    public record Ablation(boolean continuousSampling, boolean implicitModel, boolean blendNet, boolean timestamp,
                           SyncLoss syncLoss) {
        public static final Ablation NONE = new Ablation(true, true, true, true, SyncLoss.CONTRASTIVE);

        public Ablation {
            if (syncLoss == null) throw new UserError("Model config: ablation.syncLoss is missing: use OFF, POSITIVES or CONTRASTIVE");
            if (continuousSampling && !implicitModel) {
                throw new UserError("Model config: continuous sampling needs the implicit model: switch continuousSampling off too");
            }
        }
    }

    /**
     * The paper's sizes (§4.2; official code: 120×80 lips, 4 GPUs × one frame, Adam 1e-4, loss weights).
     * The expert's steps, the stage-2 point and the intervals are ours.
     */
    public static final ModelConfig PAPER = new ModelConfig("paper",
            new Field(8, 256, 5, 10, 20),
            new Audio(64, false, 8),
            Mouth.OFF,
            new Blend(64, 128, 0.5, 0, 1),
            new Sync(96, 32, 512, 20_000, 0.15, 64, 2),
            new Losses(1, 1, 1, 0.01, 0.01, 0.01),
            new Training(1e-4, 4, 4 * 9600, 0.75, 400_000, 0, 30, 30, 1),
            Ablation.NONE);

    /**
     * Sized for a 71 s 512×512 subject on 2 CPU cores in 60 minutes. The 4 × 128 field with 6
     * frequencies costs about a fifth of the paper's per query, and its finest period (1/32 of the
     * box, 3-4 pixels of a 100-pixel-wide box) still resolves the lip edges. A stage-1 step (4096 lip
     * pixels, the depth's photometric loss, one 64-pixel Blend-Net patch) takes about 0.2 s there, so
     * the hour holds some 25 000 steps after the sync expert's share (at most 9 minutes, about 6000
     * steps at 48-pixel-wide lips). The crops keep their resolution: a step samples pixels, so their
     * size does not set the cost. The Blend-Net is a quarter of the paper's width, the expert half,
     * and a higher learning rate suits the smaller networks and shorter run. Speech drives the lips
     * through a six-number mouth shape, the mix of one predicted from the log-mel and one from the
     * posteriorgram, and
     * the field has no timestamp code: with it, a render's mouth partly replays the background
     * frame's own (measured on lieu_60s: silence rendered over the walk followed the background's
     * opening at r 0.19 with it, 0.10 without).
     */
    public static final ModelConfig FAST = new ModelConfig("fast",
            new Field(4, 128, 2, 6, 20),
            new Audio(64, false, 8, SpeechInput.BOTH, Audio.BOTH_DROPOUT),
            new Mouth(6, 128, 0.5, 0.5, 0.01, 3000, 64, 0.1, false, true),
            new Blend(16, 32, 0.5, 64, 1),
            new Sync(48, 16, 256, 6_000, 0.15, 32, 1),
            new Losses(1, 1, 1, 0.01, 0.01, 0.01),
            new Training(1e-3, 4, 4096, 0.75, 0, 60, 10, 5, 1),
            new Ablation(true, true, true, false, SyncLoss.CONTRASTIVE));

    public ModelConfig {
        // model.json written before the mouth shape existed holds none: those models read speech directly
        if (mouth == null) mouth = Mouth.OFF;
        if (name == null || name.isBlank()) throw new UserError("Model config has no name: give it one (e.g. fast)");
        if (field == null || audio == null || blend == null || sync == null || losses == null || training == null
                || ablation == null) {
            throw new UserError("Model config '" + name + "' is missing a section: give field, audio, blend, sync, losses, training and ablation");
        }
    }

    /** A preset by name, ignoring case. */
    public static ModelConfig preset(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "fast" -> FAST;
            case "paper" -> PAPER;
            default -> throw new UserError("Unknown preset " + name + ": use fast or paper");
        };
    }

    public ModelConfig withAblation(Ablation a) {
        return new ModelConfig(name, field, audio, mouth, blend, sync, losses, training, a);
    }

    public ModelConfig withMouth(Mouth m) {
        return new ModelConfig(name, field, audio, m, blend, sync, losses, training, ablation);
    }

    public ModelConfig withField(Field f) {
        return new ModelConfig(name, f, audio, mouth, blend, sync, losses, training, ablation);
    }

    public ModelConfig withAudio(Audio a) {
        return new ModelConfig(name, field, a, mouth, blend, sync, losses, training, ablation);
    }

    public ModelConfig withBlend(Blend b) {
        return new ModelConfig(name, field, audio, mouth, b, sync, losses, training, ablation);
    }

    public ModelConfig withSync(Sync s) {
        return new ModelConfig(name, field, audio, mouth, blend, s, losses, training, ablation);
    }

    public ModelConfig withTraining(Training t) {
        return new ModelConfig(name, field, audio, mouth, blend, sync, losses, t, ablation);
    }

    /** True when the lip field reads rest coordinates ({@link ShapeWarp}): the mouth shape's warp on an implicit field. */
    public boolean warpsLips() {
        return mouth.warp() && ablation.implicitModel();
    }

    /** Size of the per-frame condition the lip field gets: the mouth shape or audio code, then the timestamp code if used. */
    public int conditionDims() {
        return (mouth.on() ? mouth.components() : audio.codeDims()) + (ablation.timestamp() ? field.timeDims() : 0);
    }

    private static void positive(String what, int v) {
        if (v <= 0) throw bad(what, v, "a positive number");
    }

    private static void range(String what, int v, int lo, int hi) {
        if (v < lo || v > hi) throw bad(what, v, "a number from " + lo + " to " + hi);
    }

    private static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw bad(what, v, "a finite number of at least 0");
    }

    private static void fraction(String what, double v) {
        if (!(v >= 0 && v <= 1)) throw bad(what, v, "a value from 0 to 1");
    }

    private static UserError bad(String what, Object v, String expected) {
        return new UserError("Model config: " + what + " is " + v + ": use " + expected);
    }
}
