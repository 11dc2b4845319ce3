package org.speech2lip.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.SubjectData;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.synth.SpeechSynth;
import org.speech2lip.train.LipTrainer;
import org.speech2lip.train.TinySubject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model driven by the phonetic posteriorgram alone trains, renders new speech and silence, and its lips depend on what is said. */
class PhoneticRenderTest {
    @TempDir
    static Path dir;

    @Test
    void aModelOnPhoneProbabilitiesRendersNewSpeechAndSilence() {
        SubjectData subject = SubjectData.open(TinySubject.prepare(dir, 4));
        ModelConfig tiny = TinySubject.config(20, 1e-3);
        ModelConfig cfg = tiny.withAudio(tiny.audio().withFeatures(ModelConfig.SpeechInput.PPG));
        Path model = dir.resolve("model");
        try (LipTrainer t = TinySubject.trainer(cfg, subject, model)) {
            t.run((s, l) -> { });
        }
        Path one = dir.resolve("one.wav"), other = dir.resolve("other.wav"), quiet = dir.resolve("quiet.wav");
        AudioReader.writeWav16(one, SpeechSynth.generate(3, 25, 21).audio(), 16000);
        AudioReader.writeWav16(other, SpeechSynth.generate(3, 25, 22).audio(), 16000);
        AudioReader.writeWav16(quiet, new float[3 * 16000], 16000);
        List<List<RgbImage>> made = new ArrayList<>();
        for (Path speech : List.of(one, other, quiet)) {
            Path out = dir.resolve(speech.getFileName() + ".mp4");
            assertEquals(75, Render.run(Render.Options.of(model, speech, out), null).frames());
            made.add(frames(out));
        }
        double differ = 0;
        for (int i = 0; i < 75; i++) differ += difference(made.get(0).get(i), made.get(1).get(i)) / 75;
        System.out.printf("ppg model: other speech changes the frames by %.3f grey levels on average%n", differ);
        assertTrue(differ > 0.01, "the lips follow the phones: " + differ);
        assertEquals(75, made.get(2).size(), "silence renders, frame for frame");
    }

    private static double difference(RgbImage a, RgbImage b) {
        double sum = 0;
        for (int i = 0; i < a.rgb.length; i++) sum += Math.abs((a.rgb[i] & 0xff) - (b.rgb[i] & 0xff));
        return sum / a.rgb.length;
    }

    private static List<RgbImage> frames(Path mp4) {
        List<RgbImage> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(mp4, 25)) {
            for (RgbImage f = r.next(); f != null; f = r.next()) out.add(f);
        }
        return out;
    }
}
