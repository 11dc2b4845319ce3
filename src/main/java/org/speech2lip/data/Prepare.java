package org.speech2lip.data;

import me.tongfei.progressbar.ProgressBar;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.face.Detection;
import org.speech2lip.face.FaceTrackResult;
import org.speech2lip.face.FaceTracker;
import org.speech2lip.face.Landmarks;
import org.speech2lip.face.ModelStore;
import org.speech2lip.face.WorkingCrop;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.CanonicalFrame;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.FocalSearch;
import org.speech2lip.geometry.HeadPoseStats;
import org.speech2lip.geometry.LipBox;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.PoseSolver;
import org.speech2lip.geometry.Rect;
import org.speech2lip.geometry.ViewWarp;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.LogMel;
import org.speech2lip.media.PhoneticPosteriorgram;
import org.speech2lip.media.MediaInfo;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepare stage: a talking-head video in, a subject directory out (docs/subject-format.md).
 *
 * <p>Three passes over the decoded frames: (A) sparse face detection to choose the working crop,
 * (B) face-mesh tracking inside the crop, then geometry on the tracks (focal length, poses, canonical
 * frame, lip box, depth), and (C) the per-frame canonical lip crops, mouth-window depth and the
 * tracking video. Decoding runs on its own thread so it overlaps with the work.
 */
public final class Prepare {
    public static final double FPS = 25.0;
    public static final double MIN_SECONDS = 5.0;
    /** A soundtrack needs this much sound above {@link #SOUNDING_DBFS}; quiet room tone sits far below it. */
    static final double MIN_SOUNDING_SECONDS = 1.0;
    static final double SOUNDING_DBFS = -50;
    /** First 90 % of frames train, the rest test (paper §5.1). */
    public static final double TRAIN_FRACTION = 0.9;
    /** Pass A looks for faces in every n-th frame; enough to place a crop around a talking head. */
    private static final int DETECT_EVERY = 10;
    /** Frames used by the focal-length search; more add time and little accuracy. */
    private static final int FOCAL_SAMPLES = 40;
    private static final int CONTACT_SHEET_FRAMES = 12;
    private static final int LIP_STRIP_FRAMES = 32;

    /**
     * What to prepare and how. {@code crop} is "x,y,size" or null for automatic; {@code tracks}, when
     * not null, is an .npy of (frames, 468, 2 or 3) full-frame landmark positions used instead of the
     * face tracker (e.g. the synthetic subject's exact ground truth).
     */
    public record Options(Path video, Path out, boolean force, String crop, Path tracks, int threads, boolean quiet) {
        public Options {
            if (threads < 1) throw new UserError("--threads must be at least 1");
        }

        public Options(Path video, Path out, boolean force, int threads, boolean quiet) {
            this(video, out, force, null, null, threads, quiet);
        }
    }

    /**
     * What happened: the metadata written (or found), whether it was skipped, the format version a
     * directory was brought up to date from (0 if it was not), and timings.
     */
    public record Result(SubjectMeta meta, boolean skipped, int upgradedFrom, double seconds, Map<String, Double> stageSeconds) {
        public double framesPerSecond() {
            return meta.frames() / seconds;
        }
    }

    private final Options opt;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private long stageStart;

    private Prepare(Options opt) {
        this.opt = opt;
    }

    /** Runs prepare; a failed run removes the output directory if it made it, so no stray half-subject is left. */
    public static Result run(Options opt) {
        return FileTrees.removedOnFailure(opt.out(), FileTrees::always, () -> new Prepare(opt).run());
    }

