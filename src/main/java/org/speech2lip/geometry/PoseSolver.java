package org.speech2lip.geometry;

import java.util.Arrays;

/**
 * Head pose from 2-D landmarks: a perspective-n-point fit of the canonical face model.
 *
 * <p>The pose minimises the weighted squared reprojection error of chosen model points by
 * Levenberg–Marquardt on six parameters (a rotation increment applied on the left as an axis-angle
 * vector, and the translation). Without an initial pose it starts from a weak-perspective
 * (scaled-orthographic) Procrustes solution, which is close enough for any head that faces the camera.
 * The first solve is plain least squares; a few Huber re-weighting rounds follow so that one badly
 * tracked landmark cannot pull the pose.
 *
 * <p>By default only {@link CanonicalFaceModel#SPEECH_INSENSITIVE} points are used, so speaking (lips,
 * jaw) never moves the head pose. Instances are immutable and thread-safe.
 *
 * <p>Besides the 2-D positions, the fit uses the face mesh's relative depth (landmark z, in pixels):
 * each point's z about the mean must match the model point's camera depth about the mean, scaled by
 * f / Z̄ like x and y. 2-D landmarks alone cannot tell a nod from a flatter face, and the tracker does
 * see the face flatter than the canonical model vertically: on the synthetic subject a 2-D-only fit
 * recovers 0.70 of the true pitch and the default weight 0.80, while yaw and roll stay within a few
 * percent; on real clips the lip-crop stability is unchanged. Landmarks without depth (z = 0, e.g.
 * ground-truth tracks) need weight 0, or the term pulls the face flat.
 */
public final class PoseSolver {

    /**
     * A fitted pose and the RMS distance in pixels between the projected model points and their
     * landmarks, weighted by the caller's weights (not the robust ones, so outliers show in it) and
     * with vertical distances scaled as the solver weighs them.
     */
    public record Fit(Pose pose, double rmsPixels) {}

    private static final int HUBER_ROUNDS = 3;
    private static final int MAX_STEPS = 30;
    /** Huber threshold: twice the median residual, but never below this many pixels. */
    private static final double MIN_HUBER_PIXELS = 0.5;

    /** Weight of the relative-depth residual against the 2-D one (both in pixels). */
    public static final double DEFAULT_DEPTH_WEIGHT = 0.5;

    private final CanonicalFaceModel model;
    private final double[] defaultWeights;
    private final double depthWeight;
    private final double verticalScale;

    public PoseSolver(CanonicalFaceModel model) {
        this(model, DEFAULT_DEPTH_WEIGHT, 1);
    }

    /**
     * A solver whose relative-depth residual has weight {@code depthWeight} (0 fits the 2-D positions
     * only) and whose vertical image residuals count {@code verticalWeight} times the horizontal ones
     * (1 for poses; the focal-length search uses less, see {@link FocalSearch}).
     */
    public PoseSolver(CanonicalFaceModel model, double depthWeight, double verticalWeight) {
        this.model = model;
        this.depthWeight = depthWeight;
        this.verticalScale = Math.sqrt(verticalWeight);
        this.defaultWeights = new double[CanonicalFaceModel.SPEECH_INSENSITIVE.length];
        Arrays.fill(defaultWeights, 1);
    }

    /** Fits the speech-insensitive points with equal weights; {@code initial} may be null. */
    public Fit solve(Camera cam, float[] landmarks, Pose initial) {
        return solve(cam, landmarks, CanonicalFaceModel.SPEECH_INSENSITIVE, defaultWeights, initial);
    }

