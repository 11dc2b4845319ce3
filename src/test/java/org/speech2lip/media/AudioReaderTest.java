package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioReaderTest {
    @TempDir
    Path dir;

    @Test
    void stereo44kAacIsReadAs16kMono() throws Exception {
        Path file = dir.resolve("tone.m4a");
        float[] tone = Clips.sine(440, 3.0, 44100, 0.5);
        float[] interleaved = new float[2 * tone.length];
        for (int n = 0; n < tone.length; n++) {
            interleaved[2 * n] = tone[n];
            interleaved[2 * n + 1] = tone[n];
        }
        FfmpegInput.quietLogs();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 2)) {
            rec.setFormat("mp4");
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(44100);
            rec.setAudioBitrate(128_000);
            rec.start();
            rec.recordSamples(44100, 2, FloatBuffer.wrap(interleaved));
        }
        MediaInfo info = MediaInfo.probe(file);
        assertEquals(44100, info.audioSampleRate());
        assertEquals(2, info.audioChannels());

        float[] mono = AudioReader.readMono16k(file);
        assertEquals(48000, mono.length, 480);
        assertEquals(440, frequency(mono, 16000), 3);
        assertEquals(0.5, peak(mono, 16000, 32000), 0.05, "downmixing two equal channels keeps the level");
    }

    @Test
    void wavRoundTripIsExactTo16Bits() {
        Path file = dir.resolve("speech.wav");
        float[] samples = Clips.sine(200, 0.5, 16000, 0.8);
        AudioReader.writeWav16(file, samples, 16000);
        float[] back = AudioReader.readMono16k(file);
        assertEquals(samples.length, back.length);
        for (int n = 0; n < samples.length; n++) {
            assertEquals(samples[n], back[n], 1.5 / 32768, "sample " + n);
        }
    }

    /** Frequency from the count of upward zero crossings in the middle half, away from codec edge effects. */
    private static double frequency(float[] s, int sampleRate) {
        int from = s.length / 4;
        int to = 3 * s.length / 4;
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int n = from + 1; n < to; n++) {
            if (s[n - 1] < 0 && s[n] >= 0) {
                if (first < 0) first = n;
                last = n;
                crossings++;
            }
        }
        return (crossings - 1) * (double) sampleRate / (last - first);
    }

    private static double peak(float[] s, int from, int to) {
        double max = 0;
        for (int n = from; n < to; n++) {
            max = Math.max(max, Math.abs(s[n]));
        }
        return max;
    }
}
