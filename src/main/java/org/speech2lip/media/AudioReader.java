package org.speech2lip.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;

/** Reads any file's audio track as 16 kHz mono, and writes mono 16-bit WAV files. */
public final class AudioReader {
    public static final int SAMPLE_RATE = 16000;

    private AudioReader() {}

    /**
     * The audio track resampled by FFmpeg to 16 kHz mono, as floats in [-1, 1]. Sample n is at time
     * n / 16000 from the container's start (silence is prepended if the track starts late), the
     * same clock {@link VideoReader} uses.
     */
    public static float[] readMono16k(Path path) {
        // S16, not float: FFmpeg's stereo-to-mono downmix only scales to avoid clipping for integer output.
        FFmpegFrameGrabber grabber = FfmpegInput.open(path, g -> {
            g.setSampleRate(SAMPLE_RATE);
            g.setAudioChannels(1);
            g.setSampleFormat(AV_SAMPLE_FMT_S16);
        });
        try {
            if (!grabber.hasAudio()) {
                throw new UserError("No audio track in " + path + ": give a file with the speaker's voice");
            }
            float[] out = decode(grabber);
            if (out.length == 0) {
                throw new UserError("The audio track of " + path + " is empty: give a file with the speaker's voice");
            }
            return out;
        } finally {
            FfmpegInput.close(grabber);
        }
    }

    private static float[] decode(FFmpegFrameGrabber grabber) {
        float[] out = new float[SAMPLE_RATE * 10];
        int n = -1;
        try {
            for (Frame frame = grabber.grabSamples(); frame != null; frame = grabber.grabSamples()) {
                if (n < 0) {
                    n = leadingSilence(grabber, frame.timestamp);
                }
                ShortBuffer samples = (ShortBuffer) frame.samples[0];
                int count = samples.remaining();
                if (n + count > out.length) {
                    out = Arrays.copyOf(out, Math.max(n + count, out.length * 2));
                }
                for (int i = 0; i < count; i++) {
                    out[n + i] = samples.get(samples.position() + i) / 32768f;
                }
                n += count;
            }
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("FFmpeg failed while decoding audio", e);
        }
        return Arrays.copyOf(out, Math.max(n, 0));
    }

    /** Samples between the container's start and the first audio frame; 0 if the timestamp is implausible. */
    private static int leadingSilence(FFmpegFrameGrabber grabber, long firstUs) {
        long lateUs = firstUs - FfmpegInput.startMicros(grabber);
        boolean plausible = lateUs > 0 && lateUs < grabber.getLengthInTime();
        return plausible ? (int) Math.round(lateUs * (SAMPLE_RATE / 1e6)) : 0;
    }

    /** Writes samples (clipped to [-1, 1]) as a 16-bit PCM mono WAV file, atomically. */
    public static void writeWav16(Path path, float[] samples, int sampleRate) {
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + 2 * samples.length).put("WAVE".getBytes(US_ASCII));
        wav.put("fmt ".getBytes(US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(US_ASCII)).putInt(2 * samples.length);
        for (float s : samples) {
            wav.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767f));
        }
        AtomicWrite.write(path, wav.array());
    }
}
