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
        System.out.printf("tiny config: stage 1 %.1f steps/s, stage 2 %.1f steps/s, %d parameters%n",
                r.stage1StepsPerSecond(), r.stage2StepsPerSecond(), r.parameters());
        assertEquals(5, r.steps());
        assertTrue(r.stage1Seconds() > 0 && r.stage2Seconds() > 0, r.toString());
        assertTrue(r.parameters() > 1000, "parameters " + r.parameters());
    }
}
