package org.speech2lip.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kept direct buffers through which a render hands its batches to PyTorch. From a heap array DJL
 * allocates a fresh direct buffer for every array, whose native memory is freed only when a
 * garbage collection finds it: between collections resident memory would climb.
 */
final class Staging {
    private final ByteBuffer[] slots;

    Staging(int slots) {
        this.slots = new ByteBuffer[slots];
    }

    /** The first {@code shape.size()} values of {@code values} as an array of {@code m}, through buffer {@code slot}. */
    NDArray upload(NDManager m, int slot, float[] values, Shape shape) {
        int n = Math.toIntExact(shape.size());
        if (slots[slot] == null || slots[slot].capacity() < 4 * n) slots[slot] = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        ByteBuffer bytes = slots[slot].slice(0, 4 * n).order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(values, 0, n);
        return m.create(bytes, shape, DataType.FLOAT32);
    }
}
