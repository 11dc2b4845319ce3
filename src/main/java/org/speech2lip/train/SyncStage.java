package org.speech2lip.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.Rect;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.SyncExpert;
import org.speech2lip.model.SyncExpertTrainer;
import org.speech2lip.model.SyncLoss;
import org.speech2lip.model.SyncWindows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Stage 2's judge: the sync expert, trained first on the subject's training split and then frozen,
 * and the contrastive sync loss it gives (paper Eq. 6). The expert sees lip crops shrunk to
 * {@code sync.imageSize} wide; in stage 2 the lip field renders windows at that size directly.
 *
 * <p>The trained expert is written to the model directory ({@value #EXPERT}) with a report of its
 * held-out accuracy ({@value #REPORT}: aligned vs shifted windows of the test split); a resumed run
 * loads it instead of training again.
 */
public final class SyncStage {
    static final String EXPERT = "sync_expert.bin", REPORT = "sync_expert.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the expert is and how well it judges windows it never saw.
     *
     * @param accuracy     balanced accuracy of "cosine > 0 means synced" on the test split
     * @param rankAccuracy share of shifted test pairs whose cosine is below the same lips' aligned one
     * @param skippedSteps steps whose loss or gradient was not finite, which changed nothing (0 in reports written before it existed)
     */
    public record Report(int height, int width, int steps, double seconds, double msPerStep, double finalLoss, int testWindows,
                  double accuracy, double rankAccuracy, double meanCosAligned, double meanCosShifted, int skippedSteps) {}

    private final ModelConfig cfg;
    private final SubjectData subject;
    private final Path modelDir;
    private final NDManager manager;
    private final int height, width;
    private SyncWindows windows;
    private SyncExpert expert;
    private SyncLoss loss;
    private Report report;

    /** The stage for lips of {@code lipBox}; loads the model directory's expert if it has one. */
    SyncStage(ModelConfig cfg, SubjectData subject, Rect lipBox, Path modelDir, NDManager manager) {
        this.cfg = cfg;
        this.subject = subject;
        this.modelDir = modelDir;
        this.manager = manager;
        width = Math.min(cfg.sync().imageSize(), lipBox.w());
        height = Math.min(lipBox.h(), Math.max(16, Math.round((float) lipBox.h() * width / lipBox.w())));
        if (Files.isRegularFile(modelDir.resolve(EXPERT)) && Files.isRegularFile(modelDir.resolve(REPORT))) load();
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** True once the expert is trained (or loaded) and frozen. */
    boolean ready() {
        return loss != null;
    }

    Report report() {
        return report;
    }

    /**
     * Trains the expert for at most {@code seconds} and {@code steps}, tests it on the test
     * split, freezes it and writes it with its report; {@code progress} hears each step.
     */
    Report train(double seconds, int steps, IntConsumer progress, LongSupplier clock) {
        ModelConfig.Sync s = cfg.sync();
        long start = clock.getAsLong();
        SyncExpert e = new SyncExpert(new SyncExpert.Config(height, width, s.baseChannels(), s.embedDims()));
        SyncExpertTrainer.Result r = SyncExpertTrainer.train(e, manager, windows(), new SyncExpertTrainer.Options(
                s.expertBatch(), 1e-3f, seconds, steps, cfg.training().seed(), progress, clock));
        SyncExpertTrainer.Evaluation held = r.heldOut();
        report = new Report(height, width, r.steps(), (clock.getAsLong() - start) / 1e9, r.msPerStep(), r.finalLoss(),
                held.windows(), held.accuracy(), held.rankAccuracy(), held.meanCosAligned(), held.meanCosShifted(), r.skipped());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            e.save(bytes);
            AtomicWrite.write(modelDir.resolve(EXPERT), bytes.toByteArray());
            AtomicWrite.write(modelDir.resolve(REPORT), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException ex) {
            throw AtomicWrite.writeError(modelDir.resolve(EXPERT), ex);
        }
        freeze(e);
        return report;
    }

    /** The sync loss of generated windows (B, 15, h, w) whose lips start at {@code starts}; audio shifted away is drawn from {@code random}. */
    NDArray loss(NDManager m, NDArray generated, int[] starts, SplittableRandom random) {
        int[] shifted = new int[starts.length];
        for (int i = 0; i < starts.length; i++) shifted[i] = SyncWindows.shifted(starts[i], 0, windows().trainFrames(), random);
        return loss.loss(generated, windows().mel(m, starts), windows().mel(m, shifted));
    }

    /**
     * How the frozen expert judges generated windows (B, 15, h, w) starting at {@code starts}: their
     * mean cosine with their own audio and with audio shifted away, and the share of windows whose own
     * audio scores higher.
     */
    public record Ranking(double meanCosAligned, double meanCosShifted, double rankAccuracy) {}

    Ranking rank(NDManager m, NDArray generated, int[] starts, SplittableRandom random) {
        int[] shifted = new int[starts.length];
        for (int i = 0; i < starts.length; i++) shifted[i] = SyncWindows.shifted(starts[i], 0, windows().frames(), random);
        float[] own = loss.judge(generated, windows().mel(m, starts)), other = loss.judge(generated, windows().mel(m, shifted));
        double a = 0, b = 0, ranked = 0;
        for (int i = 0; i < starts.length; i++) {
            a += own[i];
            b += other[i];
            if (own[i] > other[i]) ranked++;
        }
        return new Ranking(a / starts.length, b / starts.length, ranked / starts.length);
    }

    private void load() {
        try (InputStream in = Files.newInputStream(modelDir.resolve(EXPERT))) {
            SyncExpert e = SyncExpert.load(manager, in);
            report = JSON.readValue(modelDir.resolve(REPORT).toFile(), Report.class);
            if (e.config().height() != height || e.config().width() != width) {
                throw new UserError(modelDir.resolve(EXPERT) + " judges " + e.config().width() + "x" + e.config().height()
                        + " lips, this model " + width + "x" + height + ": delete it to train the expert again");
            }
            freeze(e);
        } catch (IOException | MalformedModelException | RuntimeException ex) {
            if (ex instanceof UserError u) throw u;
            throw new UserError("Cannot read the sync expert " + modelDir.resolve(EXPERT) + " (" + ex.getMessage()
                    + "): delete it and its " + REPORT + " to train it again");
        }
    }

    private void freeze(SyncExpert e) {
        expert = e;
        loss = new SyncLoss(expert, switch (cfg.ablation().syncLoss()) {
            case OFF -> SyncLoss.Mode.OFF;
            case POSITIVES -> SyncLoss.Mode.POSITIVES;
            case CONTRASTIVE -> SyncLoss.Mode.CONTRASTIVE;
        });
    }

    private SyncWindows windows() {
        if (windows == null) windows = SyncWindows.of(subject, height, width);
        return windows;
    }
}
