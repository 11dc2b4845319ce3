package org.speech2lip.data;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.SyncWindows;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubjectDataTest {
    @TempDir
    static Path dir;
    static Path subject;

    @BeforeAll
    static void prepare() {
        Path video = dir.resolve("s.mp4");
        SynthSubject.generate(SynthSpec.DEFAULT.withSeconds(6), video);
        subject = dir.resolve("subject");
        Prepare.run(new Prepare.Options(video, subject, false, 2, true));
    }

    @Test
    void readsEveryArrayConsistently() {
        SubjectData d = SubjectData.open(subject);
        assertEquals(150, d.frames());
        assertEquals(135, d.trainFrames());
        int k = 40;
        RgbImage lips = d.lipCrop(k);
        byte[] all = Npy.read(subject.resolve("lip_crops.npy")).u8();
        byte[] expected = new byte[lips.rgb.length];
        System.arraycopy(all, k * expected.length, expected, 0, expected.length);
        assertArrayEquals(expected, lips.rgb);
        byte[] valid = Npy.read(subject.resolve("lip_valid.npy")).u8();
        assertArrayEquals(Arrays.copyOfRange(valid, k * lips.rgb.length / 3, (k + 1) * lips.rgb.length / 3), d.lipValid(k));
        // the sync windows read from the mapped crops shrink them as from the whole array
        int h = d.lipBox().h() / 2, w = d.lipBox().w() / 2;
        try (NDManager m = NDManager.newBaseManager()) {
            int[] starts = {0, k, d.frames() - 5};
            SyncWindows whole = new SyncWindows(all, d.sharedMel(), d.frames(),
                    d.lipBox().h(), d.lipBox().w(), d.trainFrames()).resized(h, w);
            assertArrayEquals(whole.faces(m, starts).toFloatArray(), SyncWindows.of(d, h, w).faces(m, starts).toFloatArray());
        }
        assertEquals(16 * 80, d.mel(k).length);
        assertEquals(0, d.canonicalToFrame(d.meta().canonicalFrame()).rotationDegreesTo(org.speech2lip.geometry.Pose.IDENTITY), 1e-6);
        assertTrue(d.mouthWindow(k).inside(d.meta().crop().size(), d.meta().crop().size()));
    }

    @Test
    void decodesTheWorkingFramesOfItsOwnSourceCopy() {
        SubjectData d = SubjectData.open(subject);
        assertEquals(d.frames(), d.workingFrames().count());
        assertEquals(d.meta().crop().size(), d.workingFrames().get(0).width);
        SubjectMeta.Crop c = d.meta().crop();
        try (org.speech2lip.media.VideoReader in = org.speech2lip.media.VideoReader.open(d.sourceVideo(), d.meta().fps())) {
            for (int k = 0; k < 3; k++) in.next();
            // frame 3 read back from the scratch file is the source's own frame 3, cut to the crop
            assertArrayEquals(in.next().crop(c.x(), c.y(), c.size(), c.size()).rgb, d.workingFrames().get(3).rgb);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> d.workingFrames().get(d.frames()));
        assertTrue(d.sourceVideo().getFileName().toString().startsWith("source."));
    }

    @Test
    void refusesAnInterruptedPrepare() throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve(".speech2lip-subject"), "");
        UserError e = assertThrows(UserError.class, () -> SubjectData.open(broken));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }
}
