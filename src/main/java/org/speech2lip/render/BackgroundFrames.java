package org.speech2lip.render;

import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import java.nio.file.Path;

/**
 * Full-resolution frames of a subject's source video by index, for a walk that goes forward and
 * backward (ping-pong): frames are decoded a chunk at a time and the chunk holding the wanted frame
 * is kept, so memory is one chunk (about {@link #CHUNK_BYTES}) whatever the length of the render.
 * A chunk is decoded forward from a seek, so walking backward costs one seek per chunk.
 */
public final class BackgroundFrames implements AutoCloseable {
    /** Memory a chunk may take. */
    static final long CHUNK_BYTES = 192L << 20;

    private final Path video;
    private final double fps;
    private final int frames, chunk;
    private RgbImage[] cached;
    private int cachedFrom = -1;
    private VideoReader reader;
    private int readerAt = -1;

    /** Frames [0, frames) of {@code video} at {@code fps}, each {@code width} × {@code height}. */
    public BackgroundFrames(Path video, double fps, int frames, int width, int height) {
        this(video, fps, frames, (int) Math.max(8, Math.min(frames, CHUNK_BYTES / (3L * width * height))));
    }

    /** The same with chunks of {@code chunkFrames} frames. */
    BackgroundFrames(Path video, double fps, int frames, int chunkFrames) {
        this.video = video;
        this.fps = fps;
        this.frames = frames;
        this.chunk = chunkFrames;
    }

    /** Frame k; the image belongs to this object and stays valid until another chunk is read (then it is overwritten). */
    public RgbImage get(int k) {
        if (k < 0 || k >= frames) throw new IllegalArgumentException("frame " + k + " is outside [0, " + frames + ")");
        int from = k / chunk * chunk;
        if (from != cachedFrom) load(from);
        return cached[k - from];
    }

    private void load(int from) {
        int n = Math.min(chunk, frames - from);
        RgbImage[] out = new RgbImage[n];
        // going forward, the open reader is already where the chunk begins: no seek
        if (reader == null || readerAt != from) {
            if (reader != null) reader.close();
            reader = VideoReader.open(video, fps, from);
        }
        // the old chunk's buffers take the new chunk's frames
        if (cached != null) for (RgbImage old : cached) reader.recycle(old);
        for (int i = 0; i < n; i++) {
            out[i] = reader.next();
            if (out[i] == null) throw new IllegalStateException(video + " ended at frame " + (from + i) + " of " + frames);
        }
        readerAt = from + n;
        cached = out;
        cachedFrom = from;
    }

    @Override
    public void close() {
        if (reader != null) reader.close();
        reader = null;
    }
}
