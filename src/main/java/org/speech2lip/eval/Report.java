package org.speech2lip.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;
import org.speech2lip.train.ModelDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The files of an evaluation: {@code metrics.json} (one object per method, the means of every
 * score over the test split), {@code report.md} (the same as a table, with the model and subject it
 * is about), {@code mouth_psnr.png} (mouth PSNR of each test frame, per method) and
 * {@code mouth_opening.png} (the mouth opening over time of the real frames, the model and retrieval).
 */
public final class Report {
    private Report() {}

    /** Means per method, in the order of {@code scores}. */
    public static Map<String, Map<String, Double>> means(HeldOutScores.Scores all) {
        Map<String, HeldOutScores.Frames> scores = all.frames();
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        double[] realOpening = scores.get("real").opening(), realSpreading = scores.get("real").spreading();
        scores.forEach((method, f) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            if (!method.equals("real")) {
                m.put("mouthPsnr", HeldOutScores.mean(f.mouthPsnr()));
                m.put("mouthSsim", HeldOutScores.mean(f.mouthSsim()));
                m.put("framePsnr", HeldOutScores.mean(f.framePsnr()));
                m.put("frameSsim", HeldOutScores.mean(f.frameSsim()));
                m.put("lmd", HeldOutScores.mean(f.lmd()));
                MouthMotion motion = MouthMotion.of(f.opening(), f.spreading(), realOpening, realSpreading);
                m.put("openingCorrelation", motion.openingR());
                m.put("openingBestLag", (double) motion.bestLag());
                m.put("openingCorrelationAtBestLag", motion.openingRAtLag());
                m.put("spreadingCorrelation", motion.spreadingR());
                m.put("openingSpreadRatio", motion.spreadRatio());
            }
            m.put("openingJitter", MouthMotion.jitter(f.opening()));
            m.put("mouthCpbd", HeldOutScores.mean(f.mouthCpbd()));
            SyncJudge.Verdict v = all.sync().get(method);
            if (v != null) {
                m.put("syncConfidence", v.confidence());
                m.put("syncOffset", (double) v.offset());
                m.put("syncMinDistance", v.minDistance());
            }
            out.put(method, m);
        });
        return out;
    }

    /**
     * Version of metrics.json; 2: crossIdentity is a list, one entry per driving speech; 3: mouth
     * motion figures per method and the silence check.
     */
    public static final int FORMAT_VERSION = 3;

    /**
     * Another speaker's speech, the judge's verdict on each method driven by it ({@code eval --audio})
     * and, when the speech showed its speaker, each method's mouth motion against theirs (else empty).
     */
    public record Cross(Path speech, Map<String, SyncJudge.Verdict> sync, Map<String, MouthMotion> motion) {}

    /** Writes metrics.json, report.md and the plots into {@code dir} (created if needed), each atomically. */
    public static void write(Path dir, Path modelDir, ModelDirectory.Meta model, HeldOutScores.Scores all, String judge, List<Cross> cross,
                             SilenceCheck silence) {
        Map<String, HeldOutScores.Frames> scores = all.frames();
        AtomicWrite.createDirectories(dir);
        Map<String, Map<String, Double>> means = means(all);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "speech2lip-eval");
        json.put("formatVersion", FORMAT_VERSION);
        json.put("model", modelDir.toAbsolutePath().toString());
        json.put("subject", model.subjectPath());
        json.put("preset", model.config().name());
        json.put("testFrames", scores.get("real").mouthCpbd().length);
        json.put("syncJudge", judge);
        json.put("methods", means);
        Map<String, Object> quiet = new LinkedHashMap<>();
        quiet.put("seconds", silence.seconds());
        quiet.put("replayCorrelation", silence.replayR());
        quiet.put("meanOpening", silence.meanOpening());
        quiet.put("restFraction", silence.restFraction());
        json.put("silence", quiet);
        List<Object> driven = new ArrayList<>();
        for (Cross one : cross) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("speech", one.speech().toAbsolutePath().toString());
            Map<String, Object> methods = new LinkedHashMap<>();
            one.sync().forEach((method, v) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("syncConfidence", v.confidence());
                m.put("syncOffset", v.offset());
                m.put("syncMinDistance", v.minDistance());
                MouthMotion motion = one.motion().get(method);
                if (motion != null) {
                    m.put("speakerOpeningCorrelation", motion.openingR());
                    m.put("speakerOpeningBestLag", motion.bestLag());
                    m.put("speakerOpeningCorrelationAtBestLag", motion.openingRAtLag());
                    m.put("speakerSpreadingCorrelation", motion.spreadingR());
                }
                methods.put(method, m);
            });
            c.put("methods", methods);
            driven.add(c);
        }
        json.put("crossIdentity", driven);
        try {
            byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
            AtomicWrite.write(dir.resolve("metrics.json"), bytes);
        } catch (IOException e) {
            throw new UserError("Cannot write " + dir.resolve("metrics.json") + " (" + e.getMessage() + "): choose a writable directory", e);
        }
        String md = table(modelDir, model, means, scores.get("real").mouthCpbd().length, judge) + silenceLine(silence)
                + (cross.isEmpty() ? "" : crossTable(cross));
        AtomicWrite.write(dir.resolve("report.md"), md.getBytes(StandardCharsets.UTF_8));
        plot(dir.resolve("mouth_psnr.png"), "Mouth PSNR per test frame", "dB", scores, HeldOutScores.Frames::mouthPsnr, false);
        plot(dir.resolve("mouth_opening.png"), "Mouth opening (inner-lip gap / mouth width) over the test split", "opening", scores,
                HeldOutScores.Frames::opening, true);
    }

    public static String table(Path modelDir, ModelDirectory.Meta model, Map<String, Map<String, Double>> means, int frames, String judge) {
        StringBuilder s = new StringBuilder("# Evaluation on the held-out test split\n\n");
        s.append("- model: `").append(modelDir).append("` (preset `").append(model.config().name()).append("`)\n");
        s.append("- subject: `").append(model.subjectPath()).append("`, ").append(frames).append(" test frames, its own audio, backgrounds and poses\n");
        s.append("- metrics: see docs/metrics.md; means over the test frames; mouth = the frame's mouth window\n");
        s.append("- sync judge: ").append(judge).append("\n\n");
        s.append("| method | mouth PSNR (dB) | mouth SSIM | frame PSNR (dB) | frame SSIM | LMD (px) | sync conf. | sync offset | mouth CPBD |\n|---|---|---|---|---|---|---|---|---|\n");
        means.forEach((method, m) -> s.append("| ").append(method).append(" | ")
                .append(cell(m.get("mouthPsnr"), "%.2f")).append(" | ").append(cell(m.get("mouthSsim"), "%.4f")).append(" | ")
                .append(cell(m.get("framePsnr"), "%.2f")).append(" | ").append(cell(m.get("frameSsim"), "%.4f")).append(" | ")
                .append(cell(m.get("lmd"), "%.2f")).append(" | ")
                .append(sync(m.get("syncConfidence"), "%.3f")).append(" | ").append(sync(m.get("syncOffset"), "%+.0f")).append(" | ")
                .append(cell(m.get("mouthCpbd"), "%.3f")).append(" |\n"));
        s.append("\nMouth motion against the real frames, from MediaPipe landmarks tracked on each (opening: inner-lip gap over mouth width; ")
                .append("spreading: mouth width over face width; best lag within ±3 frames, positive when the real mouth trails):\n\n");
        s.append("| method | opening r | best lag (r there) | spreading r | opening spread ÷ real | jitter |\n|---|---|---|---|---|---|\n");
        means.forEach((method, m) -> s.append("| ").append(method).append(" | ")
                .append(cell(m.get("openingCorrelation"), "%.3f")).append(" | ")
                .append(m.get("openingBestLag") == null ? "(ground truth)" : String.format("%+.0f (%s)", m.get("openingBestLag"),
                        cell(m.get("openingCorrelationAtBestLag"), "%.3f"))).append(" | ")
                .append(cell(m.get("spreadingCorrelation"), "%.3f")).append(" | ").append(cell(m.get("openingSpreadRatio"), "%.2f")).append(" | ")
                .append(String.format("%.4f", m.get("openingJitter"))).append(" |\n"));
        return s.toString();
    }

    /** The silence check's paragraph of the report. */
    public static String silenceLine(SilenceCheck s) {
        return String.format("%n## Silence%n%n%.0f s of digital silence over the ping-pong walk: the model's mouth opening averages %.3f, "
                + "%.2f of the way from the subject's closed (10th percentile) to open (90th percentile) mouth; "
                + "its correlation with the background frames' own opening (replay of their speech) is r = %.3f.%n",
                s.seconds(), s.meanOpening(), s.restFraction(), s.replayR());
    }

    /** The cross-identity section of the report: sync only, there is no ground truth. One row per driving speech. */
    public static String crossTable(List<Cross> cross) {
        StringBuilder s = new StringBuilder("\n## Driven by other speakers\n\n");
        s.append("Voice-matched speech, ping-pong backgrounds from the training split. Each cell is the judge's confidence and, in brackets, ")
                .append("its offset in frames; when the speech is a video of its speaker, then the r of the mouth opening with the speaker's own ")
                .append("at the best lag within ±3 frames (that lag), and the spreading's r.\n\n");
        List<String> methods = new ArrayList<>(cross.get(0).sync().keySet());
        s.append("| speech |");
        methods.forEach(m -> s.append(' ').append(m).append(" |"));
        s.append("\n|---|").append("---|".repeat(methods.size())).append('\n');
        for (Cross one : cross) {
            s.append("| `").append(one.speech().getFileName()).append("` |");
            for (String m : methods) {
                SyncJudge.Verdict v = one.sync().get(m);
                MouthMotion motion = one.motion().get(m);
                s.append(String.format(" %.3f (%+d)", v.confidence(), v.offset()));
                if (motion != null) s.append(String.format("; opening r %.3f (%+d), spreading r %.3f", motion.openingRAtLag(), motion.bestLag(), motion.spreadingR()));
                s.append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String sync(Double v, String format) {
        return v == null ? "n/a" : String.format(format, v);
    }

    private static String cell(Double v, String format) {
        return v == null ? "(ground truth)" : Double.isNaN(v) ? "n/a" : String.format(format, v);
    }

    private static void plot(Path png, String title, String unit, Map<String, HeldOutScores.Frames> scores,
                             java.util.function.Function<HeldOutScores.Frames, double[]> series, boolean withReal) {
        XYChart chart = new XYChartBuilder().width(900).height(360).title(title).xAxisTitle("test frame").yAxisTitle(unit).build();
        scores.forEach((method, f) -> {
            if (method.equals("real") && !withReal || method.equals("static") && withReal) return;
            double[] y = series.apply(f), x = IntStream.range(0, y.length).asDoubleStream().toArray();
            chart.addSeries(method, x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        });
        AtomicWrite.write(png, out -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
            out.write(bytes.toByteArray());
        });
    }
}
