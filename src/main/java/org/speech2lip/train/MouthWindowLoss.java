package org.speech2lip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.Rect;
import org.speech2lip.model.BlackHoles;
import org.speech2lip.model.BlendNet;
import org.speech2lip.model.LipPaste;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.SsimLoss;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * L_w, the mouth-window loss (paper §4.4): a frame's lips are generated at the C2O positions of its
 * mouth window, pasted into the real frame, given black holes with the configured probability, and
 * harmonised by the Blend-Net; the result must match the real window, in L2 and in structure
 * (1 − SSIM, in place of the paper's LPIPS). Gradient reaches both the Blend-Net and the lip
 * generator. A step trains on a square patch of the window at a random place
 * ({@code blend.patch}; the network is convolutional, so any part of the seam teaches it).
 */
final class MouthWindowLoss {
    /** L_w's two parts for one step, each a scalar of the step. */
    record Terms(NDArray l2, NDArray structural) {}

    private final ModelConfig.Blend cfg;
    private final SubjectData subject;
    private final BlendNet blend;
    private final int patchW, patchH;

    MouthWindowLoss(ModelConfig.Blend cfg, SubjectData subject, BlendNet blend) {
        this.cfg = cfg;
        this.subject = subject;
        this.blend = blend;
        Rect window = subject.mouthWindow(0);
        patchW = patchSide(cfg.patch(), window.w());
        patchH = patchSide(cfg.patch(), window.h());
    }

    /**
     * The loss on frames {@code frames}; {@code lips} gives the lip colours (1, Q, 3) of a frame at
     * points (1, Q, 2). {@code trainBlend} false runs the Blend-Net frozen, in inference mode (stage 2).
     */
    Terms loss(NDManager m, ParameterStore ps, int[] frames, SplittableRandom random, BiFunction<Integer, NDArray, NDArray> lips,
               boolean trainBlend) {
        NDList pasted = new NDList(), masks = new NDList(), reals = new NDList();
        for (int k : frames) {
            Rect window = subject.mouthWindow(k);
            int ox = random.nextInt(window.w() - patchW + 1), oy = random.nextInt(window.h() - patchH + 1);
            Rect patch = new Rect(window.x() + ox, window.y() + oy, patchW, patchH);
            LipPaste.Plan plan = LipPaste.plan(subject.camera(), subject.lipBox(), depth(k, window, ox, oy),
                    subject.canonicalToFrame(k), patch);
            float[] pixels = new float[3 * patchW * patchH];
            LipTrainer.chw(subject.workingFrames().get(k), patch, pixels, 0);
            NDArray real = m.create(pixels, new Shape(3, patchH, patchW));
            reals.add(real);
            if (plan.count() == 0) {
                pasted.add(real);
                masks.add(m.zeros(new Shape(1, patchH, patchW)));
            } else {
                NDList p = LipPaste.compose(real, lips.apply(k, LipPaste.points(m, plan)), plan);
                pasted.add(p.get(0));
                masks.add(p.get(1));
            }
        }
        NDArray target = NDArrays.stack(reals);
        NDList holed = new BlackHoles(cfg.blackHoleProbability(), random.nextLong()).punch(NDArrays.stack(pasted), NDArrays.stack(masks));
        NDArray out = blend.forward(ps, holed, trainBlend).head();
        return new Terms(out.sub(target).square().mean(), SsimLoss.loss(out, target));
    }

    /** The frame's window depth over the patch at (ox, oy) of its window. */
    private float[] depth(int k, Rect window, int ox, int oy) {
        float[] all = subject.windowDepth(k), out = new float[patchW * patchH];
        for (int y = 0; y < patchH; y++) System.arraycopy(all, (oy + y) * window.w() + ox, out, y * patchW, patchW);
        return out;
    }

    /** The patch side for a window side: the configured patch (0: the whole window), a multiple of 4 the Blend-Net can halve twice. */
    private static int patchSide(int patch, int window) {
        int side = patch == 0 ? window : Math.min(patch, window);
        return side - side % 4;
    }
}
