package org.speech2lip;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ctrl-C's hook stops the work at its next step and waits until the work has closed the stop point. */
class GracefulStopTest {
    @Test
    void theHookStopsTheNextStepAndWaitsForTheWorkToLeave() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        try (GracefulStop stop = GracefulStop.open(60)) {
            var step = stop.checking(steps::set);
            step.accept(1);
            assertEquals(1, steps.get());

            // the hook, as the JVM would run it on Ctrl-C: it must not return while the work is in a step
            CompletableFuture<Boolean> hook = CompletableFuture.supplyAsync(() -> stop.stopAndWait(60));
            while (true) {
                try {
                    stop.check();
                } catch (GracefulStop.Stopped expected) {
                    break;
                }
                Thread.onSpinWait();
            }
            assertThrows(GracefulStop.Stopped.class, () -> step.accept(2));
            assertEquals(1, steps.get(), "a step after the stop does not run");
            assertFalse(hook.isDone(), "the hook waits while the work has not left");
            stop.close();
            assertTrue(hook.get(10, TimeUnit.SECONDS), "closing lets the hook return");
        }
    }

    @Test
    void aHookThatWaitsInVainGivesUpAfterItsTime() {
        try (GracefulStop stop = GracefulStop.open(1)) {
            assertFalse(stop.stopAndWait(0), "the work never closed it: the hook returns anyway");
            assertThrows(GracefulStop.Stopped.class, stop::check);
        }
    }
}
