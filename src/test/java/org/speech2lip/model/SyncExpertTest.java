package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncExpertTest {
    private static final int H = 56, W = 72;

    private static NDList inputs(NDManager m, int faces, int audio) {
        return new NDList(m.randomUniform(0, 1, new Shape(faces, 15, H, W)), m.randomUniform(-4, 4, new Shape(audio, 1, 16, 80)));
    }

    @Test
    void embeddingsHaveUnitLengthAndBatchesMayDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncExpert e = new SyncExpert(SyncExpert.Config.forCrop(H, W));
            e.initialize(m, DataType.FLOAT32, e.inputShapes(4));
            NDList out = e.forward(new ParameterStore(m, false), inputs(m, 3, 6), false);
            assertEquals(new Shape(3, 128), out.get(0).getShape());
            assertEquals(new Shape(6, 128), out.get(1).getShape());
            for (NDArray emb : out) {
                for (float n : emb.norm(new int[] {1}).toFloatArray()) assertEquals(1f, n, 1e-5f);
            }
            long full = BlendNetTest.count(e);
            SyncExpert fast = new SyncExpert(SyncExpert.Config.fast(H, W));
            fast.initialize(m, DataType.FLOAT32, fast.inputShapes(4));
            System.out.printf("sync expert parameters for %dx%d crops: %d (default), %d (fast)%n", H, W, full, BlendNetTest.count(fast));
            assertTrue(BlendNetTest.count(fast) < full / 2);
        }
    }

    @Test
    void saveAndLoadGiveTheSameEmbeddings() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SyncExpert e = new SyncExpert(SyncExpert.Config.fast(H, W));
            e.initialize(m, DataType.FLOAT32, e.inputShapes(2));
            // one training-mode pass moves the batch-norm statistics away from their initial values
            e.forward(new ParameterStore(m, false), inputs(m, 4, 4), true);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            e.save(bytes);
            SyncExpert back = SyncExpert.load(m, new ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(e.config(), back.config());
            NDList in = inputs(m, 2, 2);
            NDList a = e.forward(new ParameterStore(m, false), in, false), b = back.forward(new ParameterStore(m, false), in, false);
            for (int i = 0; i < 2; i++) assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), 0f);
        }
    }

    @Test
    void embeddingsDoNotDependOnWhatFreedMemoryHolds() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            SyncExpert e = new SyncExpert(SyncExpert.Config.forCrop(H, W));
            e.initialize(m, DataType.FLOAT32, e.inputShapes(4));
            NDList in = inputs(m, 3, 6);
            float[][] first = null;
            for (float leftover : new float[] {0f, 1000f, Float.NaN, 1000f, Float.NaN}) {
                AlignedConv2dTest.leaveInFreedMemory(m, leftover);
                try (NDManager pass = m.newSubManager()) {
                    NDList out = e.forward(new ParameterStore(pass, false), in, false);
                    float[][] now = {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
                    if (first == null) first = now;
                    for (int i = 0; i < 2; i++) assertArrayEquals(first[i], now[i], 1e-5f, "embeddings changed after leaving " + leftover + " in freed memory");
                }
            }
        }
    }
}
