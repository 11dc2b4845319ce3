package org.speech2lip.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit RGB image, row-major, three bytes per pixel (R, G, B). The working image type of the
 * whole pipeline: plain arrays are fast to sample and easy to hand to native code.
 */
public final class RgbImage {
    public final int width;
    public final int height;
    public final byte[] rgb;

    public RgbImage(int width, int height) {
        this(width, height, new byte[width * height * 3]);
    }

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("bad image size " + width + "x" + height + " for " + rgb.length + " bytes");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** Channel c (0=R,1=G,2=B) of pixel (x, y) as 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    public void set(int x, int y, int r, int g, int b) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) r;
        rgb[i + 1] = (byte) g;
        rgb[i + 2] = (byte) b;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, rgb.clone());
    }

    /** The sub-image [x, x+w) × [y, y+h); parts outside this image are black. */
    public RgbImage crop(int x, int y, int w, int h) {
        RgbImage out = new RgbImage(w, h);
        for (int j = 0; j < h; j++) {
            int sy = y + j;
            if (sy < 0 || sy >= height) continue;
            int x0 = Math.max(0, -x), x1 = Math.min(w, width - x);
            if (x1 <= x0) continue;
            System.arraycopy(rgb, (sy * width + x + x0) * 3, out.rgb, (j * w + x0) * 3, (x1 - x0) * 3);
        }
        return out;
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            dst[i] = rgb[i + 2];
            dst[i + 1] = rgb[i + 1];
            dst[i + 2] = rgb[i];
        }
        return img;
    }

    public static RgbImage fromBufferedImage(BufferedImage img) {
        RgbImage out = new RgbImage(img.getWidth(), img.getHeight());
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.rgb.length; i += 3) {
                out.rgb[i] = src[i + 2];
                out.rgb[i + 1] = src[i + 1];
                out.rgb[i + 2] = src[i];
            }
            return out;
        }
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                out.set(x, y, (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            }
        }
        return out;
    }
}
