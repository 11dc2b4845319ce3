package org.speech2lip.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.speech2lip.data.Npy;
import org.speech2lip.data.SubjectDirectory;
import org.speech2lip.data.SubjectMeta;

import java.nio.file.Path;
import java.util.Random;

/**
 * Fits the lip generator alone to a subject's canonical lip crops with Adam on the L2 part of L_m,
 * masked by {@code lip_valid}: the smallest complete training loop, for tests and timings. Each step
 * draws {@code batchFrames} training frames and {@code lipPixels} of their lip-box pixels, queried
 * through {@link ContinuousSampling} when the config has it on. Step memory lives in a sub-manager
 * closed after the step.
 */
public final class LipFieldFit implements AutoCloseable {
    private final ModelConfig cfg;
    private final LipGenerator generator;
    private final Model model;
    private final Trainer trainer;
    private final ContinuousSampling sampling;
    private final Random random;
    private final int frames, train, h, w;
    private final byte[] lips, valid;
    private final float[] mel;

    public LipFieldFit(ModelConfig cfg, Path subject) {
        this.cfg = cfg;
        SubjectDirectory dir = new SubjectDirectory(subject);
        SubjectMeta meta = dir.readMeta();
        Npy.Array crops = Npy.read(dir.file("lip_crops.npy"));
        frames = meta.frames();
        train = meta.split().train();
        h = crops.shape()[1];
        w = crops.shape()[2];
        lips = crops.u8();
        valid = Npy.read(dir.file("lip_valid.npy")).u8();
        mel = Npy.read(dir.file("mel.npy")).f32();

        long seed = cfg.training().seed();
        random = new Random(seed);
        sampling = new ContinuousSampling(cfg.ablation().continuousSampling(), seed + 1);
        // parameter initialisation draws from the engine's generator
        Engine.getInstance().setRandomSeed((int) seed);
        generator = new LipGenerator(cfg, h, w);
        model = Model.newInstance("lips");
        model.setBlock(generator);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.training().learningRate())).build();
        // the trainer wants a loss; step() computes its own masked one
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam));
        trainer.initialize(generator.inputShapes(cfg.training().batchFrames(), 1));
    }

    public LipGenerator generator() {
        return generator;
    }

    /** Lip-box size of the subject's crops. */
    public int height() {
        return h;
    }

    public int width() {
        return w;
    }

    public int trainFrames() {
        return train;
    }

    /** One Adam step on a random batch; returns the batch's masked mean squared error. */
    public double step() {
        int b = cfg.training().batchFrames(), p = Math.max(1, cfg.training().lipPixels() / b);
        int[] batch = new int[b];
        float[] centres = new float[b * p * 2], target = new float[b * p * 3], mask = new float[b * p];
        for (int f = 0; f < b; f++) {
            batch[f] = random.nextInt(train);
            for (int i = 0; i < p; i++) {
                int pixel = random.nextInt(h * w), n = f * p + i;
                centres[2 * n] = LipField.centre(pixel % w, w);
                centres[2 * n + 1] = LipField.centre(pixel / w, h);
                int at = batch[f] * h * w + pixel;
                for (int c = 0; c < 3; c++) target[3 * n + c] = (lips[3 * at + c] & 0xff) / 255f;
                mask[n] = valid[at];
            }
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
            ContinuousSampling.Query q = sampling.query(m.create(centres, new Shape(b, p, 2)), 2.0 / w, 2.0 / h);
            NDArray counted = m.create(mask, new Shape(b, p, 1));
            double value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(melOf(m, batch), q.points(), timeOf(m, batch))).head();
                NDArray err = q.blend(out).sub(m.create(target, new Shape(b, p, 3))).square().mul(counted);
                NDArray loss = err.sum().div(counted.sum().mul(3).maximum(1));
                gc.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            return value;
        }
    }

    /** The generator's lip images of the given frames at the crops' size, (B, h, w, 3) in [0, 1], row-major. */
    public float[] render(int[] batch) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray points = LipField.grid(m, h, w).expandDims(0).repeat(0, batch.length);
            return trainer.evaluate(new NDList(melOf(m, batch), points, timeOf(m, batch))).head().toFloatArray();
        }
    }

    /** PSNR (dB) of the rendered frames against their lip crops, over valid pixels. */
    public double psnr(int[] batch) {
        float[] out = render(batch);
        double sum = 0;
        long count = 0;
        for (int f = 0; f < batch.length; f++) {
            for (int px = 0; px < h * w; px++) {
                int at = batch[f] * h * w + px;
                if (valid[at] == 0) continue;
                for (int c = 0; c < 3; c++) {
                    double d = out[3 * (f * h * w + px) + c] - (lips[3 * at + c] & 0xff) / 255.0;
                    sum += d * d;
                }
                count += 3;
            }
        }
        return 10 * Math.log10(count / Math.max(sum, 1e-12));
    }

    private NDArray melOf(NDManager m, int[] batch) {
        int step = AudioEncoder.MEL_STEPS * AudioEncoder.MEL_BINS;
        Shape shape = generator.audio().inputShape(batch.length);
        float[] out = new float[Math.toIntExact(shape.size())];
        int at = 0;
        for (int k : batch) {
            for (int f : generator.audio().frames(k, frames)) {
                System.arraycopy(mel, f * step, out, at, step);
                at += step;
            }
        }
        return m.create(out, shape);
    }

    private NDArray timeOf(NDManager m, int[] batch) {
        return TimeCode.of(m, batch, frames, cfg.field().timeDims());
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
