package org.speech2lip.data;

import org.speech2lip.UserError;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A subject's working-crop frames (S × S RGB), decoded once from its source video into a scratch
 * file of raw pixels and read back one frame at a time, so that the heap does not grow with the
 * clip: a 71 s 512² subject is 1.4 GB of pixels, ten minutes are 11 GB. The file is unlinked as soon
 * as it is open, so the system frees it when the process ends, however it ends; repeated reads come
 * from the system's file cache. Reads are safe from any thread.
 */
public final class WorkingFrames implements AutoCloseable {
    private final FileChannel file;
    private final int size, count;
    private final long frameBytes;

    private WorkingFrames(FileChannel file, int size, int count) {
        this.file = file;
        this.size = size;
        this.count = count;
        this.frameBytes = 3L * size * size;
    }

    /**
     * Decodes {@code frames} frames of {@code video} at {@code fps}, each cut to the S × S crop at
     * (x, y), into a scratch file in {@code scratchDir}; one-line errors for a short video or a full disk.
     */
    public static WorkingFrames decode(Path video, double fps, int frames, int x, int y, int size, Path scratchDir) {
        Path path;
        FileChannel file;
        try {
            path = Files.createTempFile(scratchDir, "speech2lip-frames-", ".rgb");
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path);
        } catch (IOException e) {
            throw new UserError("Cannot make a scratch file for the subject's frames in " + scratchDir + " (" + e.getMessage()
                    + "): make it writable or point -Djava.io.tmpdir elsewhere", e);
        }
        WorkingFrames out = new WorkingFrames(file, size, frames);
        int decoded = 0;
        try (VideoReader in = VideoReader.open(video, fps)) {
            RgbImage f;
            ByteBuffer buffer = ByteBuffer.allocate((int) out.frameBytes);
            while (decoded < frames && (f = in.next()) != null) {
                buffer.clear();
                buffer.put(f.crop(x, y, size, size).rgb).flip();
                long at = decoded * out.frameBytes;
                while (buffer.hasRemaining()) at += file.write(buffer, at);
                decoded++;
            }
        } catch (IOException e) {
            out.close();
            throw new UserError("Cannot write the subject's frames (" + Math.round(frames * out.frameBytes / 1e9 * 10) / 10.0
                    + " GB) to " + scratchDir + " (" + e.getMessage() + "): free disk space there or point -Djava.io.tmpdir elsewhere", e);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        if (decoded != frames) {
            out.close();
            throw new UserError(video + " decodes to " + decoded + " frames, not " + frames + ": run ./speech2lip prepare again with --force");
        }
        return out;
    }

    public int count() {
        return count;
    }

    /** Side of the square frames, in pixels. */
    public int size() {
        return size;
    }

    /** Frame k, read from the scratch file. */
    public RgbImage get(int k) {
        if (k < 0 || k >= count) throw new IndexOutOfBoundsException("frame " + k + " of " + count);
        byte[] rgb = new byte[(int) frameBytes];
        ByteBuffer buffer = ByteBuffer.wrap(rgb);
        try {
            long at = k * frameBytes;
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, at + buffer.position());
                if (n < 0) throw new IOException("the scratch file ends early");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read frame " + k + " of the subject's scratch file", e);
        }
        return new RgbImage(size, size, rgb);
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // unlinked already: the system frees it with the process
        }
    }
}
