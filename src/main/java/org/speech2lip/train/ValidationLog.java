package org.speech2lip.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;
import org.speech2lip.data.PreparePictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's validation history: {@code validation.csv}, one row per validation, and
 * {@code validation.png}, its plot; both rewritten whole and atomically after each validation.
 */
public final class ValidationLog {
    public static final String CSV = "validation.csv", PNG = "validation.png", LIPS = "validation_lips.png";
    static final String HEADER = "step,seconds,lip_loss,depth_loss,window_loss,sync_loss,psnr,ssim,cpu_share";

    /**
     * One validation with the mean training losses since the previous one, and the share of the CPU
     * time the training steps asked for that they got since then (NaN in rows of older logs).
     */
    public record Row(int step, double seconds, double lipLoss, double depthLoss, double windowLoss, double syncLoss,
                      double psnr, double ssim, double cpuShare) {
        Row(Validation.Result r, double lipLoss, double depthLoss, double windowLoss, double syncLoss, double cpuShare) {
            this(r.step(), r.seconds(), lipLoss, depthLoss, windowLoss, syncLoss, r.psnr(), r.ssim(), cpuShare);
        }
    }

    private final Path dir;

    public ValidationLog(Path modelDir) {
        dir = modelDir;
    }

    /** The rows written so far, oldest first. */
    public List<Row> rows() {
        Path csv = dir.resolve(CSV);
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(csv)) return rows;
        try {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                // older logs have a shorter header and no cpu_share
                if (line.isBlank() || line.startsWith("step,")) continue;
                String[] v = line.split(",");
                try {
                    rows.add(new Row(Integer.parseInt(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
                            Double.parseDouble(v[3]), Double.parseDouble(v[4]), Double.parseDouble(v[5]),
                            Double.parseDouble(v[6]), Double.parseDouble(v[7]), v.length > 8 ? Double.parseDouble(v[8]) : Double.NaN));
                } catch (RuntimeException e) {
                    throw new UserError(csv + ": unreadable row '" + line + "': remove the line or the file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Adds a row and redraws the plot. */
    public void append(Row row) {
        List<Row> rows = new ArrayList<>();
        // a run resumed from an earlier checkpoint redoes the steps after it: their old rows are replaced
        for (Row r : rows()) if (r.step() < row.step()) rows.add(r);
        rows.add(row);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.6g,%.6g,%.6g,%.6g,%.4f,%.5f,%.3f%n",
                    r.step(), r.seconds(), r.lipLoss(), r.depthLoss(), r.windowLoss(), r.syncLoss(), r.psnr(), r.ssim(), r.cpuShare()));
        }
        AtomicWrite.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(plot(rows), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicWrite.write(dir.resolve(PNG), png);
    }

    /** Writes the latest lip strip (real test lips above generated ones). */
    public void writeLips(BufferedImage strip) {
        PreparePictures.writePng(strip, dir.resolve(LIPS));
    }

    /** PSNR on the left axis; SSIM and the training lip loss, both small numbers, on the right. */
    private static XYChart plot(List<Row> rows) {
        XYChart chart = new XYChartBuilder().width(800).height(450)
                .title("Validation on the test split" + (rows.size() == 1 ? " (one validation so far)" : ""))
                .xAxisTitle("training minutes (sync expert included)").build();
        double[] steps = new double[rows.size()], psnr = new double[rows.size()], ssim = new double[rows.size()],
                lip = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            steps[i] = rows.get(i).seconds() / 60;
            psnr[i] = rows.get(i).psnr();
            ssim[i] = rows.get(i).ssim();
            lip[i] = rows.get(i).lipLoss();
        }
        chart.addSeries("mouth PSNR (dB)", steps, psnr);
        chart.addSeries("mouth SSIM", steps, ssim).setYAxisGroup(1);
        chart.addSeries("training lip loss", steps, lip).setYAxisGroup(1);
        chart.setYAxisGroupTitle(0, "PSNR (dB)");
        chart.setYAxisGroupTitle(1, "SSIM, lip loss");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisDecimalPattern("#0.00");
        // minutes read as minutes, from the start of training, so a lone first point sits where it belongs
        chart.getStyler().setXAxisDecimalPattern("#0.#");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setMarkerSize(rows.size() == 1 ? 12 : 6);
        return chart;
    }
}