    private Result run() {
        long t0 = System.nanoTime();
        MediaInfo info = checkInput(opt.video());
        SubjectDirectory dir = new SubjectDirectory(opt.out());
        String sha = sha256(opt.video());
        if (dir.isComplete() && !opt.force()) {
            SubjectMeta old = dir.readMetaOfAnyVersion();
            if (!sha.equals(old.source().sha256())) {
                throw new UserError(opt.out() + " was prepared from another video (" + old.source().path()
                        + "): use --force to replace it, or choose another output directory");
            }
            if (old.formatVersion() >= Versions.SUBJECT_FORMAT_UPGRADABLE && old.formatVersion() < Versions.SUBJECT_FORMAT) {
                return upgrade(dir, old, t0);
            }
            if (old.formatVersion() != Versions.SUBJECT_FORMAT) dir.readMeta();   // refuses it in one line
            return new Result(old, true, 0, (System.nanoTime() - t0) / 1e9, Map.of());
        }
        startStage();
        float[] audio = AudioReader.readMono16k(opt.video());
        requireSpeech(opt.video().getFileName().toString(), audio);
        dir.claim();

        String ext = extension(opt.video());
        copySource(opt.video(), dir.file("source" + ext));
        AudioReader.writeWav16(dir.file(SubjectDirectory.AUDIO), audio, AudioReader.SAMPLE_RATE);
        endStage("audio");

        ModelStore models = ModelStore.standard();
        CanonicalFaceModel faceModel = CanonicalFaceModel.load(models.path(ModelStore.Model.FACE_GEOMETRY));
        Path source = dir.file("source" + ext);

        WorkingCrop crop;
        int frames;
        float[][] raw;
        int checked = 0, twoFaces = 0;
        boolean trackerDepth = opt.tracks() == null;
        if (opt.tracks() != null) {
            float[][] given = GivenTracks.read(opt.tracks(), info);
            crop = opt.crop() != null ? WorkingCrop.parse(opt.crop(), info.width(), info.height())
                    : WorkingCrop.choose(GivenTracks.faceBoxes(given), info.width(), info.height());
            raw = GivenTracks.toCrop(given, crop);
        } else {
            try (FaceTracker tracker = new FaceTracker(models, opt.threads())) {
                crop = opt.crop() != null ? WorkingCrop.parse(opt.crop(), info.width(), info.height())
                        : chooseCrop(source, tracker, info);
                endStage("crop");
                raw = track(source, tracker, crop, info);
                checked = tracker.framesChecked();
                twoFaces = tracker.framesWithSecondFace();
            }
        }
        frames = raw.length;
        FaceTrackResult tracks = FaceTrackResult.of(raw, FPS, checked, twoFaces);
        tracks.requireUsable(opt.video().getFileName().toString());
        float[][] lm = holdNearest(tracks.landmarks());
        endStage("track");

        int s = crop.size();
        // given tracks carry no relative depth: fit their 2-D positions only
        PoseSolver solver = trackerDepth ? new PoseSolver(faceModel) : new PoseSolver(faceModel, 0, 1);
        double focal = FocalSearch.search(faceModel, sample(lm, tracks.flags(), FOCAL_SAMPLES), info.width(), info.height(), crop.x(), crop.y());
        Camera cam = Camera.centred(focal, info.width(), info.height()).shifted(crop.x(), crop.y());
        Pose[] poses = new Pose[frames];
        double rmsSum = 0;
        Pose prev = null;
        for (int k = 0; k < frames; k++) {
            PoseSolver.Fit fit = solver.solve(cam, lm[k], prev);
            poses[k] = fit.pose();
            rmsSum += fit.rmsPixels();
            prev = fit.pose();
        }
        int train = (int) Math.round(frames * TRAIN_FRACTION);
        // the canonical frame is a reference the model trains against, so it must not be a test frame
        boolean[] valid = new boolean[frames];
        for (int k = 0; k < train; k++) valid[k] = tracks.flags()[k] != FaceTrackResult.MISSING;
        int canonical = CanonicalFrame.choose(poses, lm, valid);
        LipBox lips = LipBox.compute(faceModel, cam, lm[canonical], poses[canonical], poses, s, s);
        FaceGeometry geometry = new FaceGeometry(faceModel);
        float[] faceDepth = geometry.depthMap(cam, poses[canonical], lm[canonical], s, s);
        float[] canonicalDepth = FaceGeometry.fillOutside(faceDepth, s, s);
        endStage("geometry");

        Rect box = lips.lipBox();
        byte[] lipCrops = new byte[frames * box.w() * box.h() * 3];
        byte[] lipValid = new byte[frames * box.w() * box.h()];
        List<BufferedImage> sheet = new ArrayList<>();
        RgbImage canonicalFrame = null;
        Path overlay = dir.file(SubjectDirectory.DEBUG + "/tracking.mp4");
        try (FramePrefetcher in = new FramePrefetcher(source, FPS);
             Mp4Writer video = new Mp4Writer(overlay, s, s, FPS, audio);
             ProgressBar bar = progress("canonical lips", frames)) {
            try {
                for (int k = 0; k < frames; k++) {
                    RgbImage frame = in.next();
                    if (frame == null) {
                        throw new UserError(opt.video().getFileName() + " has fewer frames than its tracks (" + frames
                                + "): give tracks with one row per 25 fps frame, or re-encode the video (e.g. to H.264 mp4)");
                    }
                    RgbImage work = frame.crop(crop.x(), crop.y(), s, s);
                    if (k == canonical) canonicalFrame = work;
                    Pose tCo = Pose.relative(poses[canonical], poses[k]);
                    ViewWarp.Warped w = ViewWarp.o2c(work, cam, canonicalDepth, s, s, tCo, box);
                    System.arraycopy(w.image().rgb, 0, lipCrops, k * box.w() * box.h() * 3, box.w() * box.h() * 3);
                    for (int i = 0; i < w.valid().length; i++) lipValid[k * box.w() * box.h() + i] = (byte) (w.valid()[i] ? 1 : 0);
                    String caption = String.format("%d  %s", k, flagName(tracks.flags()[k]));
                    BufferedImage drawn = PreparePictures.overlay(work, lm[k], poses[k], cam, caption);
                    video.write(RgbImage.fromBufferedImage(drawn));
                    if (sheet.size() < CONTACT_SHEET_FRAMES && k % Math.max(1, frames / CONTACT_SHEET_FRAMES) == 0) sheet.add(drawn);
                    bar.step();
                }
            } catch (RuntimeException e) {
                video.abort();
                throw e;
            }
        }
        endStage("canonical lips");

        float[][] mel = LogMel.compute(audio);
        float[][][] windows = LogMel.windowsPerFrame(mel, frames, FPS);
        endStage("mel");
        float[][] ppg = phoneticFeatures(audio, frames);
        endStage("phonetic features");

        // arrays, then pictures, then meta.json last
        SubjectArrays arrays = new SubjectArrays(dir);
        arrays.floats("landmarks", SubjectArrays.flatten(lm), "face-mesh points per frame, working-crop pixels", frames, CanonicalFaceModel.VERTICES, 3);
        arrays.bytes("track_flags", tracks.flags(), "0 tracked, 1 interpolated, 2 missing", frames);
        float[] poseFlat = new float[frames * 16];
        for (int k = 0; k < frames; k++) System.arraycopy(poses[k].toMatrix4(), 0, poseFlat, k * 16, 16);
        arrays.floats("poses", poseFlat, "head pose, head-model cm to camera cm", frames, 4, 4);
        arrays.floats("canonical_depth", canonicalDepth, "canonical frame depth over the whole head, cm", s, s);
        byte[] mask = new byte[s * s];
        for (int i = 0; i < mask.length; i++) mask[i] = (byte) (Float.isNaN(faceDepth[i]) ? 0 : 1);
        arrays.bytes("canonical_face_mask", mask, "1 where the face mesh covers the canonical frame", s, s);
        int[] origins = new int[frames * 2];
        for (int k = 0; k < frames; k++) {
            origins[2 * k] = lips.windowOrigins()[2 * k];
            origins[2 * k + 1] = lips.windowOrigins()[2 * k + 1];
        }
        arrays.ints("window_origins", origins, "top-left x, y of the mouth window", frames, 2);
        arrays.bytes("lip_crops", lipCrops, "canonical-view lip crop of every frame (O2C), RGB", frames, box.h(), box.w(), 3);
        arrays.bytes("lip_valid", lipValid, "1 where the O2C sample was valid", frames, box.h(), box.w());
        float[] opening = new float[frames];
        for (int k = 0; k < frames; k++) opening[k] = (float) CanonicalFrame.mouthOpening(lm[k]);
        arrays.floats("mouth_opening", opening, "inner-lip gap over mouth width", frames);
        arrays.floats("mel", SubjectArrays.flatten(windows), "log-mel window per frame, [-4, 4]", frames, 16, 80);
        writePhoneticFeatures(arrays, ppg);

        double stability = LipStability.meanOutsideLips(lipCrops, lipValid, frames, box, lm[canonical], canonical);
        writePictures(dir, sheet, canonicalFrame, faceDepth, lips, canonical, lipCrops, box, frames);
        endStage("write");

        HeadPoseStats jitter = HeadPoseStats.of(poses);
        SubjectMeta meta = new SubjectMeta(SubjectMeta.FORMAT, Versions.SUBJECT_FORMAT, "speech2lip " + Versions.PROJECT,
                Instant.now().toString(),
                new SubjectMeta.Source(opt.video().toString(), sha, info.width(), info.height(), info.fps(), info.durationSeconds()),
                FPS, frames,
                new SubjectMeta.Crop(crop.x(), crop.y(), crop.size()),
                new SubjectMeta.CameraInfo(focal, cam.cx(), cam.cy()),
                canonical,
                new SubjectMeta.Box(box.x(), box.y(), box.w(), box.h()),
                new SubjectMeta.Size(lips.windowW(), lips.windowH()),
                new SubjectMeta.Split(train, frames - train),
                new SubjectMeta.AudioInfo(AudioReader.SAMPLE_RATE, audio.length, LogMel.N_MELS, 16, LogMel.MEL_FRAMES_PER_SECOND),
                new SubjectMeta.Tracking(tracks.summary().detected(), tracks.summary().interpolated(), tracks.summary().missing(), rmsSum / frames),
                new SubjectMeta.Quality(jitter.medianDegrees(), jitter.p99Degrees(), stability),
                arrays.written());
        dir.writeMeta(meta);
        return new Result(meta, false, 0, (System.nanoTime() - t0) / 1e9, stageSeconds);
    }

