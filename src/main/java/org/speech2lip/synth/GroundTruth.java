package org.speech2lip.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileNames;
import org.speech2lip.UserError;
import org.speech2lip.data.Npy;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Pose;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a synthetic clip really shows, per frame: the speaker's head pose (head-model → camera,
 * row-major 4×4), mouth opening (0 closed … 1 wide) and lip rounding (−1 spread … +1 rounded), and
 * the 468 face-mesh vertices as rendered (deformed lips included) projected into the image.
 *
 * <p>Stored next to {@code <name>.mp4} as {@code <name>.truth.json} and the landmarks as
 * {@code <name>.truth.landmarks.npy}: float32 (frames, 468, 2), image pixels with
 * pixel centres at +0.5 (the geometry package's convention). Points of a head that has left the
 * frame lie outside the image.
 */
public record GroundTruth(int width, int height, double fps, double focal, String text,
                          float[] poses, float[] mouthOpening, float[] lipRounding, float[] landmarks) {
    public static final int VERSION = 1;
    private static final int POINTS = CanonicalFaceModel.VERTICES;

    public GroundTruth {
        int n = mouthOpening.length;
        if (poses.length != 16 * n || lipRounding.length != n || landmarks.length != n * POINTS * 2) {
            throw new IllegalArgumentException("ground truth arrays disagree on the number of frames");
        }
    }

    public int frames() {
        return mouthOpening.length;
    }

    public Camera camera() {
        return Camera.centred(focal, width, height);
    }

    public Pose pose(int frame) {
        return Pose.fromMatrix4(poses, 16 * frame);
    }

    /** Frame k's 468 projected vertices as (u, v) pairs. */
    public float[] landmarks(int frame) {
        float[] out = new float[POINTS * 2];
        System.arraycopy(landmarks, frame * POINTS * 2, out, 0, out.length);
        return out;
    }

    public static Path jsonPath(Path mp4) {
        return FileNames.besides(mp4, ".truth.json");
    }

    public static Path landmarksPath(Path mp4) {
        return FileNames.besides(mp4, ".truth.landmarks.npy");
    }

    /** Writes both files next to the clip; each appears only when complete. */
    public void write(Path mp4) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        root.put("width", width);
        root.put("height", height);
        root.put("fps", fps);
        root.put("focal", focal);
        root.put("frames", frames());
        root.put("text", text);
        root.put("landmarks", landmarksPath(mp4).getFileName().toString());
        ArrayNode poseArr = root.putArray("poses"), ypr = root.putArray("yawPitchRollDegrees");
        for (int k = 0; k < frames(); k++) {
            ArrayNode m = poseArr.addArray();
            for (int i = 0; i < 16; i++) m.add(poses[16 * k + i]);
            ArrayNode a = ypr.addArray();
            for (double d : pose(k).yawPitchRollDegrees()) a.add((float) d);
        }
        ArrayNode open = root.putArray("mouthOpening"), round = root.putArray("lipRounding");
        for (int k = 0; k < frames(); k++) {
            open.add(mouthOpening[k]);
            round.add(lipRounding[k]);
        }
        Npy.writeFloat(landmarksPath(mp4), landmarks, frames(), POINTS, 2);
        try {
            byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            AtomicWrite.write(jsonPath(mp4), body);
        } catch (IOException e) {
            throw new UserError("Cannot write the ground truth next to " + mp4 + " (" + e.getMessage()
                    + "): check the directory's permissions and free space", e);
        }
    }

    /** Reads the ground truth written next to the clip. */
    public static GroundTruth read(Path mp4) {
        Path jp = jsonPath(mp4);
        try {
            JsonNode root = new ObjectMapper().readTree(jp.toFile());
            if (root.path("version").asInt() != VERSION) throw new IOException("unknown version " + root.path("version"));
            int n = root.path("frames").asInt();
            float[] poses = new float[16 * n], open = new float[n], round = new float[n];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < 16; i++) poses[16 * k + i] = (float) root.path("poses").path(k).path(i).asDouble();
                open[k] = (float) root.path("mouthOpening").path(k).asDouble();
                round[k] = (float) root.path("lipRounding").path(k).asDouble();
            }
            float[] lm = Npy.read(jp.resolveSibling(root.path("landmarks").asText())).f32();
            return new GroundTruth(root.path("width").asInt(), root.path("height").asInt(), root.path("fps").asDouble(),
                    root.path("focal").asDouble(), root.path("text").asText(), poses, open, round, lm);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("Cannot read the synthetic ground truth " + jp + " (" + e.getMessage()
                    + "): generate the synthetic clip again", e);
        }
    }
}
