package org.speech2lip.cli;

import org.speech2lip.UserError;
import org.speech2lip.model.Devices;
import org.speech2lip.render.PoseOffset;
import org.speech2lip.render.Render;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Make the learned subject say new speech: any audio FFmpeg reads (wav, mp3, m4a, a video's sound), any length. "
                + "The output is an MP4 (H.264 + AAC) at the source video's full resolution and 25 frames per second (the rate prepare works at, whatever the source's), as long as the audio; "
                + "head motion and background come from the training video, walked forward and back from --start-frame."})
final class RenderCommand implements Callable<Integer>, RunRecord.Recorded {

    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A model directory written by train.")
    Path model;

    @Option(names = "--audio", required = true, paramLabel = "SPEECH", description = "The speech to say.")
    Path audio;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.mp4", description = "The video to write (written under a hidden name and renamed when complete; a file already there is replaced then, as ffmpeg -y does).")
    Path out;

    @Option(names = "--stream", description = "Write a fragmented mp4 to standard output instead of a file, for piping into a player or server.")
    boolean stream;

    @Option(names = "--start-frame", defaultValue = "0", paramLabel = "K", description = "Training frame the head motion starts from (default: ${DEFAULT-VALUE}).")
    int startFrame;

    @Option(names = "--yaw", defaultValue = "0", paramLabel = "DEG", description = "Turn the head toward the image's left (negative: right), up to 15 degrees (default: ${DEFAULT-VALUE}).")
    double yaw;

    @Option(names = "--pitch", defaultValue = "0", paramLabel = "DEG", description = "Turn the head down (negative: up), up to 15 degrees (default: ${DEFAULT-VALUE}).")
    double pitch;

    @Option(names = "--roll", defaultValue = "0", paramLabel = "DEG", description = "Tilt the head clockwise (negative: anticlockwise), up to 15 degrees (default: ${DEFAULT-VALUE}).")
    double roll;

    @Option(names = "--pose-grid", paramLabel = "PNG", description = "Also write a picture of the start frame turned by yaw -15/0/15 and pitch -10/0/10, holes in magenta.")
    Path poseGrid;

    @Option(names = "--no-voice-match", description = "Feed the speech's features as they are, without matching them to the subject's voice (for the subject's own recordings).")
    boolean noVoiceMatch;

    @Option(names = "--batch", defaultValue = "2", paramLabel = "N", description = "Frames per pass through the networks (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--fps-report", description = "Print the frames per second of the whole render and of each stage.")
    boolean fpsReport;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Path recordedOutput() {
        return out;
    }

    /** The finished render's figures, for run.json. */
    private Render.Result result;

    @Override
    public java.util.Map<String, Object> recordedFacts() {
        java.util.Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("model", RunRecord.modelFacts(model));
        if (result != null) {
            facts.put("frames", result.frames());
            facts.put("speechSeconds", result.audioSeconds());
            facts.put("framesPerSecond", result.framesPerSecond());
        }
        return facts;
    }

    @Override
    public Integer call() {
        if (stream == (out != null)) throw new UserError("Give either -o OUT.mp4 or --stream (not both, not neither)");
        if (batch < 1) throw new UserError("--batch " + batch + ": give at least 1");
        // with --stream, standard output carries the video: every message goes to standard error
        PrintStream messages = stream ? System.err : System.out;
        PoseOffset pose = new PoseOffset(yaw, pitch, roll);
        threads.apply();
        if (poseGrid != null) {
            Render.writePoseGrid(model, startFrame, poseGrid, new double[] {-15, 0, 15}, new double[] {-10, 0, 10});
            messages.println("pose grid: " + poseGrid);
        }
        Render.Options options = new Render.Options(model, audio, out, startFrame, pose, !noVoiceMatch, Devices.choose(device), batch, quiet, null);
        Render.Result r;
        if (stream) {
            OutputStream video = new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
            r = Render.run(options, video);
            try {
                video.flush();
            } catch (java.io.IOException e) {
                throw new UserError("Standard output closed before the video was written (" + e.getMessage() + "): keep the reading end open", e);
            }
        } else {
            r = Render.run(options, null);
            result = r;
            messages.printf("rendered %d frames (%.1f s of speech) in %.1f s: %s%n", r.frames(), r.audioSeconds(), r.seconds(), out);
        }
        if (fpsReport) {
            messages.printf("%.1f frames per second end to end (audio decode to the file written)%n", r.framesPerSecond());
            for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
                messages.printf("  %-10s %7.2f s  %8.1f frames/s%n", e.getKey(), e.getValue(), r.frames() / Math.max(e.getValue(), 1e-9));
            }
        }
        return 0;
    }
}
