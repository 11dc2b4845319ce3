package org.speech2lip.synth;

/**
 * The look of the synthetic person: albedos in linear RGB, and where hair grows on the head.
 * Everything is a function of the head-model rest position (cm), so it moves with the skin.
 */
final class Appearance {
    final double[] skin, lip, hair, brow, iris, shirt;
    private final Noise noise;

    Appearance(SynthSpec.SkinTone tone, long seed) {
        noise = new Noise(seed);
        skin = linear(tone.r, tone.g, tone.b);
        lip = linear(tone.r * 0.80, tone.g * 0.50, tone.b * 0.55);
        hair = linear(0.11, 0.08, 0.06);
        brow = linear(0.20, 0.14, 0.10);
        iris = linear(0.33, 0.21, 0.12);
        shirt = linear(0.22, 0.30, 0.45);
    }

    /** Skin albedo at (x, y): gentle blotches and redder cheeks and nose. */
    void skinAt(double x, double y, double[] out) {
        double blotch = 1 + 0.05 * noise.fractal(x * 0.6, y * 0.6, 0.5, 3);
        double cheeks = Math.exp(-(Math.pow(Math.abs(x) - 4.0, 2) + Math.pow(y - 1.2, 2)) / 3.0);
        double nose = Math.exp(-(x * x + Math.pow(y - 0.8, 2)) / 1.2);
        double red = 0.10 * cheeks + 0.06 * nose;
        out[0] = skin[0] * blotch * (1 + red);
        out[1] = skin[1] * blotch * (1 - 0.6 * red);
        out[2] = skin[2] * blotch * (1 - 0.5 * red);
    }

    /** Hair albedo at a rest position: dark with strands running front to back and downward. */
    void hairAt(double x, double y, double z, double[] out) {
        double strands = 0.6 * noise.fractal(x * 4, y * 0.6, z * 0.6 + 7, 3) + 0.4 * noise.fractal(x * 0.6 + 3, y * 0.6, z * 4, 3);
        double f = 1 + 0.45 * strands;
        for (int c = 0; c < 3; c++) out[c] = hair[c] * f;
    }

    /**
     * How much the point is covered by hair, 0…1. The hairline runs along the top of the forehead,
     * recedes at the temples, comes down as sideburns in front of the ears, passes above the ears
     * and drops to the nape.
     */
    double hairCover(double x, double y, double z) {
        double ragged = 0.25 * noise.fractal(x * 1.5, y * 1.5, z * 1.5, 2);
        return Ramp.smoothstep(-0.15, 0.15, hairline(x, z) - y + ragged);
    }

    /** The height (y, cm) of the hairline at (x, z) on the head; hair grows above it. */
    static double hairline(double x, double z) {
        double front = -10.0 + 3.0 * Ramp.smoothstep(4.5, 8.0, Math.abs(x));
        return front + (sideLine(z) - front) * Ramp.smoothstep(0, 1.5, z);
    }

    /** The hairline's height along the side of the head, by depth z (piecewise linear). */
    private static double sideLine(double z) {
        double[][] pts = {{1.0, -5.0}, {2.4, -3.6}, {3.0, 0.3}, {3.6, 0.3}, {4.2, -2.8}, {6.6, -2.8}, {8.5, 7}};
        if (z <= pts[0][0]) return pts[0][1];
        for (int i = 1; i < pts.length; i++) {
            if (z <= pts[i][0]) {
                double t = (z - pts[i - 1][0]) / (pts[i][0] - pts[i - 1][0]);
                return pts[i - 1][1] + t * (pts[i][1] - pts[i - 1][1]);
            }
        }
        return pts[pts.length - 1][1];
    }

    static double[] linear(double r, double g, double b) {
        return new double[] {toLinear(r), toLinear(g), toLinear(b)};
    }

    static double toLinear(double c) {
        return Math.pow(Math.max(0, Math.min(1, c)), 2.2);
    }
}
