package org.speech2lip.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the .npy arrays of a subject directory and keeps the list of what was written, with dtype,
 * shape and meaning, for meta.json.
 */
final class SubjectArrays {
    private final SubjectDirectory dir;
    private final Map<String, SubjectMeta.ArrayInfo> written = new LinkedHashMap<>();

    SubjectArrays(SubjectDirectory dir) {
        this.dir = dir;
    }

    void floats(String name, float[] data, String what, int... shape) {
        Npy.writeFloat(dir.file(name + ".npy"), data, shape);
        record(name, "float32", shape, what);
    }

    void ints(String name, int[] data, String what, int... shape) {
        Npy.writeInt(dir.file(name + ".npy"), data, shape);
        record(name, "int32", shape, what);
    }

    void bytes(String name, byte[] data, String what, int... shape) {
        Npy.writeBytes(dir.file(name + ".npy"), data, shape);
        record(name, "uint8", shape, what);
    }

    Map<String, SubjectMeta.ArrayInfo> written() {
        return written;
    }

    private void record(String name, String dtype, int[] shape, String what) {
        written.put(name, new SubjectMeta.ArrayInfo(name + ".npy", dtype, shape, what));
    }

    /** Rows of equal length, end to end. */
    static float[] flatten(float[][] rows) {
        int w = rows[0].length;
        float[] out = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * w, w);
        return out;
    }

    static float[] flatten(float[][][] blocks) {
        float[][] rows = new float[blocks.length][];
        for (int i = 0; i < blocks.length; i++) rows[i] = flatten(blocks[i]);
        return flatten(rows);
    }
}
