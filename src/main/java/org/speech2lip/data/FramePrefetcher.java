package org.speech2lip.data;

import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes a video on its own thread, a few frames ahead of the consumer, so decoding overlaps with
 * tracking and warping on the second core.
 */
final class FramePrefetcher implements AutoCloseable {
    private static final RgbImage END = new RgbImage(1, 1);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile boolean closed;

    FramePrefetcher(Path video, double fps) {
        VideoReader reader = VideoReader.open(video, fps);
        thread = new Thread(() -> {
            try (reader) {
                RgbImage f;
                while (!closed && (f = reader.next()) != null) queue.put(f);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                putQuietly(e);
                return;
            }
            putQuietly(END);
        }, "decode-" + video.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private void putQuietly(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next frame, or null at the end of the video. */
    RgbImage next() {
        try {
            Object o = queue.take();
            if (o instanceof RuntimeException e) throw e;
            if (o == END) {
                queue.put(END);
                return null;
            }
            return (RgbImage) o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