    /** The subject's phonetic posteriorgram, one row of phone probabilities per 25 fps frame. */
    private static float[][] phoneticFeatures(float[] audio, int frames) {
        PhoneticPosteriorgram ppg = PhoneticPosteriorgram.shared();
        return PhoneticPosteriorgram.perVideoFrame(ppg.compute(audio), frames, FPS);
    }

    private static void writePhoneticFeatures(SubjectArrays arrays, float[][] ppg) {
        arrays.floats("ppg", SubjectArrays.flatten(ppg), "phonetic posteriors per frame (Sphinx4 en-us phones), rows sum to 1",
                ppg.length, PhoneticPosteriorgram.PHONES);
    }

    /**
     * Brings a directory of an older format up to date in place: what the newer format adds is
     * computed from the subject's own audio.wav; the tracking, geometry and crops are kept.
     */
    private Result upgrade(SubjectDirectory dir, SubjectMeta old, long t0) {
        startStage();
        float[] audio = AudioReader.readMono16k(dir.file(SubjectDirectory.AUDIO));
        SubjectArrays arrays = new SubjectArrays(dir);
        writePhoneticFeatures(arrays, phoneticFeatures(audio, old.frames()));
        endStage("phonetic features");
        Map<String, SubjectMeta.ArrayInfo> all = new LinkedHashMap<>(old.arrays());
        all.putAll(arrays.written());
        SubjectMeta meta = old.upgraded(Versions.SUBJECT_FORMAT, all);
        dir.writeMeta(meta);
        return new Result(meta, false, old.formatVersion(), (System.nanoTime() - t0) / 1e9, stageSeconds);
    }

