package org.speech2lip.cli;

import me.tongfei.progressbar.ProgressBar;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.data.ProgressBars;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.model.Devices;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.train.LipTrainer;
import org.speech2lip.train.ModelDirectory;
import org.speech2lip.train.MouthShapeStage;
import org.speech2lip.train.SyncStage;
import org.speech2lip.train.TrainState;
import org.speech2lip.train.Validation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Learn a subject: first how its mouth shape follows its speech (fast preset) and its sync expert, then the lip "
                + "field, the canonical head depth and the Blend-Net (stage 1), then the contrastive sync loss with the Blend-Net frozen (stage 2). "
                + "The --no-* switches and --sync-loss run the ablations. An existing MODEL_DIR of the same subject and preset resumes where it stopped; Ctrl-C saves a checkpoint first. "
                + "Format: docs/model-format.md."})
final class TrainCommand implements Callable<Integer>, RunRecord.Recorded {

    @Parameters(index = "0", paramLabel = "SUBJECT_DIR", description = "A subject directory written by prepare.")
    Path subject;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL_DIR", description = "Model directory to write or resume.")
    Path out;

    @Option(names = "--preset", defaultValue = "fast", description = "fast (an hour on 2 CPU cores) or paper (the paper's sizes); default: ${DEFAULT-VALUE}.")
    String preset;

    @ArgGroup(exclusive = false)
    Budget budget;

    static final class Budget {
        @Option(names = "--minutes", paramLabel = "M", description = "Training time; the number of steps is set to fit it (default: the preset's). "
                + "With --steps, an upper limit: the steps unless the minutes run out first.")
        Double minutes;

        @Option(names = "--steps", paramLabel = "N", description = "Train N steps in all: the same model on a busy machine as on an idle one, only later.")
        Integer steps;
    }

