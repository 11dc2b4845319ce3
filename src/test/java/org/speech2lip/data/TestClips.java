package org.speech2lip.data;

import org.speech2lip.media.AudioReader;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;

import java.nio.file.Path;
import java.util.Random;

/** Small clips made on the fly for the bad-input tests. */
final class TestClips {
    private TestClips() {}

    static float[] tone(double seconds) {
        float[] a = new float[(int) (seconds * 16000)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        return a;
    }

    /** A clip of random noise frames (no face anywhere), with a tone as audio or none. */
    static Path noise(Path dir, String name, double seconds, boolean withAudio) {
        return noise(dir, name, seconds, withAudio ? tone(seconds) : null);
    }

    /** A clip of random noise frames with {@code audio} (16 kHz mono) as its soundtrack, or none when null. */
    static Path noise(Path dir, String name, double seconds, float[] audio) {
        Path out = dir.resolve(name);
        Random rnd = new Random(1);
        int frames = (int) Math.round(seconds * 25);
        try (Mp4Writer w = new Mp4Writer(out, 96, 96, 25, audio)) {
            for (int k = 0; k < frames; k++) {
                RgbImage f = new RgbImage(96, 96);
                rnd.nextBytes(f.rgb);
                w.write(f);
            }
        }
        return out;
    }

    static Path wav(Path dir, String name, double seconds) {
        Path out = dir.resolve(name);
        AudioReader.writeWav16(out, tone(seconds), 16000);
        return out;
    }
}
