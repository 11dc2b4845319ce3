package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refused step leaves no trace: no NaN gradient, and batch-norm statistics as they were. */
class StepGuardTest {
    @Test
    void aRefusedStepPutsBackTheRunningStatisticsAndClearsTheGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build());
            net.initialize(m, DataType.FLOAT32, new Shape(8, 3));
            ParameterStore ps = new ParameterStore(m, false);
            StepGuard guard = new StepGuard(net.getParameters());
            float[][] before = running(net);
            NDArray good = m.randomNormal(new Shape(8, 3));
            NDArray bad = good.duplicate();
            bad.set(new float[] {Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(ps, new NDList(bad), true).head().sum());
            }
            assertFalse(StepGuard.finite(net.getParameters()), "a NaN input gives a NaN gradient");
            assertFalse(allFinite(running(net)), "and NaN running statistics");
            guard.refused();
            assertTrue(StepGuard.finite(net.getParameters()));
            float[][] after = running(net);
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 0f);
            // a kept step moves them, and the guard goes on from there
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(ps, new NDList(good), true).head().sum());
            }
            guard.kept();
            assertTrue(StepGuard.finite(net.getParameters()));
            assertTrue(allFinite(running(net)));
        }
    }

    private static float[][] running(SequentialBlock net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) out.add(p.getValue().getArray().toFloatArray());
        }
        return out.toArray(new float[0][]);
    }

    private static boolean allFinite(float[][] arrays) {
        for (float[] a : arrays) for (float v : a) if (!Float.isFinite(v)) return false;
        return true;
    }
}
