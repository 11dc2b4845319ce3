package org.speech2lip.media;

import org.junit.jupiter.api.Test;
import org.speech2lip.synth.SpeechSynth;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneticPosteriorgramTest {
    private static final PhoneticPosteriorgram PPG = PhoneticPosteriorgram.shared();

    /** One second of faint noise, synthetic syllables, one second of faint noise. */
    private static float[] speechBetweenPauses(SpeechSynth.Speech s) {
        float[] audio = new float[16000 + s.audio().length + 16000];
        Random r = new Random(1);
        for (int i = 0; i < audio.length; i++) audio[i] = (float) (1e-3 * r.nextGaussian());
        System.arraycopy(s.audio(), 0, audio, 16000, s.audio().length);
        return audio;
    }

    @Test
    void aDistributionOverPhonesEveryTenMillisecondsTheSameEachTime() {
        float[] audio = speechBetweenPauses(SpeechSynth.generate(4, 25, 3));
        float[][] post = PPG.compute(audio);
        int expected = (audio.length - 410) / 160 + 1;
        assertTrue(Math.abs(post.length - expected) <= 3, post.length + " frames for " + expected + " analysis windows");
        for (float[] row : post) {
            assertEquals(PhoneticPosteriorgram.PHONES, row.length);
            double sum = 0;
            for (float p : row) {
                assertTrue(p >= 0);
                sum += p;
            }
            assertEquals(1, sum, 1e-4);
        }
        assertTrue(Arrays.deepEquals(post, PPG.compute(audio)), "deterministic");
        assertEquals("SIL", PPG.phone(PPG.index("SIL")));
    }

    @Test
    void syllablesLookMoreLikeVowelsThanPausesDo() {
        float[] audio = speechBetweenPauses(SpeechSynth.generate(6, 25, 3));
        float[][] post = PPG.compute(audio);
        int[] vowels = Arrays.stream(new String[] {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"})
                .mapToInt(PPG::index).toArray();
        double pause = 0, speech = 0;
        int np = 0, ns = 0;
        for (int i = 0; i < post.length; i++) {
            double t = (160 * i + 205) / 16000.0, v = 0;
            for (int p : vowels) v += post[i][p];
            if (t < 0.9 || t > audio.length / 16000.0 - 0.9) {
                pause += v;
                np++;
            } else if (t > 1.3 && t < 6.5) {
                speech += v;
                ns++;
            }
        }
        System.out.printf("P(vowel): pauses %.4f, syllables %.4f%n", pause / np, speech / ns);
        assertTrue(speech / ns > 1.2 * pause / np, "syllables " + speech / ns + ", pauses " + pause / np);
    }

    @Test
    void digitalSilenceAndVeryShortSoundStillGiveFrames() {
        assertEquals(198, PPG.compute(new float[2 * 16000]).length, 2, "two seconds of zeros");
        float[][] none = PPG.compute(new float[100]);
        float[][] frames = PhoneticPosteriorgram.perVideoFrame(none, 3, 25);
        for (float[] row : frames) assertEquals(1, sum(row), 1e-5, "uniform when nothing could be scored");
    }

    @Test
    void videoFramesAverageTheAnalysisFramesCentredInThem() {
        // phone 5 is certain for analysis frames centred in [1 s, 2 s), phone 0 elsewhere
        float[][] post = new float[300][PhoneticPosteriorgram.PHONES];
        for (int i = 0; i < post.length; i++) {
            double centre = (160 * i + 205) / 16000.0;
            post[i][centre >= 1 && centre < 2 ? 5 : 0] = 1;
        }
        float[][] video = PhoneticPosteriorgram.perVideoFrame(post, 80, 25);
        for (int k = 0; k < 80; k++) {
            float expected = k >= 25 && k < 50 ? 1 : 0;
            assertEquals(expected, video[k][5], 1e-6, "frame " + k);
            assertEquals(1, sum(video[k]), 1e-6);
        }
        assertArrayEquals(post[post.length - 1], video[79], "past the end: the last analysis frame");
    }

    private static double sum(float[] row) {
        double s = 0;
        for (float v : row) s += v;
        return s;
    }
}
