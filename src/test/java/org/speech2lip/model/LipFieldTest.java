package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipFieldTest {
    /** Weights and biases of a dense layer. */
    private static long dense(long in, long out) {
        return in * out + out;
    }

    /** The fast preset with speech driving the field directly from the log-mel, timestamp on: the paper's path these tests check. */
    static final ModelConfig SPEECH_FAST = ModelConfig.FAST.withMouth(ModelConfig.Mouth.OFF)
            .withAudio(ModelConfig.FAST.audio().withFeatures(ModelConfig.SpeechInput.MEL)).withAblation(ModelConfig.Ablation.NONE);

    @Test
    void aMouthShapeDrivenGeneratorReadsShapesInsteadOfSpeech() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig cfg = ModelConfig.FAST;
            LipGenerator g = new LipGenerator(cfg, 6, 8, ShapeWarpTest.ellipse(cfg.mouth().components()));
            g.initialize(m, DataType.FLOAT32, g.inputShapes(2, 5));
            assertTrue(g.drivenByShape());
            assertEquals(null, g.audio());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray shapes = m.randomNormal(new Shape(2, cfg.mouth().components()));
            NDArray time = TimeCode.of(m, new int[] {3, 9}, 20, 20);
            NDArray points = m.randomUniform(-1, 1, new Shape(2, 5, 2));
            NDArray rgb = g.forward(ps, new NDList(points, time, shapes), false).head();
            assertEquals(new Shape(2, 5, 3), rgb.getShape());
            // another shape, other lips
            NDArray other = g.forward(ps, new NDList(points, time, shapes.neg()), false).head();
            assertTrue(rgb.sub(other).abs().max().getFloat() > 1e-4f);
            // a whole box, its points warped by each frame's shape as the points above were
            assertEquals(new Shape(2, 3, 6, 8), g.render(ps, new NDList(shapes), time, 6, 8).getShape());
        }
    }

    @Test
    void paperSizeIsEightBy256WithASkipAtLayerFive() {
        try (NDManager m = NDManager.newBaseManager()) {
            LipGenerator g = new LipGenerator(ModelConfig.PAPER, 8, 8);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, 1));
            long in = 2 * (1 + 2 * 10) + 64 + 20; // γ(p) with 10 frequencies, audio code, time code
            long field = dense(in, 256) + 6 * dense(256, 256) + dense(256 + in, 256) + dense(256, 3);
            assertEquals(526_083, field);
            assertEquals(field, AudioEncoderTest.count(g.field()));
            assertEquals(field + AudioEncoderTest.count(g.audio()), g.parameterCount());
            System.out.printf("parameters: paper %d (field %d)%n", g.parameterCount(), field);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            LipGenerator g = new LipGenerator(SPEECH_FAST, 8, 8);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, 1));
            long in = 2 * (1 + 2 * 6) + 64 + 20;
            long field = dense(in, 128) + 2 * dense(128, 128) + dense(128 + in, 128) + dense(128, 3);
            assertEquals(field, AudioEncoderTest.count(g.field()));
            System.out.printf("parameters: fast %d (field %d)%n", g.parameterCount(), field);
        }
    }

    @Test
    void coloursForPointsAndGrids() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig cfg = SPEECH_FAST;
            LipGenerator g = new LipGenerator(cfg, 6, 8);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(2, 5));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray mel = m.randomUniform(-4, 4, new Shape(2, 16, 80));
            NDArray time = TimeCode.of(m, new int[] {3, 9}, 20, 20);
            NDArray points = m.randomUniform(-1, 1, new Shape(2, 5, 2));
            NDArray rgb = g.forward(ps, new NDList(points, time, mel), false).head();
            assertEquals(new Shape(2, 5, 3), rgb.getShape());
            assertTrue(rgb.gt(0).all().getBoolean() && rgb.lt(1).all().getBoolean());

            NDArray image = g.render(ps, new NDList(mel), time, 6, 8);
            assertEquals(new Shape(2, 3, 6, 8), image.getShape());
            // pixel (row 5, column 2) of frame 1 is the field at that pixel's centre
            NDArray centre = m.create(new float[] {LipField.centre(2, 8), LipField.centre(5, 6)}, new Shape(1, 1, 2)).repeat(0, 2);
            NDArray direct = g.forward(ps, new NDList(centre, time, mel), false).head();
            assertArrayEquals(direct.get("1,0,:").toFloatArray(), image.get("1,:,5,2").toFloatArray(), 1e-5f);
        }
    }

    @Test
    void gridCoversTheBoxAtPixelCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] g = LipField.grid(m, 2, 4).toFloatArray();
            assertArrayEquals(new float[] {-0.75f, -0.5f, -0.25f, -0.5f}, java.util.Arrays.copyOf(g, 4), 1e-6f);
            assertArrayEquals(new float[] {0.75f, 0.5f}, java.util.Arrays.copyOfRange(g, 14, 16), 1e-6f);
        }
    }

    @Test
    void explicitAblationLooksUpOneCodePerPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelEmbedding pixels = new PixelEmbedding(2, 4, 3);
            pixels.initialize(m, DataType.FLOAT32, new Shape(1, 3, 2));
            NDArray table = pixels.getParameters().get("table").getArray();
            assertTrue(table.abs().max().getFloat() <= 1 && table.abs().max().getFloat() > 0.3f);
            // centre of pixel (1, 2), a point elsewhere in that pixel, and the box's top-left corner
            NDArray points = m.create(new float[] {0.25f, 0.5f, 0.4f, 0.9f, -1, -1}, new Shape(1, 3, 2));
            NDArray codes = pixels.forward(new ParameterStore(m, false), new NDList(points), false).head();
            assertArrayEquals(table.get(6).toFloatArray(), codes.get("0,0").toFloatArray());
            assertArrayEquals(table.get(6).toFloatArray(), codes.get("0,1").toFloatArray());
            assertArrayEquals(table.get(0).toFloatArray(), codes.get("0,2").toFloatArray());
            table.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(pixels.forward(new ParameterStore(m, false), new NDList(points), true).head().sum());
            }
            // the two points in pixel 6 and the one in pixel 0 pass gradient to their rows only
            float[] grad = table.getGradient().sum(new int[] {1}).toFloatArray();
            assertArrayEquals(new float[] {3, 0, 0, 0, 0, 0, 6, 0}, grad, 1e-6f);

            ModelConfig cfg = SPEECH_FAST.withAblation(new ModelConfig.Ablation(false, false, true, true, ModelConfig.SyncLoss.CONTRASTIVE));
            LipGenerator g = new LipGenerator(cfg, 6, 8);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, 1));
            LipGenerator implicit = new LipGenerator(SPEECH_FAST, 6, 8);
            implicit.initialize(m, DataType.FLOAT32, implicit.inputShapes(1, 1));
            assertEquals(implicit.parameterCount() + 6 * 8 * PositionalEncoding.dims(2, 6), g.parameterCount());
            NDArray image = g.render(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 16, 80))), m.zeros(new Shape(1, 20)), 6, 8);
            assertEquals(new Shape(1, 3, 6, 8), image.getShape());
        }
    }

    @Test
    void startsAwayFromSaturation() {
        for (ModelConfig cfg : new ModelConfig[] {SPEECH_FAST, ModelConfig.PAPER}) {
            for (int seed = 1; seed <= 3; seed++) {
                Engine.getInstance().setRandomSeed(seed);
                try (NDManager m = NDManager.newBaseManager()) {
                    LipGenerator g = new LipGenerator(cfg, 8, 8);
                    g.initialize(m, DataType.FLOAT32, g.inputShapes(8, 200));
                    NDArray mel = m.randomUniform(-4, 4, new Shape(8, 16, 80));
                    NDArray time = TimeCode.of(m, new int[] {0, 1, 2, 3, 50, 51, 98, 99}, 100, 20);
                    NDArray rgb = g.forward(new ParameterStore(m, false),
                            new NDList(m.randomUniform(-1, 1, new Shape(8, 200, 2)), time, mel), false).head();
                    float saturated = rgb.sub(0.5f).abs().gt(0.48f).toType(DataType.FLOAT32, false).mean().getFloat();
                    assertTrue(saturated < 0.01f, cfg.name() + " seed " + seed + ": " + saturated + " of colours start within 0.02 of 0 or 1");
                }
            }
        }
    }
}
