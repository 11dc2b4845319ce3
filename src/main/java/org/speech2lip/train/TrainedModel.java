package org.speech2lip.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model opened for inference: its record, the subject it learned, and its networks with
 * the latest checkpoint's weights. Refuses a directory that is not a finished-enough model of this
 * format version, or whose subject directory is gone or is another subject's.
 */
public final class TrainedModel implements AutoCloseable {
    private final ModelDirectory.Meta meta;
    private final SubjectData subject;
    private final NDManager manager;
    private final ParameterStore store;
    private final Networks networks;

    private TrainedModel(ModelDirectory.Meta meta, SubjectData subject, NDManager manager, Networks networks) {
        this.meta = meta;
        this.subject = subject;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.networks = networks;
    }

    public static TrainedModel open(Path modelDir, Device device) {
        ModelDirectory dir = new ModelDirectory(modelDir);
        ModelDirectory.Meta meta = dir.read();
        if (meta.config() == null) {
            throw new UserError(modelDir + " was written by an earlier version that did not keep its configuration: train it again");
        }
        if (!Checkpoint.exists(modelDir)) {
            throw new UserError(modelDir + " has no trained weights yet (no checkpoint): run ./speech2lip train on it first");
        }
        Path subjectDir = Path.of(meta.subjectPath());
        if (!Files.isDirectory(subjectDir)) {
            throw new UserError("The subject this model learned, " + subjectDir + ", is gone: put it back there (or prepare the video again into it)");
        }
        SubjectData subject = SubjectData.open(subjectDir);
        dir.requireSubject(subject.meta());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Networks networks = Networks.build(meta.config(), subject, manager);
            Checkpoint.loadBlocks(modelDir, manager, networks.blocks());
            return new TrainedModel(meta, subject, manager, networks);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public ModelDirectory.Meta meta() {
        return meta;
    }

    public ModelConfig config() {
        return meta.config();
    }

    public SubjectData subject() {
        return subject;
    }

    public Networks networks() {
        return networks;
    }

    public NDManager manager() {
        return manager;
    }

    public ParameterStore store() {
        return store;
    }

    @Override
    public void close() {
        manager.close();
    }
}
