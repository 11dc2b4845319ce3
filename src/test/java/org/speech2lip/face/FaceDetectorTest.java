package org.speech2lip.face;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speech2lip.media.RgbImage;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceDetectorTest {
    private static FaceDetector shortRange, fullRange;

    @BeforeAll
    static void load() {
        shortRange = FaceDetector.shortRange(ModelStore.standard());
        fullRange = FaceDetector.fullRange(ModelStore.standard());
    }

    @AfterAll
    static void close() {
        shortRange.close();
        fullRange.close();
    }

    @Test
    void flatGreyHasNoFace() {
        RgbImage grey = new RgbImage(320, 240);
        Arrays.fill(grey.rgb, (byte) 128);
        assertTrue(shortRange.detect(grey).isEmpty());
        assertTrue(fullRange.detect(grey).isEmpty());
    }

    @Test
    void noiseHasNoFace() {
        RgbImage noise = new RgbImage(200, 300);
        new Random(7).nextBytes(noise.rgb);
        assertTrue(shortRange.detect(noise).isEmpty());
        assertTrue(fullRange.detect(noise).isEmpty());
    }
}
