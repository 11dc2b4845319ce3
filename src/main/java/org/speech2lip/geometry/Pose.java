package org.speech2lip.geometry;

/**
 * A rigid transform X' = R·X + t (rotation row-major). Head poses map head-model coordinates to
 * camera coordinates; see the package doc.
 */
public record Pose(double[] r, double[] t) {

    public static final Pose IDENTITY = new Pose(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]);

    public Pose {
        if (r.length != 9 || t.length != 3) throw new IllegalArgumentException("pose needs 9 + 3 numbers");
    }

    public double[] apply(double[] x) {
        return new double[] {
            r[0] * x[0] + r[1] * x[1] + r[2] * x[2] + t[0],
            r[3] * x[0] + r[4] * x[1] + r[5] * x[2] + t[1],
            r[6] * x[0] + r[7] * x[1] + r[8] * x[2] + t[2]};
    }

    /** this ∘ other: first other, then this. */
    public Pose compose(Pose other) {
        double[] rr = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rr[i * 3 + j] = r[i * 3] * other.r[j] + r[i * 3 + 1] * other.r[3 + j] + r[i * 3 + 2] * other.r[6 + j];
            }
        }
        double[] tt = apply(other.t);
        return new Pose(rr, tt);
    }

    public Pose inverse() {
        double[] rt = {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
        double[] tt = {
            -(rt[0] * t[0] + rt[1] * t[1] + rt[2] * t[2]),
            -(rt[3] * t[0] + rt[4] * t[1] + rt[5] * t[2]),
            -(rt[6] * t[0] + rt[7] * t[1] + rt[8] * t[2])};
        return new Pose(rt, tt);
    }

    /** T_co = T_o · T_c⁻¹: maps canonical-frame camera coordinates to observed-frame camera coordinates. */
    public static Pose relative(Pose canonical, Pose observed) {
        return observed.compose(canonical.inverse());
    }

    /** Rotation from an axis-angle vector (radians) by Rodrigues' formula. */
    public static double[] rotation(double ax, double ay, double az) {
        double th = Math.sqrt(ax * ax + ay * ay + az * az);
        if (th < 1e-12) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double kx = ax / th, ky = ay / th, kz = az / th;
        double c = Math.cos(th), s = Math.sin(th), v = 1 - c;
        return new double[] {
            c + kx * kx * v, kx * ky * v - kz * s, kx * kz * v + ky * s,
            ky * kx * v + kz * s, c + ky * ky * v, ky * kz * v - kx * s,
            kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v};
    }

    /** The axis-angle vector (radians) of this pose's rotation. */
    public double[] axisAngle() {
        double x = r[7] - r[5], y = r[2] - r[6], z = r[3] - r[1];
        double n = Math.sqrt(x * x + y * y + z * z);   // 2·sin θ
        double th = Math.atan2(n, r[0] + r[4] + r[8] - 1);
        if (n == 0 && th == 0) return new double[3];
        if (n < 1e-9 && th > Math.PI / 2) {
            // near 180°: R ≈ 2·k·kᵀ − I, so k is the column of (R + Rᵀ)/4 + I/2 with the largest diagonal, normalised
            int i = r[0] >= r[4] && r[0] >= r[8] ? 0 : r[4] >= r[8] ? 1 : 2;
            double[] k = new double[3];
            for (int j = 0; j < 3; j++) k[j] = (r[3 * i + j] + r[3 * j + i]) / 4 + (i == j ? 0.5 : 0);
            double kn = Math.sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
            return new double[] {k[0] / kn * th, k[1] / kn * th, k[2] / kn * th};
        }
        return new double[] {x / n * th, y / n * th, z / n * th};
    }

    /** The angle in degrees of the rotation that takes this pose's rotation to other's. */
    public double rotationDegreesTo(Pose other) {
        // angle of D = Rᵀ·R_other from atan2(|axis part|, trace part): accurate for small angles, where acos is not
        double[] d = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) d[i * 3 + j] = r[i] * other.r[j] + r[3 + i] * other.r[3 + j] + r[6 + i] * other.r[6 + j];
        }
        double sin2 = Math.sqrt(sq(d[7] - d[5]) + sq(d[2] - d[6]) + sq(d[3] - d[1]));
        return Math.toDegrees(Math.atan2(sin2, d[0] + d[4] + d[8] - 1));
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * Yaw (about y), pitch (about x), roll (about z) in degrees, with R = Ry(yaw)·Rx(pitch)·Rz(roll);
     * a frontal head is (0, 0, 0).
     */
    public double[] yawPitchRollDegrees() {
        double pitch = Math.asin(Math.max(-1, Math.min(1, -r[5])));
        double yaw = Math.atan2(r[2], r[8]);
        double roll = Math.atan2(r[3], r[4]);
        return new double[] {Math.toDegrees(yaw), Math.toDegrees(pitch), Math.toDegrees(roll)};
    }

    public static Pose fromYawPitchRollDegrees(double yaw, double pitch, double roll, double[] t) {
        double[] ry = rotation(0, Math.toRadians(yaw), 0);
        double[] rx = rotation(Math.toRadians(pitch), 0, 0);
        double[] rz = rotation(0, 0, Math.toRadians(roll));
        Pose p = new Pose(ry, new double[3]).compose(new Pose(rx, new double[3])).compose(new Pose(rz, new double[3]));
        return new Pose(p.r, t.clone());
    }

    /** Row-major 4×4 matrix, as stored in subject files. */
    public float[] toMatrix4() {
        return new float[] {
            (float) r[0], (float) r[1], (float) r[2], (float) t[0],
            (float) r[3], (float) r[4], (float) r[5], (float) t[1],
            (float) r[6], (float) r[7], (float) r[8], (float) t[2],
            0, 0, 0, 1};
    }

    public static Pose fromMatrix4(float[] m, int offset) {
        return new Pose(
                new double[] {m[offset], m[offset + 1], m[offset + 2], m[offset + 4], m[offset + 5], m[offset + 6],
                    m[offset + 8], m[offset + 9], m[offset + 10]},
                new double[] {m[offset + 3], m[offset + 7], m[offset + 11]});
    }
}
