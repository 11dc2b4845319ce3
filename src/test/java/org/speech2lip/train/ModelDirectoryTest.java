package org.speech2lip.train;

import org.junit.jupiter.api.Test;
import org.speech2lip.model.ModelConfig;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectMeta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDirectoryTest {
    @TempDir
    Path dir;

    private static SubjectMeta subject(String sha) {
        return new SubjectMeta(SubjectMeta.FORMAT, 1, "t", "now", new SubjectMeta.Source("v.mp4", sha, 64, 64, 25, 10),
                25, 250, null, null, 0, null, null, null, null, null, null, Map.of());
    }

    private static String refused(Runnable r) {
        UserError e = assertThrows(UserError.class, r::run);
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    @Test
    void belongsToOneSubjectPresetAndSetOfSwitches() {
        ModelDirectory m = new ModelDirectory(dir.resolve("model"));
        ModelConfig fast = ModelConfig.FAST;
        m.claim(dir.resolve("anna"), subject("aaa"), fast, "test");
        assertEquals("aaa", m.read().subjectSha256());
        assertEquals(fast, m.read().config(), "the whole config is kept, readable back");
        // a new budget and seed are a resume, not another model
        assertEquals("fast", m.claim(dir.resolve("anna"), subject("aaa"), fast.withTraining(fast.training().withBudget(10, 0).withSeed(5)),
                "test").preset());
        assertTrue(refused(() -> m.claim(dir.resolve("bob"), subject("bbb"), fast, "test")).contains("another subject"));
        assertTrue(refused(() -> m.claim(dir.resolve("anna"), subject("aaa"), ModelConfig.PAPER, "test")).contains("preset fast"));
        ModelConfig noBlend = fast.withAblation(new ModelConfig.Ablation(true, true, false, true, ModelConfig.SyncLoss.CONTRASTIVE));
        assertTrue(refused(() -> m.claim(dir.resolve("anna"), subject("aaa"), noBlend, "test")).contains("other settings"));
        // a model of an earlier fast preset (speech driving the field directly) is told which sections moved
        String moved = refused(() -> m.claim(dir.resolve("anna"), subject("aaa"), fast.withMouth(ModelConfig.Mouth.OFF), "test"));
        assertTrue(moved.contains("mouth (--no-mouth-shape)") && !moved.contains("ablation"), moved);
        assertTrue(refused(() -> m.requireSubject(subject("bbb"))).contains("another subject"));
        m.requireSubject(subject("aaa"));
    }

    @Test
    void refusesOtherDirectoriesAndVersions() throws Exception {
        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "x");
        assertTrue(refused(() -> new ModelDirectory(busy).claim(dir, subject("a"), ModelConfig.FAST, "t")).contains("already holds other files"));
        assertTrue(refused(() -> new ModelDirectory(dir.resolve("none")).read()).contains("not a model directory"));
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve(ModelDirectory.META), "{\"format\":\"speech2lip-model\",\"formatVersion\":0}");
        assertTrue(refused(() -> new ModelDirectory(old).read()).contains("format version 0"));
    }
}
