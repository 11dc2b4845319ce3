package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.speech2lip.UserError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesTest {
    @Test
    void cpuAlwaysAndGpuOnlyWhenThere() {
        assertEquals(Device.cpu(), Devices.choose("cpu"));
        assertEquals(Device.cpu(), Devices.choose("CPU"));
        if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
            UserError e = assertThrows(UserError.class, () -> Devices.choose("gpu"));
            assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
        } else {
            assertTrue(Devices.choose("gpu").isGpu());
        }
        assertTrue(assertThrows(UserError.class, () -> Devices.choose("tpu")).getMessage().startsWith("Unknown device"));
    }
}
