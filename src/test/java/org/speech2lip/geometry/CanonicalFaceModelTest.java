package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;
import org.speech2lip.face.ModelStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalFaceModelTest {

    @Test
    void loadsMeshInCameraAxes() {
        CanonicalFaceModel m = CanonicalFaceModel.load(ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY));
        assertEquals(898, m.triangleCount());
        assertEquals(33, m.procrustesIds().length);
        // y down: the forehead (10) is above the chin (152); z into the face: the nose tip is nearest the camera
        assertTrue(m.vertex(10)[1] < m.vertex(152)[1]);
        double noseZ = m.vertex(CanonicalFaceModel.NOSE_TIP)[2];
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) assertTrue(m.vertex(i)[2] >= noseZ - 1e-6);
        // subject's right eye corner (33) is on the image left
        assertTrue(m.vertex(33)[0] < m.vertex(263)[0]);
        // triangles face the camera: counter-clockwise in image coordinates (y down) means negative signed area
        int[] t = m.triangles();
        int facing = 0;
        for (int k = 0; k < t.length; k += 3) {
            double[] a = m.vertex(t[k]), b = m.vertex(t[k + 1]), c = m.vertex(t[k + 2]);
            double area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
            if (area < 0) facing++;
        }
        assertTrue(facing > 0.9 * m.triangleCount() || facing < 0.1 * m.triangleCount(), "consistent winding");
    }
}
