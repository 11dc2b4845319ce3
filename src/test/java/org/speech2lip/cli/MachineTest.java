package org.speech2lip.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {
    @Test
    void aFigureSaysWhatItWasMeasuredWith() {
        Map<String, Object> m = Machine.describe();
        assertTrue((Integer) m.get("cores") >= 1);
        assertTrue(m.get("djl").toString().startsWith("0.32"), m.toString());
        assertTrue(m.get("engine").toString().startsWith("PyTorch 2.5"), m.toString());
        assertTrue(m.get("ffmpeg").toString().matches("\\d+\\..*"), m.toString());
        assertTrue(Machine.peakRssMiB() > 0);
    }
}
