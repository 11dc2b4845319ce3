package org.speech2lip.geometry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FocalSearchTest {

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.5})
    void recoversTheFocalLengthFromVariedHeadPoses(double factor) {
        int w = 640, h = 512, cropX = 64, cropY = 0, size = 512;
        double f = factor * w;
        Camera crop = Camera.centred(f, w, h).shifted(cropX, cropY);
        double z = Synthetic.distance(f, size, 0.4);
        Random rnd = new Random(5);
        List<float[]> frames = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            Pose pose = Pose.fromYawPitchRollDegrees(40 * rnd.nextDouble() - 20, 20 * rnd.nextDouble() - 10,
                    6 * rnd.nextDouble() - 3, new double[] {2 * rnd.nextGaussian(), 2 * rnd.nextGaussian(), z});
            frames.add(Synthetic.landmarks(crop, pose, 0.5, rnd));
        }
        double found = FocalSearch.search(Synthetic.MODEL, frames, w, h, cropX, cropY);
        assertEquals(f, found, 0.1 * f);
    }
}
