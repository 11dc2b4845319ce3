package org.speech2lip.eval;

import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpbdTest {
    private static RgbImage checkerboard(int size, int square, int dark, int light) {
        RgbImage img = new RgbImage(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = ((x / square + y / square) % 2 == 0) ? dark : light;
                img.set(x, y, v, v, v);
            }
        }
        return img;
    }

    /** Mean over the k × k neighbourhood (k odd), edges replicated, rounded. */
    private static RgbImage boxBlur(RgbImage img, int k) {
        RgbImage out = new RgbImage(img.width, img.height);
        int r = k / 2;
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            sum += img.get(Math.min(img.width - 1, Math.max(0, x + dx)), Math.min(img.height - 1, Math.max(0, y + dy)), c);
                        }
                    }
                    out.rgb[(y * img.width + x) * 3 + c] = (byte) Math.round(sum / (double) (k * k));
                }
            }
        }
        return out;
    }

    /** A 64 × 64 grey image whose every row is lo up to x = 30, a linear ramp over k pixels, then hi. */
    private static RgbImage ramp(int k, int lo, int hi) {
        RgbImage img = new RgbImage(64, 64);
        for (int x = 0; x < 64; x++) {
            double t = Math.min(1, Math.max(0, (x - 30) / (double) k));
            int v = (int) Math.round(lo + t * (hi - lo));
            for (int y = 0; y < 64; y++) img.set(x, y, v, v, v);
        }
        return img;
    }

    @Test
    void aSharpCheckerboardBeatsItsBlur() {
        RgbImage sharp = checkerboard(128, 16, 60, 190), blurred = boxBlur(sharp, 7);
        Rect all = Rect.of(128, 128);
        double s = Cpbd.cpbd(sharp, all), b = Cpbd.cpbd(blurred, all);
        System.out.printf("CPBD of a 16-px checkerboard: %.3f sharp, %.3f after a 7×7 box blur%n", s, b);
        assertTrue(s >= 0 && s <= 1 && b >= 0 && b <= 1, "in [0, 1]: " + s + ", " + b);
        assertTrue(s > 0.9, "sharp steps are almost all within the JNB width: " + s);
        assertTrue(b < 0.1, "7-pixel ramps are beyond the JNB width: " + b);
    }

    @Test
    void theJustNoticeableWidthFollowsTheBlockContrast() {
        Rect all = Rect.of(64, 64);
        // contrast 128 > 50: w_JNB = 3
        assertEquals(1.0, Cpbd.cpbd(ramp(3, 60, 188), all));
        assertEquals(0.0, Cpbd.cpbd(ramp(4, 60, 188), all));
        // contrast 40 ≤ 50: w_JNB = 5, and the falling direction is measured the same way
        assertEquals(1.0, Cpbd.cpbd(ramp(5, 140, 100), all));
        assertEquals(0.0, Cpbd.cpbd(ramp(6, 140, 100), all));
    }

    @Test
    void noCountedBlockIsNaN() {
        assertTrue(Double.isNaN(Cpbd.cpbd(Images.grey(128, 128, 77), Rect.of(128, 128))), "flat");
        RgbImage sharp = checkerboard(128, 16, 60, 190);
        assertTrue(Double.isNaN(Cpbd.cpbd(sharp, new Rect(0, 0, 63, 128))), "narrower than a block");
        assertTrue(Double.isNaN(Cpbd.cpbd(ramp(3, 100, 102), Rect.of(64, 64))), "too faint for an edge");
        RgbImage rows = new RgbImage(64, 64);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) rows.set(x, y, y < 32 ? 0 : 200, y < 32 ? 0 : 200, y < 32 ? 0 : 200);
        assertTrue(Double.isNaN(Cpbd.cpbd(rows, Rect.of(64, 64))), "only a horizontal edge, whose width is not measured");
    }

    @Test
    void widthsRunBetweenTheExtremaOnEitherSide() {
        int[] row = {5, 5, 9, 20, 40, 41, 41, 30, 10, 10, 12};
        int w = row.length;
        assertEquals(4, Cpbd.width(row, w, 3, 0, true), "rising from 5 at x = 1 to 41 at x = 5");
        assertEquals(2, Cpbd.width(row, w, 7, 0, false), "falling from 41 at x = 6 to 10 at x = 8");
        assertEquals(0, Cpbd.width(row, w, 5, 0, false), "41 then 41: no fall through x = 5");
        assertEquals(1, Cpbd.width(new int[] {0, 0, 200, 200}, 4, 1, 0, true), "an ideal step");
    }
}
