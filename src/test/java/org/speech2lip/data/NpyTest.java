package org.speech2lip.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NpyTest {

    @Test
    void roundTripsEveryType(@TempDir Path dir) throws Exception {
        float[] f = new float[70000];
        for (int i = 0; i < f.length; i++) f[i] = i * 0.25f - 3;
        Npy.writeFloat(dir.resolve("f.npy"), f, 700, 100);
        Npy.Array a = Npy.read(dir.resolve("f.npy"));
        assertArrayEquals(new int[] {700, 100}, a.shape());
        assertArrayEquals(f, a.f32());

        Npy.writeInt(dir.resolve("i.npy"), new int[] {1, -2, 3}, 3);
        assertArrayEquals(new int[] {1, -2, 3}, Npy.read(dir.resolve("i.npy")).i32());

        byte[] u = {0, 127, (byte) 255, 9};
        Npy.writeBytes(dir.resolve("u.npy"), u, 2, 2, 1);
        Npy.Array b = Npy.read(dir.resolve("u.npy"));
        assertArrayEquals(new int[] {2, 2, 1}, b.shape());
        assertArrayEquals(u, b.u8());

        // header is padded to 64 bytes, as numpy requires for alignment
        byte[] raw = Files.readAllBytes(dir.resolve("i.npy"));
        assertEquals(0, (raw.length - 12) % 64);
        assertEquals('\n', raw[raw.length - 13]);
        // nothing but the three files: no temp leftovers
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count());
        }
    }
}
