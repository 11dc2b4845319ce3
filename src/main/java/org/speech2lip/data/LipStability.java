package org.speech2lip.data;

import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Rect;

import java.awt.BasicStroke;
import java.awt.geom.Area;
import java.awt.geom.Path2D;

/**
 * How still the canonical lip crops are where nothing should move: the mean absolute difference
 * (0-255, over RGB) between each frame's O2C crop and the canonical frame's crop, over pixels that
 * are valid in both, outside the lips (the outer lip contour grown by 15 % of the mouth width) and
 * above the lowest lip point (the jaw below it moves with speech). Small values mean head pose and
 * depth put every frame's face in the same place.
 */
final class LipStability {
    private LipStability() {}

    static double meanOutsideLips(byte[] crops, byte[] valid, int frames, Rect box, float[] canonicalLandmarks, int canonical) {
        boolean[] region = stillRegion(box, canonicalLandmarks);
        int n = box.w() * box.h();
        int ref = canonical * n;
        double sum = 0;
        long count = 0;
        for (int k = 0; k < frames; k++) {
            if (k == canonical) continue;
            int base = k * n;
            for (int i = 0; i < n; i++) {
                if (!region[i] || valid[base + i] == 0 || valid[ref + i] == 0) continue;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((crops[(base + i) * 3 + c] & 0xff) - (crops[(ref + i) * 3 + c] & 0xff));
                }
                count += 3;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    static boolean[] stillRegion(Rect box, float[] lm) {
        Path2D.Float lips = new Path2D.Float();
        float lowest = -Float.MAX_VALUE;
        for (int j = 0; j < CanonicalFaceModel.LIPS_OUTER.length; j++) {
            int i = CanonicalFaceModel.LIPS_OUTER[j];
            float x = lm[3 * i] - box.x(), y = lm[3 * i + 1] - box.y();
            if (j == 0) lips.moveTo(x, y); else lips.lineTo(x, y);
            lowest = Math.max(lowest, y);
        }
        lips.closePath();
        float mouthWidth = Math.abs(lm[3 * CanonicalFaceModel.MOUTH_RIGHT] - lm[3 * CanonicalFaceModel.MOUTH_LEFT]);
        Area grown = new Area(lips);
        grown.add(new Area(new BasicStroke(0.3f * mouthWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(lips)));
        boolean[] region = new boolean[box.w() * box.h()];
        for (int y = 0; y < box.h(); y++) {
            for (int x = 0; x < box.w(); x++) {
                region[y * box.w() + x] = y + 0.5f < lowest && !grown.contains(x + 0.5, y + 0.5);
            }
        }
        return region;
    }
}