    /**
     * Fits model points {@code pointIds} to the same-numbered landmarks (468 × (x, y, z) in image
     * pixels, z relative), each weighted by {@code weights[k]}; {@code initial} may be null.
     */
    public Fit solve(Camera cam, float[] landmarks, int[] pointIds, double[] weights, Pose initial) {
        int n = pointIds.length;
        if (weights.length != n || n < 4) throw new IllegalArgumentException("need >= 4 points with one weight each");
        double[] xyz = new double[3 * n], uv = new double[2 * n], depth = new double[n];
        double wsum = 0, zmean = 0;
        for (int k = 0; k < n; k++) {
            int i = pointIds[k];
            double[] v = model.vertex(i);
            System.arraycopy(v, 0, xyz, 3 * k, 3);
            uv[2 * k] = landmarks[3 * i];
            uv[2 * k + 1] = landmarks[3 * i + 1];
            depth[k] = landmarks[3 * i + 2];
            zmean += weights[k] * depth[k];
            wsum += weights[k];
        }
        for (int k = 0; k < n; k++) depth[k] = depthWeight * (depth[k] - zmean / wsum);
        Observations obs = new Observations(xyz, uv, depth, depthWeight, verticalScale);
        Pose start = initial != null ? initial : weakPerspective(cam, xyz, uv, weights);
        double[] r = start.r().clone(), t = start.t().clone();
        double[] w = weights.clone();
        double[] err = new double[n];
        for (int round = 0; round <= HUBER_ROUNDS; round++) {
            refine(cam, obs, w, r, t);
            if (round == HUBER_ROUNDS) break;
            residuals(cam, obs, r, t, err);
            double[] sorted = err.clone();
            Arrays.sort(sorted);
            double c = Math.max(2 * sorted[n / 2], MIN_HUBER_PIXELS);
            for (int k = 0; k < n; k++) w[k] = err[k] <= c ? weights[k] : weights[k] * c / err[k];
        }
        residuals(cam, obs, r, t, err);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += weights[k] * err[k] * err[k];
        return new Fit(new Pose(r, t), Math.sqrt(sum / wsum));
    }

    /**
     * Scaled-orthographic fit: the best affine 2×3 map from the centred model points to the centred
     * image points, made a scaled rotation by its polar decomposition; depth from the scale f/Z.
     */
    static Pose weakPerspective(Camera cam, double[] xyz, double[] uv, double[] w) {
        int n = w.length;
        double ws = 0;
        double[] mx = new double[3], mu = new double[2];
        for (int k = 0; k < n; k++) {
            ws += w[k];
            for (int a = 0; a < 3; a++) mx[a] += w[k] * xyz[3 * k + a];
            for (int a = 0; a < 2; a++) mu[a] += w[k] * uv[2 * k + a];
        }
        for (int a = 0; a < 3; a++) mx[a] /= ws;
        for (int a = 0; a < 2; a++) mu[a] /= ws;
        double[] sxx = new double[9], sux = new double[6];
        for (int k = 0; k < n; k++) {
            for (int a = 0; a < 3; a++) {
                double xa = xyz[3 * k + a] - mx[a];
                for (int b = 0; b < 3; b++) sxx[3 * a + b] += w[k] * xa * (xyz[3 * k + b] - mx[b]);
                for (int b = 0; b < 2; b++) sux[3 * b + a] += w[k] * (uv[2 * k + b] - mu[b]) * xa;
            }
        }
        double[] inv = Linear.inverse3(sxx);
        double[] m = new double[6];   // M = Sux · Sxx⁻¹, rows m1, m2
        for (int b = 0; b < 2; b++) {
            for (int a = 0; a < 3; a++) {
                m[3 * b + a] = sux[3 * b] * inv[a] + sux[3 * b + 1] * inv[3 + a] + sux[3 * b + 2] * inv[6 + a];
            }
        }
        // polar decomposition M = S·Q with S = sqrt(M·Mᵀ) (2×2): Q has orthonormal rows, scale = trace(S)/2
        double a11 = dot(m, 0, m, 0), a12 = dot(m, 0, m, 3), a22 = dot(m, 3, m, 3);
        double sd = Math.sqrt(Math.max(0, a11 * a22 - a12 * a12));
        double norm = Math.sqrt(a11 + a22 + 2 * sd);
        double s11 = (a11 + sd) / norm, s12 = a12 / norm, s22 = (a22 + sd) / norm;
        double det = s11 * s22 - s12 * s12;
        double[] r = new double[9];
        for (int a = 0; a < 3; a++) {
            r[a] = (s22 * m[a] - s12 * m[3 + a]) / det;
            r[3 + a] = (-s12 * m[a] + s11 * m[3 + a]) / det;
        }
        r[6] = r[1] * r[5] - r[2] * r[4];
        r[7] = r[2] * r[3] - r[0] * r[5];
        r[8] = r[0] * r[4] - r[1] * r[3];
        double scale = (s11 + s22) / 2;
        double zc = cam.focal() / scale;   // depth of the model centroid
        double[] c = cam.unproject(mu[0], mu[1], zc);
        double[] rc = new Pose(r, new double[3]).apply(mx);
        return new Pose(r, new double[] {c[0] - rc[0], c[1] - rc[1], c[2] - rc[2]});
    }

