package org.speech2lip.synth;

import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Pose;
import org.speech2lip.media.RgbImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadRendererTest {
    private static final int SIZE = 128;
    private static final Camera CAMERA = Camera.centred(1.2 * SIZE, SIZE, SIZE);
    private final HeadRenderer renderer = new HeadRenderer(SIZE, SIZE, SynthSpec.SkinTone.MEDIUM, 5);

    private static HeadRenderer.Head head(double yaw, double opening) {
        return new HeadRenderer.Head(Pose.fromYawPitchRollDegrees(yaw, -3, 2, new double[] {0.5, 0.5, 45}), opening, 0);
    }

    @Test
    void landmarksLieOnTheRenderedFace() {
        RgbImage empty = renderer.render(CAMERA);
        for (double yaw : new double[] {-8, 0, 8}) {
            HeadRenderer.Head h = head(yaw, 0.5);
            RgbImage img = renderer.render(CAMERA, h);
            float[] lm = renderer.landmarks(CAMERA, h);
            int onFace = 0;
            for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
                int x = (int) lm[2 * i], y = (int) lm[2 * i + 1];
                assertTrue(x >= 0 && y >= 0 && x < SIZE && y < SIZE, "landmark " + i + " inside the image");
                int diff = 0;
                for (int c = 0; c < 3; c++) diff += Math.abs(img.get(x, y, c) - empty.get(x, y, c));
                if (diff > 40) onFace++;
            }
            // a few points on the cheek contour of a turned head may sit on the silhouette
            assertTrue(onFace > 0.97 * CanonicalFaceModel.VERTICES, "points on the face: " + onFace);
        }
    }

    @Test
    void openMouthShowsTheDarkCavity() {
        HeadRenderer.Head open = head(0, 1), closed = head(0, 0);
        assertTrue(lumaBetweenLips(open) < 0.5 * lumaBetweenLips(closed), lumaBetweenLips(open) + " vs " + lumaBetweenLips(closed));
        float[] a = renderer.landmarks(CAMERA, open), b = renderer.landmarks(CAMERA, closed);
        double gapOpen = a[2 * 14 + 1] - a[2 * 13 + 1], gapClosed = b[2 * 14 + 1] - b[2 * 13 + 1];
        assertTrue(gapClosed < 0.3 && gapOpen > 5, "lip gap closed " + gapClosed + " px, open " + gapOpen + " px");
    }

    /** The darkest pixel on the segment between the inner-lip midpoints. */
    private double lumaBetweenLips(HeadRenderer.Head h) {
        RgbImage img = renderer.render(CAMERA, h);
        float[] lm = renderer.landmarks(CAMERA, h);
        double darkest = 255;
        for (double t = 0; t <= 1; t += 0.05) {
            int x = (int) (lm[2 * 13] + t * (lm[2 * 14] - lm[2 * 13])), y = (int) (lm[2 * 13 + 1] + t * (lm[2 * 14 + 1] - lm[2 * 13 + 1]));
            darkest = Math.min(darkest, 0.3 * img.get(x, y, 0) + 0.6 * img.get(x, y, 1) + 0.1 * img.get(x, y, 2));
        }
        return darkest;
    }

    @Test
    void sameSeedSamePicture() {
        HeadRenderer other = new HeadRenderer(SIZE, SIZE, SynthSpec.SkinTone.MEDIUM, 5);
        assertArrayEquals(renderer.render(CAMERA, head(4, 0.3)).rgb, other.render(CAMERA, head(4, 0.3)).rgb);
    }
}
