package org.speech2lip.synth;

import org.junit.jupiter.api.Test;
import org.speech2lip.face.FaceTracker;
import org.speech2lip.face.Landmarks;
import org.speech2lip.face.ModelStore;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The point of the synthetic subject: the real MediaPipe tracker must see a face and follow it. */
class TrackerFollowsSynthTest {

    @Test
    void trackerFindsTheFaceInEveryFrameWithinAFewPixels() {
        SynthSpec spec = SynthSpec.DEFAULT.withSeconds(3).withSeed(2);
        SynthSubject subject = new SynthSubject(spec);
        int n = spec.frames();
        double error = 0;
        double[] truthGap = new double[n], trackedGap = new double[n];
        try (FaceTracker tracker = new FaceTracker(ModelStore.standard(), 1)) {
            for (int k = 0; k < n; k++) {
                Landmarks found = tracker.track(subject.frame(k));
                assertNotNull(found, "face found in frame " + k);
                float[] truth = subject.landmarks(k), xyz = found.xyz();
                for (int i = 0; i < Landmarks.COUNT; i++) {
                    error += Math.hypot(xyz[3 * i] - truth[2 * i], xyz[3 * i + 1] - truth[2 * i + 1]) / Landmarks.COUNT / n;
                }
                truthGap[k] = truth[2 * 14 + 1] - truth[2 * 13 + 1];
                trackedGap[k] = xyz[3 * 14 + 1] - xyz[3 * 13 + 1];
            }
        }
        assertTrue(error < 3, "mean landmark error " + error + " px");
        double r = SpeechSynthTest.correlation(truthGap, trackedGap);
        assertTrue(r > 0.8, "tracked mouth opening follows the truth: r = " + r);
    }
}
