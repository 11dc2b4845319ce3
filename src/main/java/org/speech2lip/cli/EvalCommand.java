package org.speech2lip.cli;

import me.tongfei.progressbar.ProgressBar;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.data.ProgressBars;
import org.speech2lip.data.SubjectData;
import org.speech2lip.GracefulStop;
import org.speech2lip.eval.CrossIdentity;
import org.speech2lip.eval.SilenceCheck;
import org.speech2lip.eval.HeldOutScores;
import org.speech2lip.eval.Report;
import org.speech2lip.eval.SyncJudge;
import org.speech2lip.model.Devices;
import org.speech2lip.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a model on its subject's held-out test split against the static and retrieval baselines, "
                + "every method pasted through the same path: mouth and whole-frame PSNR and SSIM, lip landmark distance (LMD), "
                + "correlation of the mouth opening with the real one, mouth sharpness (CPBD). Writes metrics.json, report.md, "
                + "side_by_side.mp4 (real | model | retrieval, with the test audio) and a still of it (side_by_side.png), mouth_psnr.png and mouth_opening.png. "
                + "Definitions: docs/metrics.md."})
final class EvalCommand implements Callable<Integer>, RunRecord.Recorded {

    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A model directory written by train.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT_DIR", description = "Directory for the report files.")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--audio", paramLabel = "OTHER_SPEECH",
            description = "Also drive the model with another speaker's speech (any audio FFmpeg reads) and report its sync figures; repeat for more speakers.")
    List<Path> audio = List.of();

    @Option(names = "--judge-subject", paramLabel = "SUBJECT_DIR",
            description = "Also train the sync judge on every frame of this other prepared subject; repeat for more (default: the subject's training split only).")
    List<Path> judgeSubjects = List.of();

    @Option(names = "--judge-steps", defaultValue = "2000", paramLabel = "N",
            description = "Training steps of the separate sync judge; a step count, not a time, so that the same model gets the same judge anywhere (default: ${DEFAULT-VALUE}).")
    int judgeSteps;

    /** The judge's seed is the model's plus this, so it never shares the model's expert's initialisation. */
    static final long JUDGE_SEED_OFFSET = 1000;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Path recordedOutput() {
        return out;
    }

    @Override
    public java.util.Map<String, Object> recordedFacts() {
        java.util.Map<String, Object> trained = RunRecord.modelFacts(model);
        return java.util.Map.of("model", trained, "judgeSeed", (Long) trained.get("seed") + JUDGE_SEED_OFFSET);
    }

    @Override
    public Integer call() throws java.io.IOException {
        return FileTrees.removedOnFailure(out, FileTrees::always, this::evaluate);
    }

    private int evaluate() throws java.io.IOException {
        threads.apply();
        // closed after the model: Ctrl-C waits for the current step, then for the networks to be freed
        try (GracefulStop stop = GracefulStop.open(60); TrainedModel trained = TrainedModel.open(model, Devices.choose(device))) {
            int frames = trained.subject().frames() - trained.subject().trainFrames();
            long seed = trained.config().training().seed() + JUDGE_SEED_OFFSET;
            if (judgeSteps < 1) throw new UserError("--judge-steps " + judgeSteps + ": give at least 1");
            for (Path a : audio) if (!java.nio.file.Files.isRegularFile(a)) throw new UserError(a + ": no such speech file; check the --audio path");
            AtomicWrite.createDirectories(out); // before the judge's minutes of training, not after
            List<SubjectData> others = judgeSubjects.stream().map(SubjectData::open).toList();
            if (!quiet) System.out.printf("training the sync judge (seed %d, %d steps)...%n", seed, judgeSteps);
            SyncJudge judge;
            try (me.tongfei.progressbar.ProgressBar bar = org.speech2lip.data.ProgressBars.create("sync judge", judgeSteps, quiet)) {
                judge = SyncJudge.train(trained.subject(), others, trained.config().sync(), seed, Double.MAX_VALUE, judgeSteps, trained.manager(),
                        stop.checking(bar::stepTo));
            }
            String trainedOn = others.isEmpty() ? "the subject's training split"
                    : "the subject's training split and every frame of " + others.stream()
                            .map(o -> "`" + o.path().getFileName() + "` (" + o.frames() + ")").collect(Collectors.joining(", "));
            String about = String.format("a sync expert of the model's size trained for %d steps on %s with seed %d "
                    + "(the model's own expert: seed %d); on the real test split it scores accuracy %.3f, ranking %.3f",
                    judgeSteps, trainedOn, seed, trained.config().training().seed(), judge.heldOut().accuracy(), judge.heldOut().rankAccuracy());
            HeldOutScores.Scores scores;
            try (ProgressBar bar = ProgressBars.create("eval", frames, quiet)) {
                scores = HeldOutScores.run(trained, out.resolve("side_by_side.mp4"), judge, stop.checking(bar::stepTo));
            }
            List<Report.Cross> cross = new ArrayList<>();
            for (Path a : audio) {
                if (!quiet) System.out.println("rendering " + a + " for the cross-identity sync figures...");
                stop.check();
                CrossIdentity.Result r = CrossIdentity.run(trained, a, judge);
                cross.add(new Report.Cross(a, r.sync(), r.motion()));
            }
            if (!quiet) System.out.println("rendering silence for the rest-mouth figures...");
            stop.check();
            SilenceCheck silence = SilenceCheck.run(trained);
            Report.write(out, model, trained.meta(), scores, about, cross, silence);
            System.out.print(Report.table(model, trained.meta(), Report.means(scores), frames, about));
            System.out.print(Report.silenceLine(silence));
            if (!cross.isEmpty()) System.out.print(Report.crossTable(cross));
            System.out.println("report: " + out.resolve("report.md"));
        }
        return 0;
    }
}
