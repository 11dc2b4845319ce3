package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioEncoderTest {
    static long count(Block b) {
        return b.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Test
    void melWindowToCode() {
        try (NDManager m = NDManager.newBaseManager()) {
            AudioEncoder enc = new AudioEncoder(new ModelConfig.Audio(64, false, 8));
            enc.initialize(m, DataType.FLOAT32, enc.melShape(3));
            NDArray mel = m.randomUniform(-4, 4, new Shape(3, 16, 80));
            NDArray code = enc.forward(new ParameterStore(m, false), new NDList(mel), false).head();
            assertEquals(new Shape(3, 64), code.getShape());
            assertTrue(code.get(0).sub(code.get(1)).abs().max().getFloat() > 0, "different windows, different codes");
            // convs 80→32→32→64→64 (kernel 3, with bias), then 64→64→64
            long expected = (80 * 32 * 3 + 32) + (32 * 32 * 3 + 32) + (32 * 64 * 3 + 64) + (64 * 64 * 3 + 64) + 2 * (64 * 64 + 64);
            assertEquals(expected, count(enc));
        }
    }

    @Test
    void phonesAloneOrBothWithWhatEachFrameKeeps() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig.Audio cfg = new ModelConfig.Audio(16, false, 8);
            AudioEncoder phones = new AudioEncoder(cfg.withFeatures(ModelConfig.SpeechInput.PPG));
            phones.initialize(m, DataType.FLOAT32, phones.inputShapes(2));
            assertEquals(1, phones.inputShapes(2).length);
            assertEquals(new Shape(2, 9, 42), phones.ppgShape(2));
            NDArray ppg = m.randomUniform(0, 1, new Shape(2, 9, 42));
            ParameterStore ps = new ParameterStore(m, false);
            assertEquals(new Shape(2, 16), phones.forward(ps, new NDList(ppg), false).head().getShape());
            assertEquals((9 * 42 * 128 + 128) + (128 * 16 + 16), count(phones), "two linear layers, no mel convolutions");

            AudioEncoder both = new AudioEncoder(cfg.withFeatures(ModelConfig.SpeechInput.BOTH));
            assertEquals(0.5, cfg.withFeatures(ModelConfig.SpeechInput.BOTH).featureDropout());
            both.initialize(m, DataType.FLOAT32, both.inputShapes(2));
            NDArray mel = m.randomUniform(-4, 4, new Shape(2, 16, 80));
            NDArray all = both.forward(ps, new NDList(mel, ppg), false).head();
            NDArray kept = both.forward(ps, new NDList(mel, ppg, m.ones(new Shape(2, 2))), false).head();
            NDArray melOnly = both.forward(ps, new NDList(mel, ppg, m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2))), false).head();
            NDArray ppgOnly = both.forward(ps, new NDList(mel, ppg, m.create(new float[] {0, 1, 0, 1}, new Shape(2, 2))), false).head();
            assertArrayEquals(all.toFloatArray(), kept.toFloatArray(), 1e-6f, "keeping both is the default");
            assertArrayEquals(all.toFloatArray(), melOnly.add(ppgOnly).toFloatArray(), 1e-5f, "the two codes are summed");
            assertTrue(melOnly.sub(ppgOnly).abs().max().getFloat() > 0);
        }
    }

    @Test
    void smoothedCodeFromAWindowOfFrames() {
        try (NDManager m = NDManager.newBaseManager()) {
            AudioEncoder enc = new AudioEncoder(new ModelConfig.Audio(32, true, 8));
            assertEquals(new Shape(2, 8, 16, 80), enc.melShape(2));
            enc.initialize(m, DataType.FLOAT32, enc.melShape(2));
            NDArray code = enc.forward(new ParameterStore(m, false), new NDList(m.randomUniform(-4, 4, enc.melShape(2))), false).head();
            assertEquals(new Shape(2, 32), code.getShape());
            assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 2, 3}, enc.frames(0, 100));
            assertArrayEquals(new int[] {46, 47, 48, 49, 50, 51, 52, 53}, enc.frames(50, 100));
            assertArrayEquals(new int[] {95, 96, 97, 98, 99, 99, 99, 99}, enc.frames(99, 100));
        }
    }

    @Test
    void smoothingIsAWeightedMeanOfTheWindow() {
        try (NDManager m = NDManager.newBaseManager()) {
            AudioSmoothing s = new AudioSmoothing(6);
            s.initialize(m, DataType.FLOAT32, new Shape(2, 6, 16));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray one = m.randomNormal(new Shape(2, 1, 16));
            NDArray same = s.forward(ps, new NDList(one.repeat(1, 6)), false).head();
            assertArrayEquals(one.squeeze(1).toFloatArray(), same.toFloatArray(), 1e-5f);

            NDArray codes = m.randomNormal(new Shape(2, 6, 16));
            NDArray out = s.forward(ps, new NDList(codes), false).head();
            assertTrue(out.lte(codes.max(new int[] {1}).add(1e-5f)).all().getBoolean());
            assertTrue(out.gte(codes.min(new int[] {1}).sub(1e-5f)).all().getBoolean());
        }
    }
}
