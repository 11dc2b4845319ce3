package org.speech2lip.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @Test
    void readsArraysLongerThanOneChunkAndRefusesACutShortFile(@TempDir Path dir) throws Exception {
        float[] f = new float[600_001];
        int[] v = new int[600_001];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i);
            v[i] = i * 7 - 5;
        }
        Npy.writeFloat(dir.resolve("f.npy"), f, f.length);
        Npy.writeInt(dir.resolve("i.npy"), v, v.length);
        assertArrayEquals(f, Npy.read(dir.resolve("f.npy")).f32());
        assertArrayEquals(v, Npy.read(dir.resolve("i.npy")).i32());
        byte[] raw = Files.readAllBytes(dir.resolve("f.npy"));
        Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(raw, raw.length - 1000));
        UserError e = assertThrows(UserError.class, () -> Npy.read(dir.resolve("cut.npy")));
        assertTrue(e.getMessage().contains("ends before its data does") && e.getMessage().contains("prepare again"), e.getMessage());
    }

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

    @Test
    void anArrayTooLargeToHoldIsOneLineThatSaysWhatToDo(@TempDir Path dir) throws Exception {
        // a header for 4.3 GB of float32 (a 10-minute clip's worth of something big), no data behind it
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (14250, 600, 128), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (header.length() & 255), (byte) (header.length() >> 8)});
        out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path big = dir.resolve("big.npy");
        Files.write(big, out.toByteArray());
        org.speech2lip.UserError e = org.junit.jupiter.api.Assertions.assertThrows(org.speech2lip.UserError.class, () -> Npy.read(big));
        assertEquals(true, e.getMessage().contains("4.4 GB") && e.getMessage().contains("in parts"), e.getMessage());
    }
}
