package org.speech2lip.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.geometry.Pose;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prepare on the synthetic subject recovers what the generator knows: focal length and head pose. */
class PrepareSyntheticTest {
    @TempDir
    static Path dir;
    static GroundTruth truth;
    static SubjectMeta meta;
    static Path subject;

    @BeforeAll
    static void prepareOnce() {
        Path video = dir.resolve("synth.mp4");
        truth = SynthSubject.generate(SynthSpec.DEFAULT.withSeconds(12), video);
        subject = dir.resolve("subject");
        meta = Prepare.run(new Prepare.Options(video, subject, false, null, 2, true)).meta();
    }

    @Test
    void recoversFocalWithinTenPercent() {
        double ratio = meta.camera().focal() / truth.focal();
        assertTrue(Math.abs(ratio - 1) < 0.10, "focal " + meta.camera().focal() + " vs true " + truth.focal());
    }

    @Test
    void recoversHeadRotationWithinTwoDegreesPerFrame() {
        assertEquals(truth.frames(), meta.frames());
        float[] poses = Npy.read(subject.resolve("poses.npy")).f32();
        double worst = 0;
        for (int k = 0; k < meta.frames(); k++) {
            worst = Math.max(worst, Pose.fromMatrix4(poses, 16 * k).rotationDegreesTo(truth.pose(k)));
        }
        assertTrue(worst < 2.0, "worst per-frame rotation error " + worst + "°");
    }

    @Test
    void writesEveryDocumentedFileAndAClosedMouthCanonicalFrame() {
        for (SubjectMeta.ArrayInfo a : meta.arrays().values()) assertTrue(Files.isRegularFile(subject.resolve(a.file())), a.file());
        for (String p : new String[] {"contact_sheet.png", "canonical.png", "lip_strip.png", "tracking.mp4"}) {
            assertTrue(Files.isRegularFile(subject.resolve("debug").resolve(p)), p);
        }
        assertEquals(meta.frames(), meta.split().train() + meta.split().test());
        assertTrue(meta.canonicalFrame() < meta.split().train(), "canonical frame is a training frame");
        assertTrue(truth.mouthOpening()[meta.canonicalFrame()] < 0.15, "canonical mouth is closed");
        float[] mel = Npy.read(subject.resolve("mel.npy")).f32();
        assertEquals(meta.frames() * 16 * 80, mel.length);
    }

    @Test
    void rerunIsANoOpUnlessForced() throws Exception {
        long before = Files.getLastModifiedTime(subject.resolve(SubjectDirectory.META)).toMillis();
        Prepare.Result again = Prepare.run(new Prepare.Options(dir.resolve("synth.mp4"), subject, false, null, 1, true));
        assertTrue(again.skipped());
        assertEquals(before, Files.getLastModifiedTime(subject.resolve(SubjectDirectory.META)).toMillis());
    }

    @Test
    void refusesAnotherVideoWithoutForce() {
        Path other = TestClips.noise(dir, "other.mp4", 6, true);
        UserError e = assertThrows(UserError.class, () -> Prepare.run(new Prepare.Options(other, subject, false, null, 1, true)));
        assertTrue(e.getMessage().contains("prepared from another video"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
