package org.speech2lip.train;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.SubjectData;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainBenchTest {
    @TempDir
    static Path dir;

    @Test
    void timesTheStepsAfterTheWarmUp() {
        SubjectData subject = SubjectData.open(TinySubject.prepare(dir, 6));
        TrainBench.Result r = TrainBench.run(TinySubject.config(1, 1e-3), subject, dir.resolve("scratch"), Device.cpu(), 5);
        System.out.printf("tiny config: %.1f steps/s, %.1f ms a step, %d parameters%n", r.stepsPerSecond(), r.msPerStep(), r.parameters());
        assertEquals(5, r.steps());
        assertTrue(r.seconds() > 0 && r.msPerStep() > 0, "seconds " + r.seconds());
        assertTrue(r.parameters() > 1000, "parameters " + r.parameters());
    }
}
