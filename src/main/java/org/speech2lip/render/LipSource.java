package org.speech2lip.render;

import ai.djl.ndarray.NDManager;
import org.speech2lip.model.LipPaste;

import java.util.List;

/** Where pasted lips take their colours: the trained lip field, or a lip image for a baseline. */
public interface LipSource {
    /**
     * The colours (RGB in [0, 1]) at each scene's plan points, scene f's point q at
     * {@code 3 * (f * most + q)}; {@code m} holds any array made for the batch.
     */
    float[] colours(NDManager m, List<Scene> scenes, LipPaste.Plan[] plans, int most);
}
