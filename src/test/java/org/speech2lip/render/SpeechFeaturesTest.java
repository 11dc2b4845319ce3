package org.speech2lip.render;

import org.junit.jupiter.api.Test;
import org.speech2lip.media.LogMel;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechFeaturesTest {

    /** T mel frames: voiced ones around {@code level} with a per-bin tilt and noise, pauses at -3.8. */
    private static float[][] speech(int frames, float level, float tilt, float spread, long seed) {
        Random r = new Random(seed);
        float[][] mel = new float[frames][LogMel.N_MELS];
        for (int t = 0; t < frames; t++) {
            boolean pause = t % 10 >= 7;
            for (int b = 0; b < LogMel.N_MELS; b++) {
                mel[t][b] = pause ? -3.8f + 0.05f * (float) r.nextGaussian() : level + tilt * b / LogMel.N_MELS + spread * (float) r.nextGaussian();
            }
        }
        return mel;
    }

    @Test
    void framesMatchTheAudioLengthToTheNearestFrame() {
        assertEquals(25, SpeechFeatures.frameCount(16000, 25));
        assertEquals(25, SpeechFeatures.frameCount(16000 + 319, 25));
        assertEquals(26, SpeechFeatures.frameCount(16000 + 321, 25));
        assertEquals(1, SpeechFeatures.frameCount(10, 25), "even a click gives one frame");
    }

    @Test
    void pausesAndDigitalSilenceAreNotVoiced() {
        boolean[] voiced = SpeechFeatures.voiced(speech(100, 0.5f, 1f, 0.3f, 1));
        for (int t = 0; t < 100; t++) assertEquals(t % 10 < 7, voiced[t], "frame " + t);
        float[][] silence = new float[20][LogMel.N_MELS];
        for (float[] row : silence) java.util.Arrays.fill(row, -4);
        for (boolean v : SpeechFeatures.voiced(silence)) assertFalse(v);
    }

    @Test
    void anotherVoiceTakesTheSubjectsStatisticsAndItsPauses() {
        SpeechFeatures.Stats subject = SpeechFeatures.Stats.of(speech(400, 0.5f, 1f, 0.3f, 2));
        float[][] loud = speech(400, 2f, -1f, 0.8f, 3);
        SpeechFeatures.match(loud, subject);
        SpeechFeatures.Stats after = SpeechFeatures.Stats.of(loud);
        for (int b = 0; b < LogMel.N_MELS; b++) {
            assertEquals(subject.mean()[b], after.mean()[b], 0.02, "bin " + b + " mean");
            assertEquals(subject.spread()[b], after.spread()[b], 0.02, "bin " + b + " spread");
        }
        assertArrayEquals(subject.pause(), loud[8], 1e-6f, "a pause becomes the subject's pause");
    }

    @Test
    void silenceBecomesTheSubjectsPauseEverywhere() {
        SpeechFeatures.Stats subject = SpeechFeatures.Stats.of(speech(400, 0.5f, 1f, 0.3f, 4));
        float[][] silence = new float[30][LogMel.N_MELS];
        for (float[] row : silence) java.util.Arrays.fill(row, -4);
        SpeechFeatures.match(silence, subject);
        for (float[] row : silence) assertArrayEquals(subject.pause(), row, 1e-6f);
        assertTrue(subject.pause()[0] < -3.5f);
    }

    @Test
    void windowsAreTheSixteenMelFramesFromTheFramesStart() {
        float[] audio = new float[16000];
        for (int i = 0; i < audio.length; i++) audio[i] = (float) (0.3 * Math.sin(i * 0.01 * (1 + i / 4000)));
        SpeechFeatures f = SpeechFeatures.raw(audio, 25);
        float[][][] expected = LogMel.windowsPerFrame(LogMel.compute(audio), f.frames(), 25);
        float[] window = new float[16 * 80];
        for (int i : new int[] {0, 7, f.frames() - 1}) {
            f.window(i, window, 0);
            for (int r = 0; r < 16; r++) {
                for (int b = 0; b < 80; b++) assertEquals(expected[i][r][b], window[r * 80 + b], 0f, "frame " + i);
            }
        }
    }
}
