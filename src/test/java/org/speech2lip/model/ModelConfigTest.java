package org.speech2lip.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.speech2lip.UserError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest {
    @Test
    void presetsByName() {
        assertSame(ModelConfig.FAST, ModelConfig.preset("fast"));
        assertSame(ModelConfig.PAPER, ModelConfig.preset("Paper"));
        UserError e = assertThrows(UserError.class, () -> ModelConfig.preset("huge"));
        assertEquals("Unknown preset huge: use fast or paper", e.getMessage());
    }

    @Test
    void paperHasThePaperSizes() {
        ModelConfig p = ModelConfig.PAPER;
        assertEquals(new ModelConfig.Field(8, 256, 5, 10, 20), p.field());
        assertEquals(64, p.audio().codeDims());
        assertEquals(1e-4, p.training().learningRate());
        assertEquals(64, p.blend().channels());
        assertEquals(128, p.blend().deepChannels());
        assertEquals(0.5, p.blend().blackHoleProbability());
        assertEquals(ModelConfig.Ablation.NONE, p.ablation());
        assertEquals(84, p.conditionDims());
    }

    @Test
    void fastIsSmaller() {
        ModelConfig f = ModelConfig.FAST;
        assertTrue(f.field().width() * f.field().layers() < ModelConfig.PAPER.field().width() * ModelConfig.PAPER.field().layers() / 2);
        assertTrue(f.field().frequencies() < ModelConfig.PAPER.field().frequencies());
        assertEquals(60, f.training().maxMinutes());
    }

    @Test
    void fastDrivesTheLipsThroughAMouthShapeWithoutTheTimestamp() {
        ModelConfig f = ModelConfig.FAST;
        assertTrue(f.mouth().on());
        assertEquals(ModelConfig.SpeechInput.BOTH, f.audio().features());
        assertEquals(new ModelConfig.Ablation(true, true, true, false, ModelConfig.SyncLoss.CONTRASTIVE), f.ablation());
        assertEquals(f.mouth().components(), f.conditionDims());
        assertEquals(64, f.withMouth(ModelConfig.Mouth.OFF).conditionDims());
        assertEquals(f.mouth().components() + f.field().timeDims(),
                f.withAblation(ModelConfig.Ablation.NONE).conditionDims());
        assertTrue(!ModelConfig.PAPER.mouth().on());
    }

    @Test
    void timestampOffDropsTheTimeCode() {
        ModelConfig c = ModelConfig.PAPER.withAblation(new ModelConfig.Ablation(true, true, true, false, ModelConfig.SyncLoss.POSITIVES));
        assertEquals(64, c.conditionDims());
    }

    @Test
    void badValuesAreOneLineUserErrors() {
        UserError width = assertThrows(UserError.class, () -> new ModelConfig.Field(8, 0, 5, 10, 20));
        assertEquals("Model config: field.width is 0: use a positive number", width.getMessage());
        UserError skip = assertThrows(UserError.class, () -> new ModelConfig.Field(4, 64, 4, 6, 20));
        assertTrue(skip.getMessage().contains("field.skipLayer is 4: use a number from 1 to 3"), skip.getMessage());
        assertThrows(UserError.class, () -> new ModelConfig.Field(4, 64, 2, 6, 7));
        assertThrows(UserError.class, () -> new ModelConfig.Blend(64, 128, 1.5, 0, 1));
        assertThrows(UserError.class, () -> new ModelConfig.Losses(1, 1, Double.NaN, 0, 0, 0));
        assertThrows(UserError.class, () -> new ModelConfig.Training(1e-4, 4, 4096, 0.75, 0, 0, 10, 5, 1));
        assertThrows(UserError.class, () -> new ModelConfig.Ablation(true, true, true, true, null));
        assertThrows(UserError.class, () -> new ModelConfig.Mouth(6, 128, 1, 0.5, 0.01, 100, 64, 0.1, true, false));
        assertThrows(UserError.class, () -> new ModelConfig.Mouth(-1, 128, 0.5, 0.5, 0.01, 100, 64, 0.1, true, false));
        assertThrows(UserError.class, () -> new ModelConfig.Ablation(true, false, true, true, ModelConfig.SyncLoss.OFF));
        for (Throwable t : new Throwable[] {width, skip}) assertTrue(!t.getMessage().contains("\n"));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (ModelConfig c : new ModelConfig[] {ModelConfig.FAST, ModelConfig.PAPER}) {
            assertEquals(c, json.readValue(json.writeValueAsString(c), ModelConfig.class));
        }
    }

    @Test
    void aConfigWrittenBeforeMouthShapesReadsAsTheSpeechDrivenPath() throws Exception {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(ModelConfig.FAST);
        old.remove("mouth");
        ModelConfig read = json.treeToValue(old, ModelConfig.class);
        assertEquals(ModelConfig.Mouth.OFF, read.mouth());
        assertEquals(ModelConfig.FAST.withMouth(ModelConfig.Mouth.OFF), read);
    }
}
