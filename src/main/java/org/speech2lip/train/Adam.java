package org.speech2lip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.speech2lip.model.StepGuard;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam whose state (step count, first and second moments per parameter) belongs to us, so a
 * checkpoint can save it and a resumed run continues exactly where it stopped. DJL's own Adam keeps
 * its moments private. Same update as DJL's and PyTorch's Adam (bias-corrected, no weight decay).
 */
public final class Adam {
    private final double learningRate, beta1, beta2, epsilon;
    private final NDManager manager;
    private final Map<String, NDArray> mean = new HashMap<>(), variance = new HashMap<>();
    private long steps;

    /** Moments live in {@code manager}, which must outlive training. */
    public Adam(NDManager manager, double learningRate, double beta1, double beta2, double epsilon) {
        this.manager = manager;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public Adam(NDManager manager, double learningRate) {
        this(manager, learningRate, 0.9, 0.999, 1e-8);
    }

    public long steps() {
        return steps;
    }

    /**
     * One update of every parameter that has a gradient, from its current gradient, which is then
     * cleared. When any gradient holds a NaN or an infinity nothing is updated (one bad step would
     * poison every weight for good): the gradients are cleared and false returned.
     */
    public boolean step(PairList<String, Parameter> parameters) {
        if (!StepGuard.finite(parameters)) {
            StepGuard.clear(parameters);
            return false;
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps), correction2 = 1 - Math.pow(beta2, steps);
        double stepSize = learningRate * Math.sqrt(correction2) / correction1;
        for (Pair<String, Parameter> p : parameters) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) continue;
            NDArray m = mean.computeIfAbsent(p.getKey(), k -> zerosLike(weight));
            NDArray v = variance.computeIfAbsent(p.getKey(), k -> zerosLike(weight));
            // temporaries belong to their operand's manager: a scope per update keeps memory flat over a run
            try (NDManager scope = manager.newSubManager(weight.getDevice())) {
                NDArray grad = weight.getGradient();
                grad.attach(scope);
                m.tempAttach(scope);
                v.tempAttach(scope);
                m.muli(beta1).addi(grad.mul(1 - beta1));
                v.muli(beta2).addi(grad.square().muli(1 - beta2));
                // PyTorch's form: eps is added to sqrt(v̂) · sqrt(1 − β2ᵗ)
                weight.subi(m.div(v.sqrt().addi(epsilon * Math.sqrt(correction2))).muli(stepSize));
                // gradients accumulate across backward passes in PyTorch: clear them for the next step
                grad.muli(0);
            }
        }
        return true;
    }

    private NDArray zerosLike(NDArray w) {
        NDArray z = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
        z.setName(w.getName());
        return z;
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(mean.size());
        for (Map.Entry<String, NDArray> e : mean.entrySet()) {
            out.writeUTF(e.getKey());
            byte[] body = new NDList(e.getValue(), variance.get(e.getKey())).encode();
            out.writeInt(body.length);
            out.write(body);
        }
    }

    public void load(DataInputStream in) throws IOException {
        steps = in.readLong();
        int n = in.readInt();
        mean.clear();
        variance.clear();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            byte[] body = in.readNBytes(in.readInt());
            NDList pair = NDList.decode(manager, body);
            mean.put(key, pair.get(0));
            variance.put(key, pair.get(1));
        }
    }
}