    // --- input checks -------------------------------------------------------------------------

    static MediaInfo checkInput(Path video) {
        if (!Files.exists(video)) throw new UserError("Video not found: " + video + ": check the path");
        if (Files.isDirectory(video)) throw new UserError(video + " is a directory: give a video file");
        MediaInfo info = MediaInfo.probe(video);
        String name = video.getFileName().toString();
        if (!info.hasVideo()) throw new UserError(name + " has no video stream (audio only?): give a video of the speaker facing the camera");
        if (info.stillImage()) throw new UserError(name + " is a still picture, not a video: give a video of the speaker talking, with sound");
        if (!info.hasAudio()) throw new UserError(name + " has no audio track: give a video with the speaker's voice");
        if (info.durationSeconds() < MIN_SECONDS) {
            throw new UserError(String.format("%s is only %.1f s long: give at least %.0f s (ideally 3-5 min) of the speaker talking",
                    name, info.durationSeconds(), MIN_SECONDS));
        }
        return info;
    }

    /**
     * Refuses a soundtrack with less than {@link #MIN_SOUNDING_SECONDS} above {@link #SOUNDING_DBFS}:
     * the lips are learned from the speech, so a silent (or muted) clip would teach nothing.
     */
    static void requireSpeech(String name, float[] mono16k) {
        double seconds = soundingSeconds(mono16k);
        if (seconds < MIN_SOUNDING_SECONDS) {
            throw new UserError(String.format("%s's audio track is silent (%.1f s above %.0f dBFS): give a clip where the speaker is heard talking",
                    name, seconds, SOUNDING_DBFS));
        }
    }

    /** Seconds of 40 ms blocks whose RMS level is above {@link #SOUNDING_DBFS}. */
    static double soundingSeconds(float[] mono16k) {
        int block = AudioReader.SAMPLE_RATE / 25, loud = 0;
        double threshold = Math.pow(10, SOUNDING_DBFS / 20);
        for (int start = 0; start + block <= mono16k.length; start += block) {
            double sum = 0;
            for (int i = start; i < start + block; i++) sum += mono16k[i] * mono16k[i];
            if (Math.sqrt(sum / block) > threshold) loud++;
        }
        return loud / 25.0;
    }

    // --- passes A and B -----------------------------------------------------------------------

