package org.speech2lip.media;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Encodes a video's frames on a thread of its own: the thread that computes the frames hands each
 * one over (a copy) and goes on while x264 works. On a machine where other work is busy, a second
 * thread of ours also wins the process a larger share of the cores; on an idle one, encoding
 * overlaps the networks. At most {@link #QUEUED} frames wait, so memory stays flat.
 */
public final class EncoderThread implements AutoCloseable {
    static final int QUEUED = 4;

    private final Mp4Writer writer;
    private final int width, height;
    private final BlockingQueue<RgbImage> free = new ArrayBlockingQueue<>(QUEUED), full = new ArrayBlockingQueue<>(QUEUED + 1);
    private final RgbImage end = new RgbImage(1, 1);
    private final Thread thread;
    private volatile RuntimeException failure;
    private boolean closed;

    /** Starts encoding into {@code writer}, whose frames are {@code width} x {@code height}. */
    public EncoderThread(Mp4Writer writer, int width, int height) {
        this.writer = writer;
        this.width = width;
        this.height = height;
        for (int i = 0; i < QUEUED; i++) free.add(new RgbImage(width, height));
        thread = new Thread(this::encode, "speech2lip-encoder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a frame over (copied: the caller may reuse it at once); waits while {@link #QUEUED} frames are ahead of it. */
    public void write(RgbImage frame) {
        if (frame.width != width || frame.height != height) {
            throw new IllegalArgumentException("frame is " + frame.width + "x" + frame.height + ", video is " + width + "x" + height);
        }
        RgbImage slot = null;
        try {
            while (slot == null) {
                rethrow();
                slot = free.poll(100, TimeUnit.MILLISECONDS);
            }
            System.arraycopy(frame.rgb, 0, slot.rgb, 0, frame.rgb.length);
            full.put(slot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a frame to the encoder", e);
        }
    }

    /** Waits for the queued frames to be encoded, then finishes the file (see {@link Mp4Writer#close()}). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            full.put(end);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IllegalStateException("interrupted while finishing the video", e);
        }
        rethrow();
        writer.close();
    }

    /** Stops encoding and deletes the partial file (see {@link Mp4Writer#abort()}). */
    public void abort() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.abort();
    }

    private void encode() {
        try {
            for (RgbImage f = full.take(); f != end; f = full.take()) {
                writer.write(f);
                free.put(f);
            }
        } catch (InterruptedException e) {
            // abort: the writer is released by the caller
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void rethrow() {
        if (failure != null) throw failure;
    }
}