    /**
     * Model points, their 2-D landmarks, and the landmarks' relative depths already centred and
     * multiplied by the depth weight.
     */
    private record Observations(double[] xyz, double[] uv, double[] depth, double depthWeight, double verticalScale) {}

    /** Levenberg–Marquardt on (rotation increment, translation) with fixed per-point weights; updates r, t. */
    private static void refine(Camera cam, Observations obs, double[] w, double[] r, double[] t) {
        int n = w.length;
        double[] xyz = obs.xyz(), uv = obs.uv();
        double f = cam.focal();
        double lambda = 1e-3;
        double cost = cost(cam, obs, w, r, t);
        double[] a = new double[36], g = new double[6], ju = new double[6], jv = new double[6], jz = new double[3];
        for (int step = 0; step < MAX_STEPS; step++) {
            Arrays.fill(a, 0);
            Arrays.fill(g, 0);
            DepthTerm dt = DepthTerm.of(cam, obs, w, r, t);
            for (int k = 0; k < n; k++) {
                double px = xyz[3 * k], py = xyz[3 * k + 1], pz = xyz[3 * k + 2];
                double yx = r[0] * px + r[1] * py + r[2] * pz, yy = r[3] * px + r[4] * py + r[5] * pz,
                        yz = r[6] * px + r[7] * py + r[8] * pz;
                double x = yx + t[0], y = yy + t[1], z = yz + t[2], iz = 1 / z;
                double sv = obs.verticalScale();
                double du = uv[2 * k] - (f * x * iz + cam.cx()), dv = sv * (uv[2 * k + 1] - (f * y * iz + cam.cy()));
                // d(u,v)/dX times dX/d(δω, δt), where dX/dδω = -[Y]× for Y = R·X
                double ux = f * iz, uz = -f * x * iz * iz, vy = sv * f * iz, vz = -sv * f * y * iz * iz;
                ju[0] = uz * yy; ju[1] = ux * yz - uz * yx; ju[2] = -ux * yy;
                jv[0] = vz * yy - vy * yz; jv[1] = -vz * yx; jv[2] = vy * yx;
                ju[3] = ux; ju[4] = 0; ju[5] = uz;
                jv[3] = 0; jv[4] = vy; jv[5] = vz;
                for (int i = 0; i < 6; i++) {
                    g[i] += w[k] * (ju[i] * du + jv[i] * dv);
                    for (int j = 0; j <= i; j++) a[6 * i + j] += w[k] * (ju[i] * ju[j] + jv[i] * jv[j]);
                }
                if (obs.depthWeight() > 0) {
                    // relative depth s·(Yz − Ȳz): its rotation derivative is s·(Yy − Ȳy, −(Yx − Ȳx), 0);
                    // s = f / Z̄ is held fixed within a step, and translation cancels in the difference
                    double dz = obs.depth()[k] - dt.predicted(yz);
                    jz[0] = dt.scale() * (yy - dt.meanY());
                    jz[1] = -dt.scale() * (yx - dt.meanX());
                    jz[2] = 0;
                    for (int i = 0; i < 3; i++) {
                        g[i] += w[k] * jz[i] * dz;
                        for (int j = 0; j <= i; j++) a[6 * i + j] += w[k] * jz[i] * jz[j];
                    }
                }
            }
            for (int i = 0; i < 6; i++) for (int j = 0; j < i; j++) a[6 * j + i] = a[6 * i + j];
            while (true) {
                double[] damped = a.clone();
                for (int i = 0; i < 6; i++) damped[7 * i] *= 1 + lambda;
                double[] d;
                try {
                    d = Linear.solveSpd(damped, g, 6);
                } catch (ArithmeticException degenerate) {
                    return;
                }
                double[] r2 = new Pose(Pose.rotation(d[0], d[1], d[2]), new double[3]).compose(new Pose(r, new double[3])).r();
                double[] t2 = {t[0] + d[3], t[1] + d[4], t[2] + d[5]};
                double cost2 = cost(cam, obs, w, r2, t2);
                if (cost2 <= cost) {
                    System.arraycopy(r2, 0, r, 0, 9);
                    System.arraycopy(t2, 0, t, 0, 3);
                    boolean converged = cost - cost2 <= 1e-12 * cost + 1e-18
                            || d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < 1e-16;
                    cost = cost2;
                    lambda = Math.max(lambda / 4, 1e-9);
                    if (converged) return;
                    break;
                }
                lambda *= 8;
                if (lambda > 1e8) return;
            }
        }
    }

