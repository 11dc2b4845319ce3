package org.speech2lip.face;

import org.junit.jupiter.api.Test;
import org.speech2lip.UserError;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkingCropTest {

    private static Detection face(float x, float y, float size) {
        return new Detection(0.9f, x, y, size, size, new float[2 * Detection.KEYPOINTS]);
    }

    private static void assertInside(WorkingCrop c, int w, int h) {
        assertTrue(c.x() >= 0 && c.y() >= 0 && c.x() + c.size() <= w && c.y() + c.size() <= h, c.toString());
    }

    private static void assertHolds(WorkingCrop c, Detection d) {
        assertTrue(d.xmin() >= c.x() && d.ymin() >= c.y() && d.xmax() <= c.x() + c.size() && d.ymax() <= c.y() + c.size(),
                c + " holds " + d);
    }

    @Test
    void smallFaceInFullHdGetsASquareAboutTheFace() {
        List<Detection> faces = List.of(face(1400, 300, 150), face(1420, 310, 150));
        WorkingCrop c = WorkingCrop.choose(faces, 1920, 1080);
        assertInside(c, 1920, 1080);
        faces.forEach(d -> assertHolds(c, d));
        assertEquals(150 / WorkingCrop.FACE_FRACTION + 20, c.size(), 2);
        assertEquals(0, c.size() % 2);
    }

    @Test
    void faceNearTheEdgeIsClampedIntoTheFrame() {
        Detection d = face(1800, 900, 110);
        WorkingCrop c = WorkingCrop.choose(List.of(d), 1920, 1080);
        assertInside(c, 1920, 1080);
        assertHolds(c, d);
    }

    @Test
    void bigFaceGetsTheLargestSquareCentredOnIt() {
        Detection d = face(500, 300, 700);
        WorkingCrop c = WorkingCrop.choose(List.of(d), 1920, 1080);
        assertEquals(1080, c.size());
        assertInside(c, 1920, 1080);
        assertEquals(850, c.x() + c.size() / 2.0, 1);
    }

    @Test
    void smallFrameWithAFaceFillingItIsNotZoomed() {
        WorkingCrop c = WorkingCrop.choose(List.of(face(60, 50, 140)), 320, 256);
        assertEquals(256, c.size());
        assertEquals(0, c.y());
        assertInside(c, 320, 256);
    }

    @Test
    void parseReadsAndChecksTheOverride() {
        assertEquals(new WorkingCrop(600, 100, 720), WorkingCrop.parse("600,100,720", 1920, 1080));
        assertEquals(new WorkingCrop(0, 0, 256), WorkingCrop.parse(" 0, 0 ,256", 256, 256));
        for (String bad : new String[] {"", "600,100", "a,b,c", "1,2,3,4", "-1,0,100", "0,0,0"}) {
            UserError e = assertThrows(UserError.class, () -> WorkingCrop.parse(bad, 1920, 1080), bad);
            assertTrue(e.getMessage().startsWith("Bad crop") && !e.getMessage().contains("\n"), e.getMessage());
        }
        UserError e = assertThrows(UserError.class, () -> WorkingCrop.parse("1500,0,512", 1920, 1080));
        assertTrue(e.getMessage().contains("does not fit in the 1920x1080 frame"), e.getMessage());
    }
}
