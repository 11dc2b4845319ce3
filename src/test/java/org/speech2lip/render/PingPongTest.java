package org.speech2lip.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PingPongTest {
    @Test
    void walksForwardThenBackWithoutJumps() {
        PingPong walk = new PingPong(4, 2);
        int[] order = new int[10];
        for (int i = 0; i < order.length; i++) order[i] = walk.frame(i);
        assertArrayEquals(new int[] {2, 3, 2, 1, 0, 1, 2, 3, 2, 1}, order);
        PingPong long_ = new PingPong(1601, 0);
        for (long i = 1; i < 100_000; i++) assertTrue(Math.abs(long_.frame(i) - long_.frame(i - 1)) == 1, "jump at " + i);
    }

    @Test
    void oneFrameStaysAndBadStartsAreRefused() {
        assertEquals(0, new PingPong(1, 0).frame(12345));
        assertThrows(IllegalArgumentException.class, () -> new PingPong(10, 10));
        assertThrows(IllegalArgumentException.class, () -> new PingPong(0, 0));
    }
}