    private WorkingCrop chooseCrop(Path source, FaceTracker tracker, MediaInfo info) {
        List<Detection> found = new ArrayList<>();
        int estimate = (int) Math.round(info.durationSeconds() * FPS);
        try (FramePrefetcher in = new FramePrefetcher(source, FPS); ProgressBar bar = progress("finding the face", estimate)) {
            RgbImage f;
            for (int k = 0; (f = in.next()) != null; k++) {
                if (k % DETECT_EVERY == 0) found.addAll(tracker.detect(f));
                bar.step();
            }
            bar.maxHint(bar.getCurrent());
        }
        if (found.isEmpty()) {
            throw new UserError("No face found in " + opt.video().getFileName() + ": give a clip where one face looks at the camera");
        }
        return WorkingCrop.choose(found, info.width(), info.height());
    }

    private float[][] track(Path source, FaceTracker tracker, WorkingCrop crop, MediaInfo info) {
        List<float[]> out = new ArrayList<>();
        int estimate = (int) Math.round(info.durationSeconds() * FPS);
        try (FramePrefetcher in = new FramePrefetcher(source, FPS); ProgressBar bar = progress("tracking", estimate)) {
            RgbImage f;
            while ((f = in.next()) != null) {
                Landmarks l = tracker.track(f.crop(crop.x(), crop.y(), crop.size(), crop.size()));
                out.add(l == null ? null : l.xyz());
                bar.step();
            }
            bar.maxHint(out.size());
        }
        return out.toArray(new float[0][]);
    }

    /** Frames still without a face (too long a gap to interpolate) take the nearest tracked frame's points. */
    static float[][] holdNearest(float[][] lm) {
        float[][] out = lm.clone();
        for (int k = 0; k < lm.length; k++) {
            for (int d = 1; out[k] == null && d < lm.length; d++) {
                if (k - d >= 0 && lm[k - d] != null) out[k] = lm[k - d];
                else if (k + d < lm.length && lm[k + d] != null) out[k] = lm[k + d];
            }
        }
        return out;
    }

    private static List<float[]> sample(float[][] lm, byte[] flags, int n) {
        List<float[]> tracked = new ArrayList<>();
        for (int k = 0; k < lm.length; k++) if (flags[k] == 0) tracked.add(lm[k]);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, tracked.size()); i++) out.add(tracked.get((int) ((long) i * tracked.size() / Math.min(n, tracked.size()))));
        return out;
    }

    // --- outputs ------------------------------------------------------------------------------

    private void writePictures(SubjectDirectory dir, List<BufferedImage> sheet, RgbImage canonicalFrame, float[] faceDepth,
                               LipBox lips, int canonical, byte[] lipCrops, Rect box, int frames) {
        Path debug = dir.file(SubjectDirectory.DEBUG);
        PreparePictures.writePng(PreparePictures.grid(sheet, 4, Math.min(384, canonicalFrame.width)), debug.resolve("contact_sheet.png"));
        Rect win = lips.window(canonical);
        PreparePictures.writePng(PreparePictures.canonical(canonicalFrame, faceDepth,
                new SubjectMeta.Box(box.x(), box.y(), box.w(), box.h()), new SubjectMeta.Box(win.x(), win.y(), win.w(), win.h())),
                debug.resolve("canonical.png"));
        List<BufferedImage> strip = new ArrayList<>();
        int n = Math.min(LIP_STRIP_FRAMES, frames);
        for (int i = 0; i < n; i++) {
            int k = (int) ((long) i * frames / n);
            byte[] one = new byte[box.w() * box.h() * 3];
            System.arraycopy(lipCrops, k * one.length, one, 0, one.length);
            strip.add(new RgbImage(box.w(), box.h(), one).toBufferedImage());
        }
        PreparePictures.writePng(PreparePictures.grid(strip, 8, box.w()), debug.resolve("lip_strip.png"));
    }

    private static String flagName(byte flag) {
        return switch (flag) {
            case 0 -> "tracked";
            case 1 -> "interpolated";
            default -> "missing";
        };
    }

    private ProgressBar progress(String task, int max) {
        return ProgressBars.create(task, max, opt.quiet());
    }

    private void startStage() {
        stageStart = System.nanoTime();
    }

    private void endStage(String name) {
        long now = System.nanoTime();
        stageSeconds.merge(name, (now - stageStart) / 1e9, Double::sum);
        stageStart = now;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot).toLowerCase() : ".video";
    }

    private static void copySource(Path from, Path to) {
        AtomicWrite.write(to, out -> Files.copy(from, out));
    }

    /** The SHA-256 of a file's bytes, in hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + " (" + e.getMessage() + "): check the file", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
