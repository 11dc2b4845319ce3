package org.speech2lip.geometry;

/** The few dense linear-algebra routines the geometry code needs (tiny matrices, row-major). */
final class Linear {
    private Linear() {}

    /** Inverse of a 3×3 matrix by cofactors. */
    static double[] inverse3(double[] m) {
        double c0 = m[4] * m[8] - m[5] * m[7], c1 = m[5] * m[6] - m[3] * m[8], c2 = m[3] * m[7] - m[4] * m[6];
        double det = m[0] * c0 + m[1] * c1 + m[2] * c2;
        if (Math.abs(det) < 1e-300) throw new ArithmeticException("singular 3x3 matrix");
        double id = 1 / det;
        return new double[] {
            c0 * id, (m[2] * m[7] - m[1] * m[8]) * id, (m[1] * m[5] - m[2] * m[4]) * id,
            c1 * id, (m[0] * m[8] - m[2] * m[6]) * id, (m[2] * m[3] - m[0] * m[5]) * id,
            c2 * id, (m[1] * m[6] - m[0] * m[7]) * id, (m[0] * m[4] - m[1] * m[3]) * id};
    }

    /** Solves A·x = b for a symmetric positive-definite n×n A by Cholesky decomposition. */
    static double[] solveSpd(double[] a, double[] b, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                if (i == j) {
                    if (s <= 0) throw new ArithmeticException("matrix not positive definite");
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) x[i] -= l[i * n + k] * x[k];
            x[i] /= l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) x[i] -= l[k * n + i] * x[k];
            x[i] /= l[i * n + i];
        }
        return x;
    }
}
