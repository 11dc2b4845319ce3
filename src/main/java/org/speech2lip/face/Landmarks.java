package org.speech2lip.face;

/**
 * The 468 face-mesh points of one frame: {@code xyz} holds x, y, z per point in image pixels (z is
 * MediaPipe's relative depth, scaled like x; smaller is nearer the camera), and {@code presence}
 * is the model's face-flag probability.
 */
public record Landmarks(float[] xyz, float presence) {
    public static final int COUNT = 468;
}
