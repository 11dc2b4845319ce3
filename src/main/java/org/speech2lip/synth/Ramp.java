package org.speech2lip.synth;

/** Smooth transitions, used wherever one look or motion blends into another. */
final class Ramp {
    private Ramp() {}

    static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** 0 at or before a, 1 at or after b (a > b runs the other way), a cubic ease between. */
    static double smoothstep(double a, double b, double v) {
        double t = clamp((v - a) / (b - a));
        return t * t * (3 - 2 * t);
    }
}
