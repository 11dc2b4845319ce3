package org.speech2lip.face;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SsdAnchorsTest {

    @Test
    void shortRangeHas896AnchorsFromFineToCoarse() {
        float[] a = SsdAnchors.centres(128, new int[] {8, 16, 16, 16}, true);
        assertEquals(2 * 896, a.length);
        // 16×16 cells × 2 anchors, then 8×8 cells × 6 anchors
        assertEquals(0.5f / 16, a[0], 1e-6);
        assertEquals(0.5f / 16, a[1], 1e-6);
        assertEquals(a[0], a[2], 0);            // two anchors share each cell
        assertEquals(1.5f / 16, a[4], 1e-6);    // next cell to the right
        assertEquals(0.5f / 8, a[2 * 512], 1e-6);
        assertEquals(7.5f / 8, a[a.length - 2], 1e-6);
        assertEquals(7.5f / 8, a[a.length - 1], 1e-6);
    }

    @Test
    void fullRangeHas2304AnchorsOnA48Grid() {
        float[] a = SsdAnchors.centres(192, new int[] {4}, false);
        assertEquals(2 * 2304, a.length);
        assertEquals(0.5f / 48, a[0], 1e-6);
        assertEquals(1.5f / 48, a[2], 1e-6);
        assertEquals(0.5f / 48, a[2 * 48], 1e-6);   // first anchor of the second row
        assertEquals(1.5f / 48, a[2 * 48 + 1], 1e-6);
        assertEquals(47.5f / 48, a[a.length - 1], 1e-6);
    }
}
