package org.speech2lip;

import org.junit.jupiter.api.Test;

import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The governor on a simulated machine: a clock that advances by what a unit would cost at the count in force. */
class ThreadGovernorTest {

    /** A loop of units whose cost in seconds depends on the thread count applied; the clock is simulated. */
    private static final class SimulatedLoop {
        long now, cpu;
        /** Cores' worth of CPU other processes use. */
        double otherCores;
        /** Share of a core each thread gets. */
        double coreShare = 1;
        int applied;
        IntToDoubleFunction cost;
        final ThreadGovernor governor;
        double seconds;
        int units;

        SimulatedLoop(int max, boolean adaptive, IntToDoubleFunction cost) {
            this.cost = cost;
            governor = new ThreadGovernor(max, max, adaptive, n -> applied = n, () -> now, () -> cpu, () -> otherCores);
        }

        /** Runs {@code n} units; returns the seconds they took. */
        double run(int n) {
            double before = seconds;
            for (int i = 0; i < n; i++) {
                governor.begin();
                double s = cost.applyAsDouble(applied);
                now += (long) (s * 1e9);
                cpu += (long) (s * 1e9 * applied * coreShare);
                seconds += s;
                units++;
                governor.end(1);
            }
            return seconds - before;
        }
    }

    /** Two cores, idle: two threads are 1.4x faster than one (with a little noise). */
    private static double idle(int threads, int[] tick) {
        double noise = 1 + 0.03 * ((tick[0]++ * 7919) % 5 - 2) / 2.0;
        return (threads == 2 ? 0.10 : 0.14) * noise;
    }

    /** Two cores beside one busy process: two threads wait at every join, three times slower than one. */
    /** A two-core loop, governed, beside one other process that keeps a core busy. */
    private static SimulatedLoop besideOneBusyProcess() {
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, true, n -> busy(n, tick));
        loop.otherCores = 1;
        return loop;
    }

    private static double busy(int threads, int[] tick) {
        double noise = 1 + 0.03 * ((tick[0]++ * 7919) % 5 - 2) / 2.0;
        return (threads == 2 ? 0.45 : 0.15) * noise;
    }

    @Test
    void onAnIdleMachineItKeepsEveryCoreAndLosesLittleToTrials() {
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, true, n -> idle(n, tick));
        loop.run(3000);
        assertEquals(2, loop.governor.chosen());
        assertEquals(0, loop.governor.switches());
        // 3000 units at the best count would take 300 s
        assertTrue(loop.seconds < 300 * 1.03, "took " + loop.seconds + " s");
    }

    @Test
    void besideBusyWorkItMovesToOneThreadSoon() {
        SimulatedLoop loop = besideOneBusyProcess();
        loop.run(40);
        assertEquals(1, loop.governor.chosen(), "decided within 40 units");
        loop.run(3000);
        assertEquals(1, loop.governor.chosen());
        // 3040 units at one thread would take 456 s; two threads all along would take 1368 s
        assertTrue(loop.seconds < 456 * 1.08, "took " + loop.seconds + " s");
    }

    @Test
    void itFollowsTheMachineWhenOtherWorkStartsAndStops() {
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, true, n -> idle(n, tick));
        loop.run(500);
        assertEquals(2, loop.governor.chosen());
        loop.cost = n -> busy(n, tick);
        loop.otherCores = 1;
        double busySeconds = loop.run(300);
        assertEquals(1, loop.governor.chosen(), "busy");
        assertTrue(busySeconds < 300 * 0.15 * 1.25, "the busy stretch took " + busySeconds + " s");
        // one thread runs as fast beside one busy process as alone: the cores coming free say the other work ended
        loop.cost = n -> idle(n, tick);
        loop.otherCores = 0;
        loop.run(100);
        assertEquals(2, loop.governor.chosen(), "idle again");
        assertTrue(loop.governor.switches() >= 2);
    }

    @Test
    void onALargerMachineItClimbsTheLadder() {
        // 16 cores, 14 of them busy elsewhere: 2 threads is best, 1 is slower, more wait at joins
        SimulatedLoop loop = new SimulatedLoop(16, true, n -> switch (n) {
            case 1 -> 0.20;
            case 2 -> 0.11;
            case 4 -> 0.25;
            case 8 -> 0.60;
            default -> 1.2;
        });
        loop.run(600);
        assertEquals(2, loop.governor.chosen());
    }

    @Test
    void aFixedCountNeverChangesAndStillCounts() {
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, false, n -> busy(n, tick));
        loop.run(200);
        assertEquals(2, loop.governor.threads());
        assertEquals(2, loop.applied);
        assertEquals(1, loop.governor.usage().size());
        assertEquals(200, loop.governor.usage().get(0).units());
    }

    @Test
    void shortUnitsArePooledSoASingleSlowOneDoesNotDecide() {
        // 20 ms units with a 400 ms stall every 50th (a collection): idle, two threads stay
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, true, n -> (tick[0]++ % 50 == 0 ? 0.4 : 0) + (n == 2 ? 0.02 : 0.028));
        loop.run(5000);
        assertEquals(2, loop.governor.chosen());
    }

    @Test
    void theCpuShareSaysHowMuchOfTheAskedTimeTheWorkGot() {
        int[] tick = {0};
        SimulatedLoop loop = new SimulatedLoop(2, false, n -> idle(n, tick));
        loop.run(100);
        assertEquals(1, loop.governor.cpuShare(), 1e-6);
        loop.coreShare = 0.4;
        loop.run(300);
        // 100 units at full share and 300 at 0.4, all equally long
        assertEquals((100 + 300 * 0.4) / 400, loop.governor.cpuShare(), 0.01);
    }

    @Test
    void besideBusyWorkItDoesNotKeepTryingThreadsThatHaveNoCoreToRunOn() {
        SimulatedLoop loop = besideOneBusyProcess();
        loop.run(4000);
        assertEquals(1, loop.governor.chosen());
        // only the first trial, made before the gauge had settled, ran units at two threads
        long atTwo = loop.governor.usage().stream().filter(u -> u.threads() == 2).mapToLong(ThreadGovernor.Usage::units).sum();
        assertTrue(atTwo < 30, atTwo + " units at two threads");
    }
}
