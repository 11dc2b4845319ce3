package org.speech2lip.synth;

/** Smooth deterministic 3-D value noise in [−1, 1], for skin blotches and hair strands. */
final class Noise {
    private final long seed;

    Noise(long seed) {
        this.seed = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    double at(double x, double y, double z) {
        int ix = (int) Math.floor(x), iy = (int) Math.floor(y), iz = (int) Math.floor(z);
        double fx = fade(x - ix), fy = fade(y - iy), fz = fade(z - iz);
        double x00 = lerp(fx, lattice(ix, iy, iz), lattice(ix + 1, iy, iz));
        double x10 = lerp(fx, lattice(ix, iy + 1, iz), lattice(ix + 1, iy + 1, iz));
        double x01 = lerp(fx, lattice(ix, iy, iz + 1), lattice(ix + 1, iy, iz + 1));
        double x11 = lerp(fx, lattice(ix, iy + 1, iz + 1), lattice(ix + 1, iy + 1, iz + 1));
        return lerp(fz, lerp(fy, x00, x10), lerp(fy, x01, x11));
    }

    /** Sum of octaves, each twice the frequency and half the amplitude of the one before; in [−1, 1]. */
    double fractal(double x, double y, double z, int octaves) {
        double sum = 0, amp = 1, norm = 0;
        for (int o = 0; o < octaves; o++) {
            sum += amp * at(x, y, z);
            norm += amp;
            x *= 2.03;
            y *= 2.03;
            z *= 2.03;
            amp *= 0.5;
        }
        return sum / norm;
    }

    private double lattice(int x, int y, int z) {
        long h = seed ^ (x * 0x8CB92BA72F3D8DD7L) ^ (y * 0xD6E8FEB86659FD93L) ^ (z * 0xA0761D6478BD642FL);
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-52 - 1;
    }

    private static double fade(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }
}
