package org.speech2lip.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.Pearson;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.LipShape;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.MouthShapePredictor;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mouth-shape predictor learns the synthetic speaker's mouth from its speech, and its calibration restores the real spread. */
class MouthShapeStageTest {
    @TempDir
    static Path dir;
    static SubjectData subject;

    @BeforeAll
    static void prepare() {
        subject = SubjectData.open(TinySubject.prepare(dir, 5));
    }

    @Test
    void predictsTheOpeningFromSpeechAndCalibratesItsSpread() {
        ModelConfig.Mouth cfg = TinySubject.config(1, 1e-3).mouth();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MouthShapePredictor predictor = new MouthShapePredictor(cfg, ModelConfig.SpeechInput.BOTH);
            predictor.initialize(manager, DataType.FLOAT32, new Shape(1, predictor.inputDims()));
            MouthShapeStage stage = new MouthShapeStage(cfg, subject, predictor);
            assertFalse(stage.ready());
            MouthShapeStage.Report report = stage.train(manager, 11, cfg.steps(), Double.MAX_VALUE, System::nanoTime);
            assertTrue(stage.ready());
            for (float c : report.calibration()) assertTrue(c > 0, "calibration " + java.util.Arrays.toString(report.calibration()));
            assertEquals(1, report.spreadRatio(), 0.05, "spread after calibration");

            int n = subject.trainFrames(), k = cfg.components();
            double[] predicted = new double[n], real = new double[n];
            float[] shape = new float[k];
            for (int f = 0; f < n; f++) {
                stage.predicted(f, shape, 0);
                predicted[f] = LipShape.opening(stage.basis().shape(shape, 0));
                real[f] = LipShape.opening(subject.lipShapes()[f]);
            }
            double r = Pearson.correlation(predicted, real);
            System.out.printf("mouth shapes: training-frame opening r %.3f, first-pass held-out r %.3f, calibration %s%n", r,
                    report.openingR(), java.util.Arrays.toString(report.calibration()));
            assertTrue(r > 0.6, "predicted opening follows the real one on training frames: r " + r);

            // the same predictions again from the trained weights, as a render makes them
            float[] again = predictor.shapes(new ParameterStore(manager, false), manager, MouthShapeStage.speechOf(subject), stage.standard());
            float[] first = new float[k];
            stage.predicted(3, first, 0);
            for (int c = 0; c < k; c++) assertEquals(first[c], again[3 * k + c], 1e-5);
        }
    }
}
