package org.speech2lip.face;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Native writes to stderr inside {@link QuietStderr#run} vanish; those before and after it do not. */
class QuietStderrTest {
    private interface LibC extends Library {
        long write(int fd, byte[] bytes, long n);
    }

    /** The child process: writes to descriptor 2 natively before, inside and after the quiet block. */
    public static void main(String[] args) {
        LibC c = Native.load("c", LibC.class);
        write(c, "before\n");
        QuietStderr.run(() -> write(c, "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n"));
        write(c, "after\n");
    }

    private static void write(LibC c, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        c.write(2, b, b.length);
    }

    @Test
    void nativeStderrIsSilencedOnlyInsideTheBlock() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), QuietStderrTest.class.getName())).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor(), err);
        assertTrue(err.contains("before") && err.contains("after"), err);
        assertFalse(err.contains("XNNPACK"), err);
    }
}
