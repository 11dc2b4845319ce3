package org.speech2lip.data;

import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0, C order, little-endian) for the three element types the
 * project stores: float32, int32 and uint8. {@code numpy.load} reads every file written here.
 */
public final class Npy {

    /** An array read back: its shape and its data in one of the three element types. */
    public record Array(int[] shape, float[] f32, int[] i32, byte[] u8) {
        public int count() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private Npy() {}

    public static void writeFloat(Path path, float[] data, int... shape) {
        check(data.length, shape);
        write(path, "<f4", shape, out -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) flush(buf, out);
                buf.putFloat(v);
            }
            flush(buf, out);
        });
    }

    public static void writeInt(Path path, int[] data, int... shape) {
        check(data.length, shape);
        write(path, "<i4", shape, out -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : data) {
                if (!buf.hasRemaining()) flush(buf, out);
                buf.putInt(v);
            }
            flush(buf, out);
        });
    }

    public static void writeBytes(Path path, byte[] data, int... shape) {
        check(data.length, shape);
        write(path, "|u1", shape, out -> out.write(data));
    }

    /** Elements read per chunk. */
    private static final int CHUNK = 1 << 18;

    /** The parsed header: element type, shape, where the data starts, and how many elements and bytes it holds. */
    private record Header(String descr, int[] shape, long dataOffset, long elements, long bytes) {}

    private static Header header(DataInputStream in, Path path) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not an .npy file");
        }
        boolean v1 = magic[6] == 1;
        int headerLen = v1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort())) : Integer.reverseBytes(in.readInt());
        String header = new String(in.readNBytes(headerLen), StandardCharsets.US_ASCII);
        String descr = field(header, "'descr':\\s*'([^']+)'");
        if (field(header, "'fortran_order':\\s*(\\w+)").equals("True")) throw new IOException("Fortran order is not supported");
        String shapeText = field(header, "'shape':\\s*\\(([^)]*)\\)").trim();
        int[] shape = shapeText.isEmpty() ? new int[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long elements = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b), bytes = elements * (descr.equals("|u1") ? 1 : 4);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new UserError(path + " holds " + Math.round(bytes / 1e8) / 10.0 + " GB, more than one array can hold here: "
                    + "prepare the clip in parts of a few minutes each");
        }
        return new Header(descr, shape, 8 + (v1 ? 2 : 4) + headerLen, elements, bytes);
    }

    public static Array read(Path path) {
        try (InputStream raw = Files.newInputStream(path); DataInputStream in = new DataInputStream(raw)) {
            Header h = header(in, path);
            int[] shape = h.shape();
            int n = Math.toIntExact(h.elements());
            switch (h.descr()) {
                // read straight into the result, a chunk at a time: a long clip's arrays are hundreds of MB,
                // and readNBytes would hold them twice
                case "<f4" -> {
                    float[] f = new float[n];
                    byte[] chunk = new byte[CHUNK * 4];
                    for (int at = 0; at < n; at += CHUNK) {
                        int m = Math.min(CHUNK, n - at);
                        in.readFully(chunk, 0, m * 4);
                        ByteBuffer.wrap(chunk, 0, m * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f, at, m);
                    }
                    return new Array(shape, f, null, null);
                }
                case "<i4" -> {
                    int[] v = new int[n];
                    byte[] chunk = new byte[CHUNK * 4];
                    for (int at = 0; at < n; at += CHUNK) {
                        int m = Math.min(CHUNK, n - at);
                        in.readFully(chunk, 0, m * 4);
                        ByteBuffer.wrap(chunk, 0, m * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v, at, m);
                    }
                    return new Array(shape, null, v, null);
                }
                case "|u1" -> {
                    byte[] b = new byte[n];
                    in.readFully(b);
                    return new Array(shape, null, null, b);
                }
                default -> throw new IOException("unsupported dtype " + h.descr());
            }
        } catch (UserError e) {
            throw e;
        } catch (java.io.EOFException e) {
            throw cutShort(path, e);
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot read " + path + " (" + e.getMessage() + "): run prepare again with --force", e);
        }
    }

    /** A uint8 array mapped from its file rather than read into the heap. */
    public record MappedBytes(int[] shape, ByteBuffer data) {}

    /**
     * Maps a uint8 {@code .npy} read-only: a long clip's lip crops then cost page cache, which the
     * system can reclaim, instead of Java heap, which the collector keeps a multiple of.
     */
    public static MappedBytes mapBytes(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            // the header through the same channel; the mapping outlives its closing
            Header h = header(new DataInputStream(Channels.newInputStream(channel)), path);
            if (!h.descr().equals("|u1")) throw new IOException("holds " + h.descr() + ", not bytes");
            if (channel.size() < h.dataOffset() + h.bytes()) throw cutShort(path, null);
            return new MappedBytes(h.shape(), channel.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.bytes()));
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot read " + path + " (" + e.getMessage() + "): run prepare again with --force", e);
        }
    }

    private static UserError cutShort(Path path, Exception cause) {
        return new UserError("Cannot read " + path + " (it ends before its data does): run prepare again with --force", cause);
    }

    private static String field(String header, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(header);
        if (!m.find()) throw new IOException("bad .npy header");
        return m.group(1);
    }

    private static void check(int length, int[] shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length + " values");
    }

    private static void write(Path path, String descr, int[] shape, AtomicWrite.Body data) {
        StringBuilder s = new StringBuilder("(");
        for (int d : shape) s.append(d).append(", ");
        if (shape.length > 1) s.setLength(s.length() - 2);
        s.append(")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        AtomicWrite.write(path, out -> {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            data.writeTo(out);
        });
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }
}
