package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.speech2lip.UserError;

/** The device a run computes on, chosen by name at run time ({@code --device cpu|gpu}). */
public final class Devices {
    private Devices() {}

    public static Device choose(String name) {
        return switch (name.toLowerCase()) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
                    throw new UserError("--device gpu: no usable GPU (build with mvn -Pgpu package for CUDA natives, "
                            + "and check the NVIDIA driver), or use --device cpu");
                }
                yield Device.gpu();
            }
            default -> throw new UserError("Unknown device '" + name + "': use --device cpu or --device gpu");
        };
    }
}
