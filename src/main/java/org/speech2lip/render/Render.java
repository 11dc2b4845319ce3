package org.speech2lip.render;

import ai.djl.Device;
import me.tongfei.progressbar.ProgressBar;
import org.speech2lip.AtomicWrite;
import org.speech2lip.GracefulStop;
import org.speech2lip.UserError;
import org.speech2lip.data.ProgressBars;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.train.ModelDirectory;
import org.speech2lip.train.TrainedModel;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The render (SPEC §5): new speech in, the subject saying it out, at the source video's full
 * resolution and frame rate. Head motion and background come from the training video in a
 * ping-pong walk; every frame's mouth is made by {@link MouthCompositor}, after the head is turned
 * by {@link HeadTurn} when a pose offset is asked for. Frames are encoded as they are made, so memory does not depend
 * on the speech's length beyond the decoded audio itself (a few tens of MB for ten minutes).
 */
public final class Render {

    /**
     * What to render.
     *
     * @param output     the mp4 to write, or null to stream a fragmented mp4 to {@code stream}
     * @param startFrame the training frame the ping-pong walk starts at
     * @param pose       head turn added to every frame ({@link PoseOffset#NONE}: the video's own motion)
     * @param matchVoice match the speech's mel statistics to the subject's ({@link SpeechFeatures}); off for the subject's own audio
     * @param batch      frames per pass through the networks
     * @param progress   told the number of frames written after each batch (may be null)
     */
    public record Options(Path model, Path audio, Path output, int startFrame, PoseOffset pose, boolean matchVoice, Device device,
                          int batch, boolean quiet, IntConsumer progress) {
        public Options {
            if (batch < 1) throw new IllegalArgumentException("batch " + batch);
        }

        /** The defaults: start at frame 0, voice matching on, 2 frames a batch, on the CPU, no progress bar. */
        public static Options of(Path model, Path audio, Path output) {
            return new Options(model, audio, output, 0, PoseOffset.NONE, true, Device.cpu(), 2, true, null);
        }

        public Options withStartFrame(int k) {
            return new Options(model, audio, output, k, pose, matchVoice, device, batch, quiet, progress);
        }

        public Options withMatchVoice(boolean on) {
            return new Options(model, audio, output, startFrame, pose, on, device, batch, quiet, progress);
        }

        public Options withProgress(IntConsumer listener) {
            return new Options(model, audio, output, startFrame, pose, matchVoice, device, batch, quiet, listener);
        }
    }

    /** What a render did: frames, wall seconds from audio decode to the file written, and the time of each stage. */
    public record Result(int frames, double audioSeconds, double seconds, Map<String, Double> stageSeconds) {
        public double framesPerSecond() {
            return frames / seconds;
        }
    }

    private Render() {}

