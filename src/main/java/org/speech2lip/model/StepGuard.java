package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training loop needs to refuse a step whose loss or gradient holds a NaN or an infinity,
 * instead of letting it poison every weight (see the package note: such steps come now and then on
 * some CPUs). A refused step must leave the network as it was: no update, gradients cleared, and
 * the batch-norm running statistics, which the forward pass itself moves, put back.
 */
public final class StepGuard {
    /** Kept steps between two copies of the running statistics: their moving averages barely move in so few. */
    private static final int EVERY = 20;

    private final PairList<String, Parameter> parameters;
    private final List<Parameter> running = new ArrayList<>();
    private final float[][] saved;
    private int sinceSaved;

    /** A guard for the steps that train {@code parameters}; copies their running statistics now. */
    public StepGuard(PairList<String, Parameter> parameters) {
        this.parameters = parameters;
        for (Pair<String, Parameter> p : parameters) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) running.add(p.getValue());
        }
        saved = new float[running.size()][];
        save();
    }

    /** Tells the guard a step was kept. */
    public void kept() {
        if (++sinceSaved >= EVERY) save();
    }

    /** Undoes what a refused step did: clears the gradients and puts back the running statistics copied last. */
    public void refused() {
        clear(parameters);
        for (int i = 0; i < running.size(); i++) running.get(i).getArray().set(saved[i]);
    }

    private void save() {
        for (int i = 0; i < running.size(); i++) saved[i] = running.get(i).getArray().toFloatArray();
        sinceSaved = 0;
    }

    /** True when every gradient of {@code parameters} is finite (parameters without one are skipped). */
    public static boolean finite(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) continue;
            // a sum is NaN or infinite when any of its terms is
            try (NDArray grad = weight.getGradient(); NDArray sum = grad.sum()) {
                if (!Float.isFinite(sum.getFloat())) return false;
            }
        }
        return true;
    }

    /** Sets the gradients of {@code parameters} to zero without updating them. */
    public static void clear(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) continue;
            try (NDArray grad = weight.getGradient()) {
                // written over, not multiplied by 0: NaN × 0 stays NaN
                grad.set(new float[Math.toIntExact(grad.size())]);
            }
        }
    }
}
