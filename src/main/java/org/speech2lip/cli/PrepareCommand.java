package org.speech2lip.cli;

import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectMeta;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Turn a talking-head video into a subject directory: 25 fps frames, 16 kHz audio, face tracks, focal length, head poses, depth, canonical frame, lip box, canonical lip crops, mel features and debug pictures (SUBJECT_DIR/debug). Format: docs/subject-format.md."})
final class PrepareCommand implements Callable<Integer>, RunRecord.Recorded {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "A video of one person talking to the camera (any format FFmpeg reads), at least 5 s; 3-5 min is best.")
    Path video;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SUBJECT_DIR", description = "Directory to write (new, empty, or an earlier subject directory).")
    Path out;

    @Option(names = "--force", description = "Prepare again even if SUBJECT_DIR already holds a finished subject of this video.")
    boolean force;

    @Option(names = "--crop", paramLabel = "x,y,size", description = "Fixed square working crop in full-frame pixels (default: chosen around the face).")
    String crop;

    @Option(names = "--tracks", paramLabel = "FILE.npy", description = {"Use these face tracks instead of the face tracker: float32 (frames, 468, 2|3), full-frame pixels, one row per 25 fps frame (synth writes its exact tracks as VIDEO.truth.landmarks.npy)."})
    Path tracks;

    @Option(names = "--threads", defaultValue = "auto", paramLabel = "N|auto",
            description = "Threads of the face models: auto (default) is 1, which measured fastest both on an idle machine and beside other busy work.")
    String threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Override
    public Path recordedOutput() {
        return out;
    }

    @Override
    public Integer call() {
        Prepare.Result r = Prepare.run(new Prepare.Options(video, out, force, crop, tracks, ThreadsOption.faceModelThreads(threads), quiet));
        SubjectMeta m = r.meta();
        if (r.skipped()) {
            System.out.println(out + " already holds this video's subject (" + m.frames() + " frames); use --force to prepare it again");
            return 0;
        }
        if (r.upgradedFrom() > 0) {
            System.out.printf("brought %s up to date in %.1f s (subject format %d to %d: phonetic features added from its audio; tracking kept)%n",
                    out, r.seconds(), r.upgradedFrom(), m.formatVersion());
            return 0;
        }
        System.out.printf("prepared %d frames in %.1f s (%.1f fps): focal %.0f px, canonical frame %d, lip box %dx%d, tracked %d, interpolated %d, missing %d%n",
                m.frames(), r.seconds(), r.framesPerSecond(), m.camera().focal(), m.canonicalFrame(), m.lipBox().w(), m.lipBox().h(),
                m.tracking().detected(), m.tracking().interpolated(), m.tracking().missing());
        System.out.printf("head-pose jitter: median %.3f°, p99 %.3f° per frame; lip-crop stability %.2f (0-255)%n",
                m.quality().poseJitterMedianDegrees(), m.quality().poseJitterP99Degrees(), m.quality().lipCropStability());
        System.out.println("subject: " + out + "   pictures: " + out.resolve("debug"));
        return 0;
    }
}
