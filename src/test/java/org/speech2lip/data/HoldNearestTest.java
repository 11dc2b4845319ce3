package org.speech2lip.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HoldNearestTest {
    @Test
    void missingFramesTakeTheNearestTrackedOne() {
        float[] a = {1}, b = {2};
        float[][] out = Prepare.holdNearest(new float[][] {null, a, null, null, null, b, null});
        assertSame(a, out[0]);
        assertSame(a, out[2]);
        assertSame(a, out[3]);   // a tie goes to the earlier frame
        assertSame(b, out[4]);
        assertSame(b, out[6]);
        assertArrayEquals(new float[] {1}, out[1]);
    }
}