    private static double cost(Camera cam, Observations obs, double[] w, double[] r, double[] t) {
        double[] err = new double[w.length];
        residuals(cam, obs, r, t, err);
        double c = 0;
        for (int k = 0; k < w.length; k++) c += w[k] * err[k] * err[k];
        if (obs.depthWeight() > 0) {
            DepthTerm dt = DepthTerm.of(cam, obs, w, r, t);
            double[] x = obs.xyz();
            for (int k = 0; k < w.length; k++) {
                double yx = r[0] * x[3 * k] + r[1] * x[3 * k + 1] + r[2] * x[3 * k + 2];
                double yy = r[3] * x[3 * k] + r[4] * x[3 * k + 1] + r[5] * x[3 * k + 2];
                double yz = r[6] * x[3 * k] + r[7] * x[3 * k + 1] + r[8] * x[3 * k + 2];
                double dz = obs.depth()[k] - dt.predicted(yz);
                c += w[k] * dz * dz;
            }
        }
        return c;
    }

    /**
     * The predicted relative depth of the current pose: the weighted mean of the rotated model points,
     * and s = f / Z̄ times the depth weight (the landmark depths carry that weight already).
     */
    private record DepthTerm(double meanX, double meanY, double meanZ, double scale) {
        static DepthTerm of(Camera cam, Observations obs, double[] w, double[] r, double[] t) {
            double[] x = obs.xyz();
            double ws = 0, mx = 0, my = 0, mz = 0;
            for (int k = 0; k < w.length; k++) {
                double px = x[3 * k], py = x[3 * k + 1], pz = x[3 * k + 2];
                mx += w[k] * (r[0] * px + r[1] * py + r[2] * pz);
                my += w[k] * (r[3] * px + r[4] * py + r[5] * pz);
                mz += w[k] * (r[6] * px + r[7] * py + r[8] * pz);
                ws += w[k];
            }
            mx /= ws;
            my /= ws;
            mz /= ws;
            return new DepthTerm(mx, my, mz, obs.depthWeight() * cam.focal() / (mz + t[2]));
        }

        double predicted(double yz) {
            return scale * (yz - meanZ);
        }
    }

    /** Per-point reprojection distances (pixels); infinite for points behind the camera. */
    private static void residuals(Camera cam, Observations obs, double[] r, double[] t, double[] err) {
        double[] xyz = obs.xyz(), uv = obs.uv();
        double f = cam.focal();
        for (int k = 0; k < err.length; k++) {
            double px = xyz[3 * k], py = xyz[3 * k + 1], pz = xyz[3 * k + 2];
            double z = r[6] * px + r[7] * py + r[8] * pz + t[2];
            if (z <= 0) {
                err[k] = Double.POSITIVE_INFINITY;
                continue;
            }
            double u = f * (r[0] * px + r[1] * py + r[2] * pz + t[0]) / z + cam.cx();
            double v = f * (r[3] * px + r[4] * py + r[5] * pz + t[1]) / z + cam.cy();
            err[k] = Math.hypot(u - uv[2 * k], obs.verticalScale() * (v - uv[2 * k + 1]));
        }
    }

    private static double dot(double[] a, int i, double[] b, int j) {
        return a[i] * b[j] + a[i + 1] * b[j + 1] + a[i + 2] * b[j + 2];
    }
}
