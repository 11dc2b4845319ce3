package org.speech2lip.data;

import org.speech2lip.UserError;
import org.speech2lip.face.Detection;
import org.speech2lip.face.WorkingCrop;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.media.MediaInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Face tracks given by the user instead of the tracker ({@code prepare --tracks FILE}): an .npy of
 * float32 (frames, 468, 2 or 3), full-frame pixels in the project's image convention, one row per
 * 25 fps frame. The synthetic subject writes its exact tracks in this format.
 */
final class GivenTracks {
    private static final int POINTS = CanonicalFaceModel.VERTICES;

    private GivenTracks() {}

    static float[][] read(Path file, MediaInfo info) {
        if (!Files.isRegularFile(file)) throw new UserError("Tracks file not found: " + file + ": check the --tracks path");
        Npy.Array a = Npy.read(file);
        int[] sh = a.shape();
        if (a.f32() == null || sh.length != 3 || sh[1] != POINTS || (sh[2] != 2 && sh[2] != 3)) {
            throw new UserError(file + " is not a (frames, 468, 2 or 3) float32 array: give landmark tracks in that layout");
        }
        int expected = (int) Math.round(info.durationSeconds() * Prepare.FPS);
        if (Math.abs(sh[0] - expected) > 2) {
            throw new UserError(file.getFileName() + " has " + sh[0] + " frames but the video has about " + expected
                    + " at 25 fps: give the tracks of this video");
        }
        float[][] out = new float[sh[0]][];
        for (int k = 0; k < sh[0]; k++) {
            float[] xyz = new float[POINTS * 3];
            for (int i = 0; i < POINTS; i++) {
                for (int c = 0; c < sh[2]; c++) xyz[3 * i + c] = a.f32()[(k * POINTS + i) * sh[2] + c];
            }
            out[k] = xyz;
        }
        return out;
    }

    /** One face box per second of tracks, for choosing the working crop. */
    static List<Detection> faceBoxes(float[][] tracks) {
        List<Detection> boxes = new ArrayList<>();
        for (int k = 0; k < tracks.length; k += (int) Prepare.FPS) boxes.add(Detection.around(tracks[k]));
        return boxes;
    }

    static float[][] toCrop(float[][] tracks, WorkingCrop crop) {
        float[][] out = new float[tracks.length][];
        for (int k = 0; k < tracks.length; k++) {
            out[k] = tracks[k].clone();
            for (int i = 0; i < POINTS; i++) {
                out[k][3 * i] -= crop.x();
                out[k][3 * i + 1] -= crop.y();
            }
        }
        return out;
    }
}
