package org.speech2lip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    public record State(long step, int stage) {}

    /** Jackson cannot write this (no properties): a write that fails after the parameters are on disk. */
    public static final class Unwritable {}

    private static Block block(NDManager m, int seed) {
        m.getEngine().setRandomSeed(seed);
        Block b = Linear.builder().setUnits(2).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        return b;
    }

    private static void train(Block b, Adam adam, NDManager m) {
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray out = b.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3))), true).singletonOrThrow();
            gc.backward(out.square().sum());
        }
        adam.step(b.getParameters());
    }

    private static float[] weights(Block b) {
        return b.getParameters().get(0).getValue().getArray().toFloatArray();
    }

    @Test
    void roundTripsBlocksOptimiserAndState() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = block(m, 1);
            Adam adam = new Adam(m, 0.1);
            train(b, adam, m);
            Checkpoint.save(dir, Map.of("field", b), adam, new State(7, 2));
            Block back = block(m, 99);
            Adam adamBack = new Adam(m, 0.1);
            State s = Checkpoint.load(dir, m, Map.of("field", back), adamBack, State.class);
            assertEquals(new State(7, 2), s);
            assertArrayEquals(weights(b), weights(back));
            assertEquals(1, adamBack.steps());
            train(b, adam, m);
            train(back, adamBack, m);
            assertArrayEquals(weights(b), weights(back));
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousCheckpoint() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = block(m, 1);
            Adam adam = new Adam(m, 0.1);
            Checkpoint.save(dir, Map.of("field", b), adam, new State(1, 1));
            float[] saved = weights(b);
            train(b, adam, m);
            UserError e = assertThrows(UserError.class, () -> Checkpoint.save(dir, Map.of("field", b), adam, new Unwritable()));
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(Files.exists(dir.resolve("checkpoint.partial")), "no half-written checkpoint left");
            Block back = block(m, 5);
            assertEquals(new State(1, 1), Checkpoint.load(dir, m, Map.of("field", back), new Adam(m, 0.1), State.class));
            assertArrayEquals(saved, weights(back));
        }
    }

    @Test
    void aCrashBetweenTheRenamesStillResumes() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = block(m, 1);
            Adam adam = new Adam(m, 0.1);
            Checkpoint.save(dir, Map.of("field", b), adam, new State(3, 1));
            Files.move(dir.resolve("checkpoint"), dir.resolve("checkpoint.old"));
            assertTrue(Checkpoint.exists(dir));
            assertEquals(3, Checkpoint.load(dir, m, Map.of("field", block(m, 2)), new Adam(m, 0.1), State.class).step());
        }
    }
}
