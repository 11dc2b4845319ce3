package org.speech2lip.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The lip-sync expert: a SyncNet in the manner of Wav2Lip, sized for a CPU. A face encoder reads
 * {@link #FRAMES} consecutive lip crops stacked on channels, an audio encoder reads the 0.2 s mel
 * window that starts with the first of them; both end in L2-normalised embeddings whose cosine
 * says how well the lips match the sound.
 *
 * <p>Inputs: {@code faces} (B, 15, h, w) in [0, 1], channel {@code 3i + c} being colour c of frame
 * i (so a (B, 5, 3, h, w) stack of consecutive frames is simply reshaped), and {@code mel}
 * (B', 1, 16, 80) as stored in {@code mel.npy} ([-4, 4]). Output: (face, audio) embeddings,
 * (B, D) and (B', D), each row of unit length. The two batch sizes may differ, so one face window
 * can be compared with several audio windows.
 *
 * <p>The embeddings end in a linear layer, not a ReLU as in Wav2Lip, so the cosine spans [-1, 1]:
 * the sync loss (paper Eq. 6) asks unsynced pairs for a cosine at or below 0.
 */
public final class SyncExpert extends AbstractBlock {
    public static final int FRAMES = 5;
    public static final int MEL_STEPS = 16, MEL_BINS = 80;
    private static final byte VERSION = 1;

    /**
     * Sizes: the lip crop (height, width) the face encoder reads, the width of its first layer
     * (later layers use 2×, 4×, 8× that) and the embedding length.
     */
    public record Config(int height, int width, int channels, int embedding) {
        public Config {
            if (height < 16 || width < 16 || channels < 1 || embedding < 1) {
                throw new IllegalArgumentException("sync expert needs crops of at least 16x16 and positive sizes: " + this);
            }
        }

        /** The default for a lip crop of the given size: 16 channels, 128-d embeddings. */
        public static Config forCrop(int height, int width) {
            return new Config(height, width, 16, 128);
        }

        /** Half as wide, for the fast CPU preset: about a third of the parameters and half the time. */
        public static Config fast(int height, int width) {
            return new Config(height, width, 8, 128);
        }
    }

    private final Config config;
    private final Block face, audio;

    public SyncExpert(Config config) {
        super(VERSION);
        this.config = config;
        int c = config.channels();
        // Faces: a strided stem, then three stride-2 stages, each followed by a residual block.
        face = addChildBlock("face", new SequentialBlock()
                .add(conv(c, 5, 2))
                .add(conv(2 * c, 3, 2)).add(residual(2 * c))
                .add(conv(4 * c, 3, 2)).add(residual(4 * c))
                .add(conv(8 * c, 3, 2)).add(residual(8 * c))
                .add(embedding(config.embedding())));
        // Mel (16 steps × 80 bins): halve the bins first, then both axes three times, down to 2 × 5.
        audio = addChildBlock("audio", new SequentialBlock()
                .add(conv(c, 3, 1, 2))
                .add(conv(2 * c, 3, 2)).add(residual(2 * c))
                .add(conv(4 * c, 3, 2)).add(residual(4 * c))
                .add(conv(8 * c, 3, 2)).add(residual(8 * c))
                .add(embedding(config.embedding())));
    }

    public Config config() {
        return config;
    }

    /** Shapes of one batch of inputs, for {@link #initialize}. */
    public Shape[] inputShapes(int batch) {
        return new Shape[] {new Shape(batch, 3 * FRAMES, config.height(), config.width()), new Shape(batch, 1, MEL_STEPS, MEL_BINS)};
    }

    /** Row-wise cosine of two batches of unit vectors, (B, D) × (B, D) → (B). */
    public static NDArray cosine(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {1});
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray f = face.forward(ps, new NDList(inputs.get(0)), training, params).singletonOrThrow();
        NDArray a = audio.forward(ps, new NDList(inputs.get(1)), training, params).singletonOrThrow();
        return new NDList(f.normalize(2, 1), a.normalize(2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), config.embedding()), new Shape(inputs[1].get(0), config.embedding())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        face.initialize(manager, dataType, inputShapes[0]);
        audio.initialize(manager, dataType, inputShapes[1]);
    }

    /** Writes the configuration and the trained parameters. */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(config.height());
        data.writeInt(config.width());
        data.writeInt(config.channels());
        data.writeInt(config.embedding());
        saveParameters(data);
        data.flush();
    }

    /** Reads an expert written by {@link #save}; its parameters belong to {@code manager}. */
    public static SyncExpert load(NDManager manager, InputStream in) throws IOException, MalformedModelException {
        DataInputStream data = new DataInputStream(in);
        SyncExpert expert = new SyncExpert(new Config(data.readInt(), data.readInt(), data.readInt(), data.readInt()));
        expert.loadParameters(manager, data);
        return expert;
    }

    private static Block conv(int filters, int kernel, int stride) {
        return conv(filters, kernel, stride, stride);
    }

    /** Convolution, batch norm, ReLU; "same" padding so only the stride changes the size. */
    private static Block conv(int filters, int kernel, int strideY, int strideX) {
        return new SequentialBlock()
                .add(new AlignedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(strideY, strideX)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false)))
                .add(BatchNorm.builder().build())
                .add(Activation::relu);
    }

    /** x + BN(conv(x)), then ReLU, as in Wav2Lip's residual convolutions. */
    private static Block residual(int filters) {
        Block branch = new SequentialBlock()
                .add(new AlignedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false)))
                .add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(sum -> new NDList(sum.get(0).singletonOrThrow().add(sum.get(1).singletonOrThrow())),
                        List.of(branch, Blocks.identityBlock())))
                .add(Activation::relu);
    }

    /** The final map keeps its layout (where in the window, when in the 0.2 s): flatten, then project. */
    private static Block embedding(int size) {
        return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(size).build());
    }
}
