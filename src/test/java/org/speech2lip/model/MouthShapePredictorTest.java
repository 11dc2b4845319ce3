package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.speech2lip.media.PhoneticPosteriorgram;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ensemble predictor: a mel network and a posteriors network, each reading only its own feature, mixed at inference. */
class MouthShapePredictorTest {
    static final ModelConfig.Mouth NO_DROPOUT = new ModelConfig.Mouth(6, 16, 0, 0, 0.01, 10, 8, 0.1, false, true);

    @Test
    void eachNetworkReadsOnlyItsFeatureAndInferenceMixesThem() {
        int frames = 20;
        Speech speech = new Speech(frames, 3);
        MouthShapePredictor predictor = new MouthShapePredictor(NO_DROPOUT, ModelConfig.SpeechInput.BOTH);
        assertTrue(predictor.ensemble());
        MouthShapePredictor.Standard standard = MouthShapePredictor.Standard.of(speech, frames);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            predictor.initialize(manager, DataType.FLOAT32, new Shape(1, predictor.inputDims()));
            ParameterStore ps = new ParameterStore(manager, false);
            int[] ks = {4, 9, 15};
            float[][] heads = trainingOutputs(predictor, ps, manager, predictor.inputs(speech, standard, ks), ks.length);
            float[] mixed = predictor.forward(ps, predictor.input(manager, predictor.inputs(speech, standard, ks), ks.length), false)
                    .head().toFloatArray();
            for (int i = 0; i < mixed.length; i++) {
                assertEquals(MouthShapePredictor.MEL_SHARE * heads[0][i] + (1 - MouthShapePredictor.MEL_SHARE) * heads[1][i], mixed[i], 1e-5);
            }

            // new posteriors, same mel: the mel network's shapes stay, the posteriors network's move
            Speech otherPhones = new Speech(frames, 3).withPhonesOf(new Speech(frames, 99));
            float[][] again = trainingOutputs(predictor, ps, manager, predictor.inputs(otherPhones, standard, ks), ks.length);
            assertArrayEquals(heads[0], again[0], 1e-6f);
            assertFalse(java.util.Arrays.equals(heads[1], again[1]), "the posteriors network reads the posteriors");
        }
    }

    @Test
    void withoutEnsembleOneNetworkReadsBoth() {
        MouthShapePredictor joint = new MouthShapePredictor(NO_DROPOUT.withEnsemble(false), ModelConfig.SpeechInput.BOTH);
        MouthShapePredictor melOnly = new MouthShapePredictor(NO_DROPOUT, ModelConfig.SpeechInput.MEL);
        assertFalse(joint.ensemble());
        assertFalse(melOnly.ensemble(), "an ensemble needs both features");
        assertEquals(joint.inputDims(), new MouthShapePredictor(NO_DROPOUT, ModelConfig.SpeechInput.BOTH).inputDims());
    }

    private static float[][] trainingOutputs(MouthShapePredictor p, ParameterStore ps, NDManager manager, float[] x, int n) {
        NDList out = p.forward(ps, p.input(manager, x, n), true);
        assertEquals(2, out.size(), "one output per network in training");
        float[][] heads = new float[2][];
        for (int h = 0; h < 2; h++) {
            NDArray a = out.get(h);
            heads[h] = a.toFloatArray();
        }
        return heads;
    }

    /** Random speech: mel windows and posteriors from a seed. */
    private static final class Speech implements MouthShapePredictor.Speech {
        final float[][] mel, ppg;

        Speech(int frames, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            mel = new float[frames][16 * AudioEncoder.MEL_BINS];
            ppg = new float[frames][PhoneticPosteriorgram.PHONES];
            for (int f = 0; f < frames; f++) {
                for (int i = 0; i < mel[f].length; i++) mel[f][i] = (float) random.nextGaussian();
                for (int i = 0; i < ppg[f].length; i++) ppg[f][i] = (float) random.nextDouble();
            }
        }

        Speech withPhonesOf(Speech other) {
            for (int f = 0; f < ppg.length; f++) ppg[f] = other.ppg[f];
            return this;
        }

        @Override
        public int frames() {
            return mel.length;
        }

        @Override
        public float[] mel(int k) {
            return mel[k];
        }

        @Override
        public float[] ppg(int k) {
            return ppg[k];
        }
    }
}
