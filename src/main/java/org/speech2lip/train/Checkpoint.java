package org.speech2lip.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A training checkpoint: the parameters of every named block, the optimiser's state and the
 * trainer's own state (step, stage, data order), in one directory {@code checkpoint/} of the model
 * directory. It is written whole into {@code checkpoint.partial/} and then swapped in by renames,
 * so a failure while writing (a full disk, a kill) leaves the previous checkpoint as it was.
 */
public final class Checkpoint {
    public static final String DIR = "checkpoint";
    private static final String STATE = "state.json";
    private static final String OPTIMIZER = "optimizer.bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /** Writes the checkpoint of {@code blocks}, {@code adam} and {@code state} under {@code modelDir}. */
    public static <S> void save(Path modelDir, Map<String, Block> blocks, Adam adam, S state) {
        Path done = modelDir.resolve(DIR), partial = modelDir.resolve(DIR + ".partial"), old = modelDir.resolve(DIR + ".old");
        try {
            FileTrees.delete(partial);
            Files.createDirectories(partial);
            for (Map.Entry<String, Block> b : blocks.entrySet()) {
                write(partial.resolve(b.getKey() + ".params"), out -> b.getValue().saveParameters(out));
            }
            write(partial.resolve(OPTIMIZER), adam::save);
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.resolve(STATE).toFile(), state);
            FileTrees.delete(old);
            if (Files.exists(done)) Files.move(done, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.delete(old);
        } catch (IOException e) {
            try {
                FileTrees.delete(partial);
                if (!Files.exists(done) && Files.exists(old)) Files.move(old, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException ignored) {
                // the error below is what the user needs; the old checkpoint is still under checkpoint.old
            }
            throw AtomicWrite.writeError(done, e);
        }
    }

    public static boolean exists(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(DIR).resolve(STATE))
                || Files.isRegularFile(modelDir.resolve(DIR + ".old").resolve(STATE));
    }

    /**
     * Loads parameters into {@code blocks} (already initialised with the same shapes) and the
     * optimiser state into {@code adam}; returns the trainer state.
     */
    public static <S> S load(Path modelDir, NDManager manager, Map<String, Block> blocks, Adam adam, Class<S> stateType) {
        Path dir = latest(modelDir);
        try {
            loadParameters(dir, manager, blocks);
            for (Block b : blocks.values()) {
                // loading replaces the arrays: the learnable ones need their gradient back (not batch-norm statistics)
                for (Pair<String, Parameter> p : b.getParameters()) {
                    if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
                }
            }
            try (DataInputStream in = data(dir.resolve(OPTIMIZER))) {
                adam.load(in);
            }
            return JSON.readValue(dir.resolve(STATE).toFile(), stateType);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new UserError("Cannot resume from " + dir + " (" + e.getMessage()
                    + "): delete the model directory to start over, or check it belongs to this program version", e);
        }
    }

    /** Loads the latest checkpoint's parameters into {@code blocks} (already initialised with the same shapes), for inference. */
    public static void loadBlocks(Path modelDir, NDManager manager, Map<String, Block> blocks) {
        Path dir = latest(modelDir);
        try {
            loadParameters(dir, manager, blocks);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new UserError("Cannot read the trained networks in " + dir + " (" + e.getMessage()
                    + "): train the model again, or check it belongs to this program version", e);
        }
    }

    /** The complete checkpoint: checkpoint/, or checkpoint.old/ when a crash between the two renames of save() left only that. */
    private static Path latest(Path modelDir) {
        Path dir = modelDir.resolve(DIR);
        return Files.isRegularFile(dir.resolve(STATE)) ? dir : modelDir.resolve(DIR + ".old");
    }

    private static void loadParameters(Path dir, NDManager manager, Map<String, Block> blocks)
            throws IOException, ai.djl.MalformedModelException {
        for (Map.Entry<String, Block> b : blocks.entrySet()) {
            try (DataInputStream in = data(dir.resolve(b.getKey() + ".params"))) {
                b.getValue().loadParameters(manager, in);
            }
        }
    }

    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static void write(Path file, Body body) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            body.writeTo(out);
        }
    }

    private static DataInputStream data(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in));
    }

}
