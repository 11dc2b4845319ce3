package org.speech2lip.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamTest {
    private static Block linear(NDManager m) {
        Block b = Linear.builder().setUnits(3).build();
        b.setInitializer(new NormalInitializer(0.5f), ai.djl.nn.Parameter.Type.WEIGHT);
        m.getEngine().setRandomSeed(3);
        b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(8, 4));
        return b;
    }

    private static void lossStep(Block b, NDManager m, NDArray x, NDArray y) {
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray out = b.forward(ps, new NDList(x), true).singletonOrThrow();
            gc.backward(out.sub(y).square().mean());
        }
    }

    @Test
    void matchesDjlAdamStepForStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomNormal(new Shape(8, 4)), y = m.randomNormal(new Shape(8, 3));
            Block ours = linear(m);
            Adam adam = new Adam(m, 0.01);
            Model model = Model.newInstance("ref");
            model.setBlock(linear(m));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(8, 4));
                copyWeights(ours, model.getBlock());
                for (int i = 0; i < 20; i++) {
                    lossStep(ours, m, x, y);
                    adam.step(ours.getParameters());
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        gc.backward(out.sub(y).square().mean());
                    }
                    trainer.step();
                }
                assertArrayEquals(weights(model.getBlock()), weights(ours), 1e-5f);
            }
            model.close();
        }
    }

    @Test
    void resumesExactlyFromSavedState() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomNormal(new Shape(8, 4)), y = m.randomNormal(new Shape(8, 3));
            Block straight = linear(m), resumed = linear(m);
            Adam a = new Adam(m, 0.01), b = new Adam(m, 0.01);
            for (int i = 0; i < 10; i++) {
                lossStep(straight, m, x, y);
                a.step(straight.getParameters());
                lossStep(resumed, m, x, y);
                b.step(resumed.getParameters());
            }
            ByteArrayOutputStream params = new ByteArrayOutputStream(), state = new ByteArrayOutputStream();
            resumed.saveParameters(new DataOutputStream(params));
            b.save(new DataOutputStream(state));
            Block restored = linear(m);
            restored.loadParameters(m, new DataInputStream(new ByteArrayInputStream(params.toByteArray())));
            restored.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            Adam c = new Adam(m, 0.01);
            c.load(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
            for (int i = 0; i < 10; i++) {
                lossStep(straight, m, x, y);
                a.step(straight.getParameters());
                lossStep(restored, m, x, y);
                c.step(restored.getParameters());
            }
            assertArrayEquals(weights(straight), weights(restored), 0f);
        }
    }

    @Test
    void aStepWithANanGradientChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(8, 4)), y = m.randomNormal(new Shape(8, 3));
            NDArray poisoned = y.duplicate();
            poisoned.set(new float[] {Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            Block clean = linear(m), hit = linear(m);
            copyWeights(clean, hit);
            Adam a = new Adam(m, 0.01), b = new Adam(m, 0.01);
            for (int i = 0; i < 3; i++) {
                lossStep(clean, m, x, y);
                assertTrue(a.step(clean.getParameters()));
                lossStep(hit, m, x, y);
                assertTrue(b.step(hit.getParameters()));
            }
            float[] before = weights(hit);
            lossStep(hit, m, x, poisoned);
            assertFalse(b.step(hit.getParameters()));
            assertArrayEquals(before, weights(hit), 0f);
            assertEquals(3, b.steps());
            // the refused gradient is cleared: the next steps go on as if it never came
            for (int i = 0; i < 3; i++) {
                lossStep(clean, m, x, y);
                a.step(clean.getParameters());
                lossStep(hit, m, x, y);
                b.step(hit.getParameters());
            }
            assertArrayEquals(weights(clean), weights(hit), 0f);
        }
    }

    private static void copyWeights(Block from, Block to) {
        for (int i = 0; i < from.getParameters().size(); i++) {
            to.getParameters().get(i).getValue().getArray().set(from.getParameters().get(i).getValue().getArray().toFloatArray());
        }
    }

    private static float[] weights(Block b) {
        NDArray w = b.getParameters().get(0).getValue().getArray();
        NDArray bias = b.getParameters().get(1).getValue().getArray();
        float[] a = w.toFloatArray(), c = bias.toFloatArray();
        float[] out = new float[a.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