    @Option(names = "--expert-steps", paramLabel = "N", description = "Training steps of the sync expert (default: the preset's, at most --steps; a time budget gives it a share of the minutes).")
    Integer expertSteps;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", description = "Seed of initialisation and sampling (default: the preset's); a resumed model keeps its own.")
    Long seed;

    @Option(names = "--no-continuous-sampling", description = "Ablation: train on pixel centres, not on random sub-pixel rectangles.")
    boolean noContinuousSampling;

    @Option(names = "--no-implicit", description = "Ablation: a learned code per lip-box pixel instead of the encoded coordinate (implies --no-continuous-sampling).")
    boolean noImplicit;

    @Option(names = "--no-blend-net", description = "Ablation: no Blend-Net (and no window loss); lips are pasted plainly.")
    boolean noBlendNet;

    @Option(names = "--no-timestamp", description = "Ablation: no timestamp code in the lip field (the fast preset has none).")
    boolean noTimestamp;

    @Option(names = "--timestamp", description = "Give the lip field the timestamp code (the paper preset does); it lets a render's mouth follow the background frame's own.")
    boolean timestamp;

    @Option(names = "--no-mouth-shape", description = "Ablation: speech drives the lip field directly (the paper's path, the paper preset's), "
            + "not through a mouth shape predicted from it.")
    boolean noMouthShape;

    @Option(names = "--lip-warp", description = "Experiment: the lip field also reads where each point sits on the mean mouth under the "
            + "shape, so the lips' texture moves with the shape's landmarks (off in the presets: it halves the steps an hour gives, and "
            + "a 60-minute cnn model with it followed the held-out speech less well, docs/ablation.md).")
    boolean lipWarp;

    @Option(names = "--speech-features", paramLabel = "KIND",
            description = "What the lips are driven by: mel (the log-mel spectrogram: best on the subject's own voice), ppg (English phone "
                    + "probabilities from Sphinx4: carry better to other voices) or both (each training frame leaves one out half the time) "
                    + "(default: the preset's: both for fast, mel for paper).")
    String speechFeatures;

    @Option(names = "--sync-loss", paramLabel = "MODE", description = "Stage 2's sync loss: off, positives (synced pairs only) or contrastive (default: ${DEFAULT-VALUE}).",
            defaultValue = "contrastive")
    String syncLoss;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Path recordedOutput() {
        return out;
    }

    /** The share of the CPU time training asked for that it got (NaN until it trained). */
    private double cpuShare = Double.NaN;

    @Override
    public java.util.Map<String, Object> recordedFacts() {
        java.util.Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("model", RunRecord.modelFacts(out));
        if (Double.isFinite(cpuShare)) facts.put("cpuShare", Math.round(cpuShare * 1000) / 1000.0);
        String busy = BusyMachine.warning(cpuShare, budgetIsTime());
        if (busy != null) facts.put("warning", busy);
        return facts;
    }

    private boolean budgetIsTime() {
        return budget == null || budget.steps == null;
    }

    @Override
    public Integer call() {
        // a run that failed before its first checkpoint or trained sync expert leaves nothing to resume
        return FileTrees.removedOnFailure(out, d -> !new ModelDirectory(d).holdsTraining(), this::train);
    }

    private int train() {
        ModelConfig cfg = config();
        var dev = Devices.choose(device);
        threads.apply();
        SubjectData data = SubjectData.open(subject);
        try (LipTrainer trainer = new LipTrainer(cfg, data, out, dev)) {
            TrainState start = trainer.state();
            if (trainer.resumed()) System.out.printf("resuming %s at step %d%n", out, start.step());
            int known = cfg.training().maxMinutes() == 0 ? cfg.training().maxSteps() : start.plannedSteps();
            TrainState end;
            AtomicReference<Validation.Result> latest = new AtomicReference<>();
            AtomicReference<ProgressBar> expertBar = new AtomicReference<>(), lipBar = new AtomicReference<>();
            double[] lipStart = {0};
            try {
                end = trainer.run(new LipTrainer.Listener() {
                    @Override
                    public void expertStepped(int step, int maxSteps) {
                        if (expertBar.get() == null) expertBar.set(ProgressBars.create("sync expert", maxSteps, quiet));
                        expertBar.get().stepTo(step);
                    }

                    @Override
                    public void shapeTrained(MouthShapeStage.Report r) {
                        System.out.printf("mouth shapes from speech: opening r %.3f on training frames the first pass left out, spread %.2f of the real "
                                + "after calibration; %.0f s%n", r.openingR(), r.spreadRatio(), r.seconds());
                    }

                    @Override
                    public void expertTrained(SyncStage.Report r) {
                        if (expertBar.get() != null) {
                            // a time share can end it before its step count: the bar ends full at the steps it made
                            expertBar.get().maxHint(r.steps());
                            expertBar.get().stepTo(r.steps());
                            expertBar.get().close();
                        }
                        System.out.printf("sync expert: %d steps in %.1f min%s; held-out accuracy %.3f, ranking %.3f (%d test windows, aligned vs shifted ≥ 5 frames)%n",
                                r.steps(), r.seconds() / 60, r.skippedSteps() > 0 ? " (" + r.skippedSteps() + " skipped: loss or gradient not a number)" : "",
                                r.accuracy(), r.rankAccuracy(), r.testWindows());
                    }

                    @Override
                    public void stepped(TrainState s, LipTrainer.Losses l) {
                        ModelConfig.Training t = cfg.training();
                        ProgressBar bar = lipBar.get();
                        if (t.maxSteps() == 0) {
                            // a time budget: the bar counts its seconds, so the time left is the budget's
                            if (bar == null) {
                                lipStart[0] = s.elapsedSeconds();
                                lipBar.set(bar = ProgressBars.timed("train", Math.max(1, Math.round(t.maxMinutes() * 60 - lipStart[0])), quiet));
                            }
                            bar.stepTo(Math.min(bar.getMax(), Math.round(s.elapsedSeconds() - lipStart[0])));
                        } else {
                            // until a time cap fixes the end, the bar runs to the end of stage 1
                            int end = s.plannedSteps() > 0 ? s.plannedSteps() : s.stage2Step();
                            // made at the first lip step, so that its rate and time left do not count the sync expert's minutes
                            if (bar == null) lipBar.set(bar = ProgressBars.create("train", known > 0 ? known : -1, quiet));
                            if (end > 0 && bar.getMax() != end) bar.maxHint(end);
                            bar.stepTo(s.step());
                        }
                        String stage = s.stage() == 2 ? String.format("stage 2  sync %.3f", l.sync())
                                : s.stage2Step() > 0 ? "stage 1 (2 from step " + s.stage2Step() + ")" : "stage 1";
                        bar.setExtraMessage(String.format(" step %d  %s  lips %.4f  window %.4f  depth %.4f%s", s.step(), stage, l.lip(), l.window(),
                                l.depth(), scores(latest.get())));
                    }

                    @Override
                    public void validated(Validation.Result r) {
                        latest.set(r);
                    }
                });
            } finally {
                if (lipBar.get() != null) lipBar.get().close();
            }
            System.out.printf("trained %d steps (%.1f min in all): model %s%n", end.step(), end.elapsedSeconds() / 60, out);
            if (trainer.skippedSteps() > 0) {
                System.out.printf("%d of them skipped: their loss or gradient was not a number, so they left the model as it was%n", trainer.skippedSteps());
            }
            Validation.Result r = latest.get();
            if (r != null) System.out.printf("test split at step %d: mouth PSNR %.2f dB, SSIM %.4f%n", r.step(), r.psnr(), r.ssim());
            SyncStage.Report expert = trainer.expertReport();
            if (expert != null) System.out.printf("sync expert held-out accuracy %.3f (%s)%n", expert.accuracy(), out.resolve("sync_expert.json"));
            cpuShare = ComputeThreads.cpuShare();
            String busy = BusyMachine.warning(cpuShare, budgetIsTime());
            if (busy != null) System.out.println("warning: " + busy);
        }
        return 0;
    }

    /** The latest test-split scores, for the bar and the summary; empty before the first validation. */
    private static String scores(Validation.Result r) {
        return r == null ? "" : String.format("  test PSNR %.2f dB  SSIM %.4f", r.psnr(), r.ssim());
    }

    /** The preset with the command line's ablations, budget and seed. */
    private ModelConfig config() {
        ModelConfig.SyncLoss mode = switch (syncLoss.toLowerCase(java.util.Locale.ROOT)) {
            case "off" -> ModelConfig.SyncLoss.OFF;
            case "positives" -> ModelConfig.SyncLoss.POSITIVES;
            case "contrastive" -> ModelConfig.SyncLoss.CONTRASTIVE;
            default -> throw new UserError("--sync-loss " + syncLoss + ": use off, positives or contrastive");
        };
        if (timestamp && noTimestamp) throw new UserError("--timestamp and --no-timestamp contradict each other: give one");
        ModelConfig cfg = ModelConfig.preset(preset);
        ModelConfig.Ablation a = cfg.ablation();
        cfg = cfg.withAblation(new ModelConfig.Ablation(a.continuousSampling() && !noContinuousSampling && !noImplicit,
                a.implicitModel() && !noImplicit, a.blendNet() && !noBlendNet, (a.timestamp() || timestamp) && !noTimestamp, mode));
        if (noMouthShape) cfg = cfg.withMouth(ModelConfig.Mouth.OFF);
        if (lipWarp) {
            if (!cfg.mouth().on()) throw new UserError("--lip-warp moves the lips by the mouth shape: leave out --no-mouth-shape, or --lip-warp");
            cfg = cfg.withMouth(cfg.mouth().withWarp(true));
        }
        if (speechFeatures != null) {
            ModelConfig.SpeechInput features = switch (speechFeatures.toLowerCase(java.util.Locale.ROOT)) {
                case "mel" -> ModelConfig.SpeechInput.MEL;
                case "ppg" -> ModelConfig.SpeechInput.PPG;
                case "both" -> ModelConfig.SpeechInput.BOTH;
                default -> throw new UserError("--speech-features " + speechFeatures + ": use mel, ppg or both");
            };
            cfg = cfg.withAudio(cfg.audio().withFeatures(features));
        }
        ModelConfig.Training t = cfg.training();
        int steps = t.maxSteps();
        double minutes = t.maxMinutes();
        if (budget != null) {
            if (budget.steps != null && budget.steps < 1) throw new UserError("--steps " + budget.steps + ": give at least 1");
            if (budget.minutes != null && (!(budget.minutes > 0) || budget.minutes.isInfinite())) {
                throw new UserError("--minutes " + budget.minutes + ": give a positive number");
            }
            steps = budget.steps == null ? 0 : budget.steps;
            minutes = budget.minutes == null ? 0 : budget.minutes;
        }
        if (expertSteps != null) {
            if (expertSteps < 1) throw new UserError("--expert-steps " + expertSteps + ": give at least 1");
            ModelConfig.Sync s = cfg.sync();
            cfg = cfg.withSync(new ModelConfig.Sync(s.imageSize(), s.baseChannels(), s.embedDims(), expertSteps, s.expertShare(),
                    s.expertBatch(), s.lossWindows()));
        }
        return cfg.withTraining(t.withBudget(steps, minutes).withSeed(seed == null ? t.seed() : seed));
    }
}
