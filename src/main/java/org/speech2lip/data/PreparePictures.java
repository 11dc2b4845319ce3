package org.speech2lip.data;

import org.speech2lip.AtomicWrite;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Pose;
import org.speech2lip.media.RgbImage;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** The pictures prepare leaves for a person to check: tracking overlays, canonical frame, lip strip. */
public final class PreparePictures {

    private PreparePictures() {}

    /** Draws the 468 landmarks (lips red) and the head's axes (x red, y green, z blue, 5 cm) on a frame. */
    public static BufferedImage overlay(RgbImage frame, float[] landmarks, Pose pose, Camera cam, String caption) {
        BufferedImage img = frame.toBufferedImage();
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float dot = Math.max(1.5f, frame.width / 256f);
        if (landmarks != null) {
            g.setColor(new Color(80, 255, 120, 200));
            for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
                fillDot(g, landmarks[3 * i], landmarks[3 * i + 1], dot);
            }
            g.setColor(new Color(255, 60, 60, 230));
            for (int i : CanonicalFaceModel.LIPS_OUTER) fillDot(g, landmarks[3 * i], landmarks[3 * i + 1], dot * 1.3f);
            for (int i : CanonicalFaceModel.LIPS_INNER) fillDot(g, landmarks[3 * i], landmarks[3 * i + 1], dot * 1.3f);
        }
        if (pose != null) drawAxes(g, pose, cam, frame.width);
        if (caption != null) caption(g, caption, frame.width);
        g.dispose();
        return img;
    }

    private static void fillDot(Graphics2D g, float x, float y, float r) {
        g.fill(new java.awt.geom.Ellipse2D.Float(x - r / 2, y - r / 2, r, r));
    }

    private static void drawAxes(Graphics2D g, Pose pose, Camera cam, int width) {
        double[] o = cam.project(pose.apply(new double[] {0, 0, -7.6}));
        Color[] colors = {new Color(255, 50, 50), new Color(50, 230, 50), new Color(70, 120, 255)};
        g.setStroke(new BasicStroke(Math.max(2f, width / 200f)));
        for (int a = 0; a < 3; a++) {
            double[] tip = {0, 0, -7.6};
            tip[a] += a == 2 ? -5 : 5;
            double[] p = cam.project(pose.apply(tip));
            g.setColor(colors[a]);
            g.drawLine((int) o[0], (int) o[1], (int) p[0], (int) p[1]);
        }
    }

    private static void caption(Graphics2D g, String text, int width) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, width / 22)));
        int h = g.getFontMetrics().getHeight();
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(0, 0, width, h + 4);
        g.setColor(Color.WHITE);
        g.drawString(text, 4, h - 2);
    }

    /** Tiles images into a grid of the given column count, each scaled to {@code tile} pixels wide. */
    public static BufferedImage grid(List<BufferedImage> tiles, int columns, int tile) {
        int rows = (tiles.size() + columns - 1) / columns;
        int th = tiles.isEmpty() ? tile : tile * tiles.get(0).getHeight() / tiles.get(0).getWidth();
        BufferedImage sheet = new BufferedImage(columns * tile, Math.max(1, rows) * th, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), (i % columns) * tile, (i / columns) * th, tile, th, null);
        }
        g.dispose();
        return sheet;
    }

    /**
     * The canonical frame with its lip box (yellow) and mouth window (cyan), beside its depth map
     * (near = bright, no depth = black).
     */
    public static BufferedImage canonical(RgbImage frame, float[] depth, SubjectMeta.Box lipBox, SubjectMeta.Box window) {
        BufferedImage left = frame.toBufferedImage();
        Graphics2D g = left.createGraphics();
        g.setStroke(new BasicStroke(Math.max(2f, frame.width / 256f)));
        g.setColor(Color.YELLOW);
        g.drawRect(lipBox.x(), lipBox.y(), lipBox.w(), lipBox.h());
        g.setColor(Color.CYAN);
        g.drawRect(window.x(), window.y(), window.w(), window.h());
        caption(g, "canonical: lip box, window", frame.width);
        g.dispose();
        BufferedImage right = depthImage(depth, frame.width, frame.height);
        Graphics2D gr = right.createGraphics();
        caption(gr, "face depth", frame.width);
        gr.dispose();
        return grid(List.of(left, right), 2, frame.width);
    }

    /** Depth as grey levels between its 2nd and 98th percentile; NaN (no depth) black. */
    public static BufferedImage depthImage(float[] depth, int w, int h) {
        float[] valid = new float[depth.length];
        int n = 0;
        for (float d : depth) if (!Float.isNaN(d)) valid[n++] = d;
        java.util.Arrays.sort(valid, 0, n);
        float lo = n == 0 ? 0 : valid[(int) (0.02 * (n - 1))], hi = n == 0 ? 1 : valid[(int) (0.98 * (n - 1))];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float d = depth[y * w + x];
                if (Float.isNaN(d)) continue;
                int v = (int) (40 + 215 * (1 - Math.min(1, Math.max(0, (d - lo) / Math.max(1e-6f, hi - lo)))));
                img.setRGB(x, y, (v << 16) | ((int) (v * 0.85) << 8) | (int) (v * 0.6));
            }
        }
        return img;
    }

    public static void writePng(BufferedImage img, Path path) {
        AtomicWrite.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) throw new java.io.IOException("no PNG writer");
        });
    }
}
