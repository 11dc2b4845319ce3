package org.speech2lip.render;

/**
 * The order in which a render walks the training frames for its backgrounds and head poses: from
 * a start frame forward to the last training frame, back to the first, forward again, and so on, so
 * consecutive output frames are always neighbouring training frames and the head never jumps.
 */
public final class PingPong {
    private final int frames, start;

    /** A walk over training frames [0, frames) that begins at {@code start}. */
    public PingPong(int frames, int start) {
        if (frames < 1) throw new IllegalArgumentException("no training frames to walk");
        if (start < 0 || start >= frames) throw new IllegalArgumentException("start frame " + start + " is outside [0, " + frames + ")");
        this.frames = frames;
        this.start = start;
    }

    /** The training frame behind output frame {@code i}. */
    public int frame(long i) {
        if (frames == 1) return 0;
        long period = 2L * (frames - 1);
        long p = (start + i) % period;
        return (int) (p < frames ? p : period - p);
    }
}