    /** Renders to {@code o.output()}, or to {@code stream} when the output is null. */
    public static Result run(Options o, OutputStream stream) {
        long started = System.nanoTime();
        requireReadable(o.audio());
        if (o.output() != null) requireWritableParent(o.output());
        // Ctrl-C or a kill while encoding: the hidden partial file goes too
        Thread cleanup = o.output() == null ? null : new Thread(() -> AtomicWrite.discard(AtomicWrite.partialPath(o.output())));
        if (cleanup != null) Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return render(o, stream, started);
        } finally {
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing left to undo
                }
            }
        }
    }

    private static Result render(Options o, OutputStream stream, long started) {
        StageClock clock = new StageClock();
        long t = System.nanoTime();
        float[] audio = AudioReader.readMono16k(o.audio());
        // the phone scores take seconds: they start now and run while the model and subject load
        CompletableFuture<float[][]> scored = readsPhones(o.model()) ? SpeechFeatures.scoreAhead(audio) : null;
        t = clock.lap("audio", t);
        // closed after the model: Ctrl-C waits for the current batch, then for the networks to be freed
        try (GracefulStop stop = GracefulStop.open(30); TrainedModel model = TrainedModel.open(o.model(), o.device())) {
            t = clock.lap("load", t);
            SubjectData subject = model.subject();
            if (o.startFrame() < 0 || o.startFrame() >= subject.trainFrames()) {
                throw new UserError("--start-frame " + o.startFrame() + " is outside the training frames 0.." + (subject.trainFrames() - 1)
                        + ": give a frame in that range");
            }
            SubjectMeta meta = subject.meta();
            double fps = meta.fps();
            SpeechFeatures speech = o.matchVoice() ? SpeechFeatures.matched(audio, fps, subject) : SpeechFeatures.raw(audio, fps);
            if (scored != null) speech.withPosteriors(scored);
            t = clock.lap("audio", t);
            int n = speech.frames(), width = meta.source().width(), height = meta.source().height();
            PingPong walk = new PingPong(subject.trainFrames(), o.startFrame());
            FieldLips lips = new FieldLips(model, speech);
            HeadTurn turn = o.pose().isNone() ? null : new HeadTurn(model, o.pose());
            int[] origin = {meta.crop().x(), meta.crop().y()};
            int lanes = ComputeThreads.lanes(!o.device().isGpu());
            try (BackgroundFrames backgrounds = new BackgroundFrames(subject.sourceVideo(), fps, subject.frames(), width, height);
                 ProgressBar bar = ProgressBars.create("render", n, o.quiet());
                 Lanes work = new Lanes(model, lips, lanes, clock)) {
                Mp4Writer writer = o.output() == null ? Mp4Writer.toStream(stream, width, height, fps, audio)
                        : new Mp4Writer(o.output(), width, height, fps, audio);
                try {
                    ArrayDeque<RgbImage[]> free = new ArrayDeque<>();
                    for (int from = 0; from < n; from += o.batch()) {
                        stop.check();
                        RgbImage[] images = free.isEmpty() ? blank(o.batch(), width, height) : free.pop();
                        List<Scene> scenes = new ArrayList<>();
                        for (int i = from; i < Math.min(n, from + o.batch()); i++) {
                            int k = walk.frame(i);
                            RgbImage image = images[i - from];
                            System.arraycopy(backgrounds.get(k).rgb, 0, image.rgb, 0, image.rgb.length);
                            t = clock.lap("decode", t);
                            Scene scene = new Scene(i, k, image, origin, subject.mouthWindow(k), subject.windowDepth(k), subject.canonicalToFrame(k), null);
                            scenes.add(turn == null ? scene : turn.apply(scene));
                            if (turn != null) t = clock.lap("pose", t);
                        }
                        work.submit(scenes, images);
                        // the oldest batches are written as soon as the lanes are all busy
                        while (work.full()) t = write(work.next(), writer, free, bar, o, clock);
                    }
                    while (!work.isEmpty()) t = write(work.next(), writer, free, bar, o, clock);
                    writer.close();
                    clock.lap("encode", t);
                } catch (RuntimeException e) {
                    writer.abort();
                    throw e;
                }
            }
            return new Result(n, audio.length / (double) AudioReader.SAMPLE_RATE, (System.nanoTime() - started) / 1e9, clock.seconds());
        }
    }

    /** Encodes a composed batch in order, hands its images back for reuse, reports progress; returns now. */
    private static long write(Lanes.Batch batch, Mp4Writer writer, ArrayDeque<RgbImage[]> free, ProgressBar bar, Options o, StageClock clock) {
        long t = System.nanoTime();
        for (Scene s : batch.scenes()) writer.write(s.image());
        t = clock.lap("encode", t);
        free.push(batch.images());
        bar.stepBy(batch.scenes().size());
        if (o.progress() != null) o.progress().accept(batch.scenes().get(batch.scenes().size() - 1).frame() + 1);
        return t;
    }

    private static RgbImage[] blank(int count, int width, int height) {
        RgbImage[] images = new RgbImage[count];
        for (int i = 0; i < count; i++) images[i] = new RgbImage(width, height);
        return images;
    }

    /**
     * A grid picture of training frame {@code k} under each yaw (across) and pitch (down), holes of the
     * whole crop in magenta: what the pose offsets do to this subject, before rendering with one.
     */
    public static void writePoseGrid(Path modelDir, int k, Path png, double[] yaws, double[] pitches) {
        try (TrainedModel model = TrainedModel.open(modelDir, Device.cpu())) {
            SubjectData subject = model.subject();
            if (k < 0 || k >= subject.frames()) throw new UserError("Frame " + k + " is outside 0.." + (subject.frames() - 1) + ": give a frame in that range");
            int size = subject.meta().crop().size();
            float[] depth = HeadTurn.depth(model);
            SubjectMeta.Crop c = subject.meta().crop();
            RgbImage frame;
            try (VideoReader in = VideoReader.open(subject.sourceVideo(), subject.meta().fps(), k)) {
                frame = in.next().crop(c.x(), c.y(), size, size);
            }
            PoseShift.writeGrid(png, frame, subject.camera(), depth, subject.canonicalFaceMask(), subject.canonicalToFrame(k),
                    Rect.of(size, size), yaws, pitches);
        }
    }

    /** Whether the model in {@code modelDir} reads the phonetic posteriorgram; false when it cannot be told (opening it will say why). */
    private static boolean readsPhones(Path modelDir) {
        try {
            ModelDirectory.Meta meta = new ModelDirectory(modelDir).read();
            return meta.config() != null && meta.config().audio().features().ppg();
        } catch (UserError unreadable) {
            return false;
        }
    }

    private static void requireReadable(Path audio) {
        if (!Files.exists(audio)) {
            throw new UserError("Speech file " + audio + " not found: give the path of a wav, mp3, m4a or a video with sound");
        }
        if (Files.isDirectory(audio)) {
            throw new UserError("Speech file " + audio + " is a directory: give the model directory first and the speech file after --audio");
        }
        if (!Files.isRegularFile(audio) || !Files.isReadable(audio)) {
            throw new UserError("Cannot read speech file " + audio + ": check that it is a file and you may read it");
        }
    }

    private static void requireWritableParent(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new UserError("Cannot write " + output + " (" + parent + " is a file, not a directory): choose another -o");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError("The output directory " + parent + " does not exist: create it or choose another -o");
        }
        if (!Files.isWritable(parent)) {
            throw new UserError("Cannot write " + output + " (permission denied): choose a writable output directory");
        }
        if (Files.isDirectory(output)) {
            throw new UserError("The output " + output + " is a directory: give a file name ending in .mp4");
        }
        String name = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".mp4")) {
            throw new UserError("render writes MP4 video (H.264 + AAC), not what " + output.getFileName()
                    + " names: give an output ending in .mp4 (convert it afterwards if you need another container)");
        }
    }
}
