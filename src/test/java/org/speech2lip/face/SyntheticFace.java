package org.speech2lip.face;

import org.speech2lip.geometry.CanonicalFaceModel;

/** Landmark sets for tests: MediaPipe's canonical face, scaled to pixels, turned and moved. */
final class SyntheticFace {
    private static float[] canonical;

    private SyntheticFace() {
    }

    /** 468 × (x, y, z) in pixels: the canonical face at {@code pxPerCm}, turned by {@code rotation} (radians, clockwise on screen) about (cx, cy). */
    static synchronized float[] landmarks(float cx, float cy, float pxPerCm, double rotation) {
        if (canonical == null) {
            canonical = CanonicalFaceModel.load(ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY)).vertices();
        }
        float cos = (float) Math.cos(rotation), sin = (float) Math.sin(rotation);
        float[] out = new float[canonical.length];
        for (int i = 0; i < out.length; i += 3) {
            float x = canonical[i] * pxPerCm, y = canonical[i + 1] * pxPerCm;
            out[i] = cx + cos * x - sin * y;
            out[i + 1] = cy + sin * x + cos * y;
            out[i + 2] = canonical[i + 2] * pxPerCm;
        }
        return out;
    }
}
