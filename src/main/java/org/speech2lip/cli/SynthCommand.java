package org.speech2lip.cli;

import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Render the built-in synthetic speaker: a shaded 3-D head saying formant-synthesised syllables, with a known focal length and head motion. Writes VIDEO.mp4 and its exact ground truth beside it (VIDEO.truth.json: focal, per-frame pose and mouth opening; VIDEO.truth.landmarks.npy: projected mesh, usable as prepare --tracks)."})
final class SynthCommand implements Callable<Integer>, RunRecord.Recorded {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "VIDEO.mp4", description = "The video to write.")
    Path out;

    @Option(names = "--size", defaultValue = "256", description = "Frame width and height in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of the clip (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the speech and head motion; another seed says another sentence (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--two-faces", description = "Render a second head beside the speaker (a bad input for prepare).")
    boolean twoFaces;

    @Option(names = "--face-leaves", description = "Move the head out of the frame for most of the clip (a bad input for prepare).")
    boolean faceLeaves;

    @Override
    public Path recordedOutput() {
        return out;
    }

    @Override
    public Integer call() {
        Path parent = out.toAbsolutePath().getParent();
        org.speech2lip.AtomicWrite.createDirectories(parent);
        SynthSpec spec = SynthSpec.DEFAULT.withSize(size, size).withSeconds(seconds).withSeed(seed)
                .withSecondFace(twoFaces).withExitFrame(faceLeaves);
        GroundTruth truth = SynthSubject.generate(spec, out, false);
        System.out.printf("wrote %s: %d frames %dx%d, focal %.1f px, says \"%s\"%n",
                out, truth.frames(), truth.width(), truth.height(), truth.focal(), truth.text());
        System.out.println("ground truth: " + GroundTruth.jsonPath(out));
        return 0;
    }
}
