package org.speech2lip.synth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechSynthTest {
    private static final SpeechSynth.Speech SPEECH = SpeechSynth.generate(12, 25, 3);

    @Test
    void sizesMatchTheClip() {
        assertEquals(12 * SpeechSynth.SAMPLE_RATE, SPEECH.audio().length);
        assertEquals(300, SPEECH.opening().length);
        assertEquals(300, SPEECH.rounding().length);
        assertTrue(SPEECH.text().matches("[bmpwl][aeiou]([bmpwl][aeiou]|[ ,]+)*\\."), SPEECH.text());
    }

    @Test
    void soundIsLoudWhereTheMouthIsOpenAndNearlySilentWhereClosed() {
        float[] open = SPEECH.opening();
        double[] rms = frameRms(SPEECH.audio(), open.length);
        double max = 0;
        for (double r : rms) max = Math.max(max, r);
        double closedSum = 0;
        int closed = 0;
        for (int k = 0; k < open.length; k++) {
            if (open[k] < 0.03) {
                closedSum += rms[k];
                closed++;
            }
        }
        assertTrue(closed > 20, "the clip has pauses and closures");
        assertTrue(closedSum / closed < 0.05 * max, "closed mouth is near silence: " + closedSum / closed / max);
        double[] o = new double[open.length];
        for (int k = 0; k < o.length; k++) o[k] = open[k];
        assertTrue(correlation(o, rms) > 0.6, "energy follows the opening: " + correlation(o, rms));
    }

    @Test
    void mouthShapesStayInRange() {
        for (int k = 0; k < SPEECH.opening().length; k++) {
            assertTrue(SPEECH.opening()[k] >= 0 && SPEECH.opening()[k] <= 1);
            assertTrue(SPEECH.rounding()[k] >= -1 && SPEECH.rounding()[k] <= 1);
        }
    }

    @Test
    void seedDecidesTheSentence() {
        SpeechSynth.Speech again = SpeechSynth.generate(12, 25, 3);
        assertArrayEquals(SPEECH.audio(), again.audio());
        assertEquals(SPEECH.text(), again.text());
        assertNotEquals(SPEECH.text(), SpeechSynth.generate(12, 25, 4).text());
    }

    static double[] frameRms(float[] audio, int frames) {
        double[] rms = new double[frames];
        int per = audio.length / frames;
        for (int k = 0; k < frames; k++) {
            double s = 0;
            for (int i = k * per; i < (k + 1) * per; i++) s += audio[i] * audio[i];
            rms[k] = Math.sqrt(s / per);
        }
        return rms;
    }

    static double correlation(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
