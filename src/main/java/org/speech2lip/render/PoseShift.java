package org.speech2lip.render;

import org.speech2lip.AtomicWrite;
import org.speech2lip.UserError;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Re-projects the head of a working-crop frame under a small extra rotation (yaw, pitch, roll), so
 * a render can turn the talking head away from the pose it had in the source video.
 *
 * <p>The offset rotation is R = Ry(yaw)·Rx(pitch)·Rz(roll) ({@link Pose#fromYawPitchRollDegrees})
 * in frame k's camera axes (x right, y down, z forward), about the head centre: the centroid of the
 * canonical face-mask points moved into frame k. So a positive yaw turns the face toward the image's
 * <em>left</em> (the nose moves to smaller u; a negative yaw turns it toward the right), a positive
 * pitch turns it down, and a positive roll turns the head clockwise in the image. The new pose is
 * T_co' = M ∘ T_co with M that rotation about the centre ({@link Result#motion()}).
 *
 * <p>Method, per frame:
 * <ol>
 *   <li>Face: every canonical face pixel p lifts to X_c = D_c(p)·K⁻¹[p+½, 1], moves to frame k
 *       (X_k = T_co·X_c) and on to the new view (X' = M·X_k). Points that frame k does not see (behind
 *       another face point there, or outside the crop) are dropped, so what they would reveal stays a
 *       hole instead of copying the occluder. The rest splat their new depth with a z-buffer onto the
 *       2×2 pixels around their new position, nearer wins, and the surviving pixel's depth is the
 *       bilinear-weighted mean of the points on the front surface there. Colours are then fetched
 *       backwards: the pixel's new-view point goes through M⁻¹ into frame k and frame k is sampled
 *       bilinearly there. Splatting depth rather than colour onto 2×2 pixels leaves no cracks where
 *       the face is magnified (up to 2×) and resamples the frame once, with sub-pixel accuracy.</li>
 *   <li>Everything else (hair, ears, neck, background) is taken pixel by pixel from frame k, so what
 *       stays still is copied exactly. A pixel moves by the displacement its 3-D point would have under
 *       M, scaled by a weight that is 1 on the face and falls smoothly (cosine) to 0 a quarter of the
 *       face's width away from it, so hair, ears and neck follow the face while the far background
 *       stays. Weight and depth are read at the pixel's canonical pre-image (two fixed-point steps
 *       through the canonical-to-frame map), so the motion is continuous across the face border and
 *       nothing tears there. A pixel lands on its nearest pixel and, with lower priority, on the rest
 *       of the 2×2 pixels around its new position, which closes the cracks a stretch would open. Face
 *       pixels always cover these, and among them the higher weight wins, then the nearer: the filled
 *       depth off the face is a smooth guess that cannot order hair against background, while being
 *       closer to the face is a good sign of being part of the head, which occludes the
 *       background.</li>
 *   <li>Pixels nothing landed on are holes. Outside the caller's rectangle (the mouth window, which the
 *       Blend-Net fills) they are filled by neighbour averaging from their border inward, then a few
 *       diffusion sweeps; inside it they stay black and are returned as the hole mask.</li>
 * </ol>
 *
 * <p>An instance holds the canonical geometry and every per-frame buffer for one crop size; reuse it
 * for all frames of a render. Not thread-safe.
 */
public final class PoseShift {
    /** The largest offset, degrees, in any axis: beyond it disocclusions grow past what filling hides. */
    public static final double MAX_DEGREES = 15;
    /** The weight's fall-off distance as a fraction of the face's width in the canonical view. */
    private static final double MARGIN_OF_WIDTH = 0.25;
    /** Splat weights below this do not count, so a point lying exactly on a pixel centre covers only it. */
    private static final float MIN_SPLAT = 1e-3f;
    /** Relative depth tolerance of "the same surface", on top of the local slope. */
    private static final float SURFACE_TOLERANCE = 0.015f;
    /** Diffusion sweeps over filled holes: they soften the streaks that filling ring by ring leaves. */
    private static final int SMOOTHING_SWEEPS = 8;
    /** Spacing, pixels, of the grid on which the displacement off the face is computed exactly. */
    private static final int GRID = 4;
    /** Per-pixel states while composing: known pixels are 0. */
    private static final byte HOLE_FILLED = 1, HOLE_KEPT = 2;
    /**
     * Landing priorities of non-face pixels: a pixel's nearest landing counts its weight (0..1), its
     * other 2×2 landings the weight − 2, so any nearest landing beats any other.
     */
    private static final float NOTHING = -3;

    /**
     * A shifted frame. {@code holes} (S×S) marks the pixels of the mouth rectangle nothing landed on;
     * they are black. {@code windowDepth} is the new view's face depth over that rectangle, NaN where
     * no face point landed, or null when the offset is zero: then nothing moved and the frame's own
     * window depth still holds. {@code tCo} is M ∘ T_co, and {@code motion} is M.
     */
    public record Result(RgbImage image, boolean[] holes, float[] windowDepth, Pose tCo, Pose motion) {}

    private final int size;
    private final Camera cam;
    private final float[] pointX, pointY, pointZ;
    private final int[] face;
    private final float[] slack;
    private final double[] centre;

    /** Per canonical pixel: frame-k position (u, v); weight and frame-k depth. Interleaved for the pre-image look-ups. */
    private final float[] srcUV, weightZ;
    private final float[] pair = new float[2];
    /** Grid nodes off the face, 4 floats each: weight, displacement u, v, new depth; see {@link #computeNodes}. */
    private final float[] nodes;
    private final int nodesPerRow;
    private final float[] frameZ;
    private final float[] newU, newV, newZ;
    private final float[] nearZ, zSum, wSum;
    private final float[] keyW, keyZ;
    private final int[] from;
    private final byte[] state;
    private final int[] filled, pending, ready;
    private int moveX0, moveY0, moveX1, moveY1;

    /**
     * A shifter for S×S working crops ({@code size} = S) seen by {@code cam}, with the canonical depth
     * D_c (camera z, cm; pixels that are not finite are filled smoothly from the rest) and the canonical
     * face mask (1 on the face).
     */
    public PoseShift(Camera cam, float[] canonicalDepth, byte[] faceMask, int size) {
        int n = size * size;
        if (size < 2 || canonicalDepth.length != n || faceMask.length != n) {
            throw new IllegalArgumentException("depth and face mask must hold " + size + "x" + size + " values");
        }
        this.size = size;
        this.cam = cam;
        float[] depth = finite(canonicalDepth, size);
        pointX = new float[n];
        pointY = new float[n];
        pointZ = new float[n];
        int count = 0, minX = size, maxX = -1;
        double sx = 0, sy = 0, sz = 0;
        for (int p = 0; p < n; p++) {
            double z = depth[p];
            pointX[p] = (float) ((p % size + 0.5 - cam.cx()) * z / cam.focal());
            pointY[p] = (float) ((p / size + 0.5 - cam.cy()) * z / cam.focal());
            pointZ[p] = (float) z;
            if (faceMask[p] != 0) {
                count++;
                sx += pointX[p];
                sy += pointY[p];
                sz += z;
                minX = Math.min(minX, p % size);
                maxX = Math.max(maxX, p % size);
            }
        }
        if (count == 0) throw new IllegalArgumentException("the canonical face mask is empty");
        face = new int[count];
        for (int p = 0, i = 0; p < n; p++) if (faceMask[p] != 0) face[i++] = p;
        centre = new double[] {sx / count, sy / count, sz / count};
        float[] weight = falloff(faceMask, size, Math.max(2, MARGIN_OF_WIDTH * (maxX - minX + 1)));
        slack = slack(depth, size);

        srcUV = new float[2 * n];
        weightZ = new float[2 * n];
        for (int p = 0; p < n; p++) weightZ[2 * p] = weight[p];
        frameZ = new float[n];
        newU = new float[count];
        newV = new float[count];
        newZ = new float[count];
        nodesPerRow = (size - 1 + GRID - 1) / GRID + 1;
        nodes = new float[4 * nodesPerRow * nodesPerRow];
        nearZ = new float[n];
        zSum = new float[n];
        wSum = new float[n];
        keyW = new float[n];
        keyZ = new float[n];
        from = new int[n];
        state = new byte[n];
        filled = new int[n];
        pending = new int[n];
        ready = new int[n];
    }

    /** Throws the user's one-line error unless every offset is a number within ±{@link #MAX_DEGREES}. */
    public static void checkOffset(double yaw, double pitch, double roll) {
        check("--yaw", yaw);
        check("--pitch", pitch);
        check("--roll", roll);
    }

    private static void check(String flag, double degrees) {
        if (!(Math.abs(degrees) <= MAX_DEGREES)) {
            throw new UserError(flag + " " + number(degrees) + " is outside the supported range " + number(-MAX_DEGREES) + ".."
                    + number(MAX_DEGREES) + " degrees: give a " + (Double.isNaN(degrees) ? "number in that range" : "smaller offset"));
        }
    }

    /**
     * M: the offset rotation about frame k's head centre, as a pose of frame k's camera space. A render
     * can move its mouth window with it before calling {@link #apply}.
     */
    public Pose motion(Pose tCo, double yaw, double pitch, double roll) {
        checkOffset(yaw, pitch, roll);
        double[] r = Pose.fromYawPitchRollDegrees(yaw, pitch, roll, new double[3]).r();
        double[] c = tCo.apply(centre);
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) t[i] = c[i] - (r[3 * i] * c[0] + r[3 * i + 1] * c[1] + r[3 * i + 2] * c[2]);
        return new Pose(r, t);
    }

    /**
     * Frame k ({@code frame}, S×S, relative pose {@code tCo}) with its head turned by the offset; holes
     * outside {@code window} are filled, those inside are returned. An offset of exactly 0, 0, 0 returns
     * a copy of the frame, no holes and {@code tCo} itself.
     */
    public Result apply(RgbImage frame, Pose tCo, double yaw, double pitch, double roll, Rect window) {
        checkOffset(yaw, pitch, roll);
        if (frame.width != size || frame.height != size) {
            throw new IllegalArgumentException("frame is " + frame.width + "x" + frame.height + ", not " + size + "x" + size);
        }
        if (!window.inside(size, size)) throw new IllegalArgumentException(window + " does not fit a " + size + "x" + size + " crop");
        if (yaw == 0 && pitch == 0 && roll == 0) {
            return new Result(frame.copy(), new boolean[size * size], null, tCo, Pose.IDENTITY);
        }
        Pose m = motion(tCo, yaw, pitch, roll);
        intoFrame(tCo);
        moveFace(m);
        moveRest(m);
        RgbImage out = new RgbImage(size, size);
        float[] depth = new float[window.w() * window.h()];
        Arrays.fill(depth, Float.NaN);
        compose(frame, m, out, window, depth);
        boolean[] holes = fillHoles(out);
        return new Result(out, holes, depth, m.compose(tCo), m);
    }

    /**
     * Frame k's position and depth of every canonical pixel (NaN behind the camera), the box of frame k
     * where non-face pixels can move, and frame k's z-buffer of face points, which tells which face
     * points frame k sees and which of its pixels are face.
     */
    private void intoFrame(Pose tCo) {
        double[] r = tCo.r(), t = tCo.t();
        float f = (float) cam.focal(), cx = (float) cam.cx(), cy = (float) cam.cy();
        float r0 = (float) r[0], r1 = (float) r[1], r2 = (float) r[2], r3 = (float) r[3], r4 = (float) r[4], r5 = (float) r[5];
        float r6 = (float) r[6], r7 = (float) r[7], r8 = (float) r[8], t0 = (float) t[0], t1 = (float) t[1], t2 = (float) t[2];
        float minU = Float.POSITIVE_INFINITY, minV = Float.POSITIVE_INFINITY, maxU = Float.NEGATIVE_INFINITY, maxV = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < pointX.length; p++) {
            float x = pointX[p], y = pointY[p], z = pointZ[p];
            float xk = r0 * x + r1 * y + r2 * z + t0, yk = r3 * x + r4 * y + r5 * z + t1, zk = r6 * x + r7 * y + r8 * z + t2;
            if (!(zk > 0)) {
                srcUV[2 * p] = srcUV[2 * p + 1] = weightZ[2 * p + 1] = Float.NaN;
                continue;
            }
            float u = f * xk / zk + cx, v = f * yk / zk + cy;
            srcUV[2 * p] = u;
            srcUV[2 * p + 1] = v;
            weightZ[2 * p + 1] = zk;
            if (weightZ[2 * p] > 0) {
                minU = Math.min(minU, u);
                maxU = Math.max(maxU, u);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
        }
        moveX0 = (int) Math.max(0, Math.floor(minU) - 2);
        moveY0 = (int) Math.max(0, Math.floor(minV) - 2);
        moveX1 = (int) Math.min(size, Math.ceil(maxU) + 2);
        moveY1 = (int) Math.min(size, Math.ceil(maxV) + 2);
        Arrays.fill(frameZ, Float.POSITIVE_INFINITY);
        for (int p : face) {
            if (weightZ[2 * p + 1] > 0) splatMin(frameZ, srcUV[2 * p], srcUV[2 * p + 1], weightZ[2 * p + 1]);
        }
    }

    /** New positions of the face points frame k sees, and the new view's face depth (nearZ, zSum/wSum). */
    private void moveFace(Pose m) {
        double[] r = m.r(), t = m.t();
        float f = (float) cam.focal(), cx = (float) cam.cx(), cy = (float) cam.cy();
        float r0 = (float) r[0], r1 = (float) r[1], r2 = (float) r[2], r3 = (float) r[3], r4 = (float) r[4], r5 = (float) r[5];
        float r6 = (float) r[6], r7 = (float) r[7], r8 = (float) r[8], t0 = (float) t[0], t1 = (float) t[1], t2 = (float) t[2];
        Arrays.fill(nearZ, Float.POSITIVE_INFINITY);
        for (int i = 0; i < face.length; i++) {
            int p = face[i];
            newZ[i] = Float.NaN;
            float u = srcUV[2 * p], v = srcUV[2 * p + 1], z = weightZ[2 * p + 1];
            if (!(u >= 0 && u < size && v >= 0 && v < size)) continue;   // also NaN: frame k does not see it
            if (z > frameZ[(int) v * size + (int) u] + slack[p]) continue;   // hidden in frame k
            float x = (u - cx) * z / f, y = (v - cy) * z / f;
            float xn = r0 * x + r1 * y + r2 * z + t0, yn = r3 * x + r4 * y + r5 * z + t1, zn = r6 * x + r7 * y + r8 * z + t2;
            if (!(zn > 0)) continue;
            newU[i] = f * xn / zn + cx;
            newV[i] = f * yn / zn + cy;
            newZ[i] = zn;
            splatMin(nearZ, newU[i], newV[i], zn);
        }
        Arrays.fill(zSum, 0);
        Arrays.fill(wSum, 0);
        for (int i = 0; i < face.length; i++) {
            float z = newZ[i];
            if (!(z > 0)) continue;
            float limit = slack[face[i]];
            float gx = newU[i] - 0.5f, gy = newV[i] - 0.5f;
            int x0 = (int) Math.floor(gx), y0 = (int) Math.floor(gy);
            float fx = gx - x0, fy = gy - y0;
            for (int dy = 0; dy < 2; dy++) {
                int y = y0 + dy;
                if (y < 0 || y >= size) continue;
                float wy = dy == 0 ? 1 - fy : fy;
                for (int dx = 0; dx < 2; dx++) {
                    int x = x0 + dx;
                    float w = wy * (dx == 0 ? 1 - fx : fx);
                    if (x < 0 || x >= size || w < MIN_SPLAT) continue;
                    int q = y * size + x;
                    if (z <= nearZ[q] + limit) {
                        zSum[q] += w * z;
                        wSum[q] += w;
                    }
                }
            }
        }
    }

    /** Keeps the smaller depth on the 2×2 pixels around (u, v) that the point covers. */
    private void splatMin(float[] buffer, float u, float v, float z) {
        float gx = u - 0.5f, gy = v - 0.5f;
        int x0 = (int) Math.floor(gx), y0 = (int) Math.floor(gy);
        float fx = gx - x0, fy = gy - y0;
        for (int dy = 0; dy < 2; dy++) {
            int y = y0 + dy;
            if (y < 0 || y >= size) continue;
            float wy = dy == 0 ? 1 - fy : fy;
            for (int dx = 0; dx < 2; dx++) {
                int x = x0 + dx;
                if (x < 0 || x >= size || wy * (dx == 0 ? 1 - fx : fx) < MIN_SPLAT) continue;
                int q = y * size + x;
                if (z < buffer[q]) buffer[q] = z;
            }
        }
    }

    /**
     * Splats frame k's non-face pixels, each moved by the weighted displacement (from, keyW, keyZ). A
     * moving pixel lands on its nearest pixel and, with lower priority, on the rest of the 2×2 pixels
     * around its new position, so a stretch of up to 2× leaves no cracks. The displacement is smooth
     * off the face, so it is worked out exactly on a grid of every {@link #GRID}th pixel and
     * interpolated bilinearly in between: a sixteenth of the pre-image searches for an error far below
     * a pixel.
     */
    private void moveRest(Pose m) {
        computeNodes(m);
        Arrays.fill(keyW, NOTHING);
        Arrays.fill(keyZ, Float.POSITIVE_INFINITY);
        Arrays.fill(from, -1);
        float[] node = nodes;
        int stride = 4 * nodesPerRow;
        for (int j = 0; j < size; j++) {
            float qv = j + 0.5f;
            boolean rowMoves = j >= moveY0 && j < moveY1;
            int ky = j / GRID;
            float fy = (j - ky * GRID) * (1f / GRID);
            for (int i = 0; i < size; i++) {
                int q = j * size + i;
                if (frameZ[q] != Float.POSITIVE_INFINITY) continue;   // face: moved by moveFace
                if (!rowMoves || i < moveX0 || i >= moveX1) {
                    land(q, q, 0, Float.POSITIVE_INFINITY);
                    continue;
                }
                int kx = i / GRID;
                float fx = (i - kx * GRID) * (1f / GRID);
                int a = ky * stride + 4 * kx, b = a + 4, c = a + stride, d = c + 4;
                float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                float w = w00 * node[a] + w10 * node[b] + w01 * node[c] + w11 * node[d];
                if (!(w > 0)) {
                    land(q, q, 0, Float.POSITIVE_INFINITY);
                    continue;
                }
                float u = i + 0.5f + w00 * node[a + 1] + w10 * node[b + 1] + w01 * node[c + 1] + w11 * node[d + 1];
                float v = qv + w00 * node[a + 2] + w10 * node[b + 2] + w01 * node[c + 2] + w11 * node[d + 2];
                float z = w00 * node[a + 3] + w10 * node[b + 3] + w01 * node[c + 3] + w11 * node[d + 3];
                if (!(u > -0.5f && v > -0.5f && u < size + 0.5f && v < size + 0.5f)) continue;
                int nearest = u < size && v < size ? (int) v * size + (int) u : -1;
                if (nearest >= 0) land(nearest, q, w, z);
                int x0 = (int) (u + 0.5f) - 1, y0 = (int) (v + 0.5f) - 1;   // floor(u − ½) for u > −½
                for (int y1 = Math.max(0, y0); y1 <= y0 + 1 && y1 < size; y1++) {
                    for (int x1 = Math.max(0, x0); x1 <= x0 + 1 && x1 < size; x1++) {
                        int o = y1 * size + x1;
                        if (o != nearest) land(o, q, w - 2, z);
                    }
                }
            }
        }
    }

    /**
     * Per grid node (frame-k pixel (kx·GRID, ky·GRID)): its weight, its weighted displacement (u, v)
     * and its new depth. Weight and frame-k depth are read at the node's canonical pre-image, found by
     * two fixed-point steps p ← p − (s(p) − q) from p = q, where s maps canonical pixels into frame k.
     */
    private void computeNodes(Pose m) {
        double[] r = m.r(), t = m.t();
        float f = (float) cam.focal(), cx = (float) cam.cx(), cy = (float) cam.cy();
        float r0 = (float) r[0], r1 = (float) r[1], r2 = (float) r[2], r3 = (float) r[3], r4 = (float) r[4], r5 = (float) r[5];
        float r6 = (float) r[6], r7 = (float) r[7], r8 = (float) r[8], t0 = (float) t[0], t1 = (float) t[1], t2 = (float) t[2];
        float[] pq = pair;
        for (int ky = 0, k = 0; ky < nodesPerRow; ky++) {
            float qv = ky * GRID + 0.5f;
            for (int kx = 0; kx < nodesPerRow; kx++, k += 4) {
                float qu = kx * GRID + 0.5f;
                nodes[k] = nodes[k + 1] = nodes[k + 2] = nodes[k + 3] = 0;
                if (qu < moveX0 - GRID || qu > moveX1 + GRID || qv < moveY0 - GRID || qv > moveY1 + GRID) continue;
                float pu = qu, pv = qv;
                for (int step = 0; step < 2; step++) {
                    bilinear2(srcUV, pu, pv, pq);
                    pu -= pq[0] - qu;
                    pv -= pq[1] - qv;
                }
                bilinear2(weightZ, pu, pv, pq);
                float w = pq[0], zk = pq[1];
                if (!(w > 0 && zk > 0)) continue;
                float x = (qu - cx) * zk / f, y = (qv - cy) * zk / f;
                float xn = r0 * x + r1 * y + r2 * zk + t0, yn = r3 * x + r4 * y + r5 * zk + t1, zn = r6 * x + r7 * y + r8 * zk + t2;
                if (!(zn > 0)) continue;
                nodes[k] = w;
                nodes[k + 1] = w * (f * xn / zn + cx - qu);
                nodes[k + 2] = w * (f * yn / zn + cy - qv);
                nodes[k + 3] = zk + w * (zn - zk);
            }
        }
    }

    private void land(int target, int source, float key, float z) {
        if (key > keyW[target] || (key == keyW[target] && z < keyZ[target])) {
            keyW[target] = key;
            keyZ[target] = z;
            from[target] = source;
        }
    }

    /**
     * Bilinear sample of an interleaved two-channel S×S canonical map at image position (u, v), taps
     * clamped to the edge, into {@code out}.
     */
    private void bilinear2(float[] map, float u, float v, float[] out) {
        float last = size - 1, x = u - 0.5f, y = v - 0.5f;
        x = x > 0 ? (x < last ? x : last) : 0;
        y = y > 0 ? (y < last ? y : last) : 0;
        int x0 = (int) x, y0 = (int) y;
        int dx = x0 < size - 1 ? 2 : 0, dy = y0 < size - 1 ? 2 * size : 0;
        float fx = x - x0, fy = y - y0;
        int a = 2 * (y0 * size + x0), c = a + dy;
        float top = map[a] + fx * (map[a + dx] - map[a]), bottom = map[c] + fx * (map[c + dx] - map[c]);
        out[0] = top + fy * (bottom - top);
        top = map[a + 1] + fx * (map[a + dx + 1] - map[a + 1]);
        bottom = map[c + 1] + fx * (map[c + dx + 1] - map[c + 1]);
        out[1] = top + fy * (bottom - top);
    }

    /** Writes the new image: face pixels fetched through M⁻¹, else the landed non-face pixel; marks holes. */
    private void compose(RgbImage frame, Pose m, RgbImage out, Rect window, float[] depth) {
        double[] r = m.r(), t = m.t();
        float f = (float) cam.focal(), cx = (float) cam.cx(), cy = (float) cam.cy();
        // M⁻¹: X_k = Rᵀ·(X' − t)
        float r0 = (float) r[0], r1 = (float) r[3], r2 = (float) r[6], r3 = (float) r[1], r4 = (float) r[4], r5 = (float) r[7];
        float r6 = (float) r[2], r7 = (float) r[5], r8 = (float) r[8], t0 = (float) t[0], t1 = (float) t[1], t2 = (float) t[2];
        byte[] src = frame.rgb, dst = out.rgb;
        int last = size - 1;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                int q = j * size + i;
                state[q] = 0;
                if (wSum[q] > 0) {
                    float z = zSum[q] / wSum[q];
                    float x = (i + 0.5f - cx) * z / f - t0, y = (j + 0.5f - cy) * z / f - t1, zz = z - t2;
                    float xk = r0 * x + r1 * y + r2 * zz, yk = r3 * x + r4 * y + r5 * zz, zk = r6 * x + r7 * y + r8 * zz;
                    float u = f * xk / zk + cx, v = f * yk / zk + cy;
                    if (zk > 0 && u >= 0 && u <= size && v >= 0 && v <= size) {
                        float sx = Math.max(0, Math.min(last, u - 0.5f)), sy = Math.max(0, Math.min(last, v - 0.5f));
                        int x0 = (int) sx, y0 = (int) sy, x1 = Math.min(x0 + 1, last), y1 = Math.min(y0 + 1, last);
                        float fx = sx - x0, fy = sy - y0;
                        float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                        int i00 = 3 * (y0 * size + x0), i10 = 3 * (y0 * size + x1), i01 = 3 * (y1 * size + x0), i11 = 3 * (y1 * size + x1);
                        for (int c = 0; c < 3; c++) {
                            float val = w00 * (src[i00 + c] & 0xff) + w10 * (src[i10 + c] & 0xff)
                                    + w01 * (src[i01 + c] & 0xff) + w11 * (src[i11 + c] & 0xff);
                            dst[3 * q + c] = (byte) (int) (val + 0.5f);
                        }
                        int wx = i - window.x(), wy = j - window.y();
                        if (wx >= 0 && wx < window.w() && wy >= 0 && wy < window.h()) depth[wy * window.w() + wx] = z;
                        continue;
                    }
                }
                int s = from[q];
                if (s >= 0) {
                    dst[3 * q] = src[3 * s];
                    dst[3 * q + 1] = src[3 * s + 1];
                    dst[3 * q + 2] = src[3 * s + 2];
                } else {
                    state[q] = window.contains(i + 0.5, j + 0.5) ? HOLE_KEPT : HOLE_FILLED;
                }
            }
        }
    }

    /**
     * Fills the holes outside the window (state 1) from their known neighbours, ring by ring inward,
     * then smooths them by diffusion sweeps; returns the mask of the holes kept (state 2).
     */
    private boolean[] fillHoles(RgbImage out) {
        byte[] rgb = out.rgb;
        int n = size * size, count = 0;
        boolean[] kept = new boolean[n];
        for (int q = 0; q < n; q++) {
            if (state[q] == HOLE_FILLED) filled[count++] = q;
            else if (state[q] == HOLE_KEPT) kept[q] = true;
        }
        System.arraycopy(filled, 0, pending, 0, count);
        int left = count;
        while (left > 0) {
            int found = 0, still = 0;
            for (int k = 0; k < left; k++) {
                int q = pending[k], x = q % size, y = q / size, sr = 0, sg = 0, sb = 0, m = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= size) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, o = yy * size + xx;
                        if (xx < 0 || xx >= size || state[o] != 0) continue;
                        sr += rgb[3 * o] & 0xff;
                        sg += rgb[3 * o + 1] & 0xff;
                        sb += rgb[3 * o + 2] & 0xff;
                        m++;
                    }
                }
                if (m == 0) {
                    pending[still++] = q;
                    continue;
                }
                // the pixel joins the known ones only after the ring: the result does not depend on the scan order
                ready[found] = q;
                rgb[3 * q] = (byte) ((sr + m / 2) / m);
                rgb[3 * q + 1] = (byte) ((sg + m / 2) / m);
                rgb[3 * q + 2] = (byte) ((sb + m / 2) / m);
                found++;
            }
            if (found == 0) {
                // nothing known anywhere near: only possible for an image that is all holes
                for (int k = 0; k < still; k++) Arrays.fill(rgb, 3 * pending[k], 3 * pending[k] + 3, (byte) 128);
                break;
            }
            for (int k = 0; k < found; k++) state[ready[k]] = 0;
            left = still;
        }
        for (int sweep = 0; sweep < SMOOTHING_SWEEPS; sweep++) {
            for (int k = 0; k < count; k++) {
                int q = filled[k], x = q % size, y = q / size, sr = 0, sg = 0, sb = 0, m = 0;
                for (int d = 0; d < 4; d++) {
                    int xx = x + (d == 0 ? -1 : d == 1 ? 1 : 0), yy = y + (d == 2 ? -1 : d == 3 ? 1 : 0);
                    if (xx < 0 || xx >= size || yy < 0 || yy >= size) continue;
                    int o = yy * size + xx;
                    if (state[o] != 0) continue;
                    sr += rgb[3 * o] & 0xff;
                    sg += rgb[3 * o + 1] & 0xff;
                    sb += rgb[3 * o + 2] & 0xff;
                    m++;
                }
                if (m == 0) continue;
                rgb[3 * q] = (byte) ((sr + m / 2) / m);
                rgb[3 * q + 1] = (byte) ((sg + m / 2) / m);
                rgb[3 * q + 2] = (byte) ((sb + m / 2) / m);
            }
        }
        return kept;
    }

    /**
     * A picture for a person to check the warp: the frame under every (yaw, pitch) pair, yaw across and
     * pitch down, each tile labelled, with the holes left inside {@code window} in magenta (give the
     * whole crop as window to see every hole, the mouth window to see what the Blend-Net must fill).
     */
    public static void writeGrid(Path png, RgbImage frame, Camera cam, float[] canonicalDepth, byte[] faceMask, Pose tCo,
                                 Rect window, double[] yaws, double[] pitches) {
        if (frame.width != frame.height) throw new IllegalArgumentException("the working crop must be square");
        if (yaws.length == 0 || pitches.length == 0) throw new IllegalArgumentException("the grid needs at least one yaw and one pitch");
        for (double y : yaws) checkOffset(y, 0, 0);
        for (double p : pitches) checkOffset(0, p, 0);
        int s = frame.width;
        PoseShift shift = new PoseShift(cam, canonicalDepth, faceMask, s);
        BufferedImage sheet = new BufferedImage(yaws.length * s, pitches.length * s, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, s / 20)));
        int band = g.getFontMetrics().getHeight() + 2;
        for (int row = 0; row < pitches.length; row++) {
            for (int col = 0; col < yaws.length; col++) {
                Result r = shift.apply(frame, tCo, yaws[col], pitches[row], 0, window);
                RgbImage img = r.image();
                for (int q = 0; q < r.holes().length; q++) if (r.holes()[q]) img.set(q % s, q / s, 255, 0, 255);
                g.drawImage(img.toBufferedImage(), col * s, row * s, null);
                g.setColor(new Color(0, 0, 0, 150));
                g.fillRect(col * s, row * s, s, band);
                g.setColor(Color.WHITE);
                g.drawString("yaw " + signed(yaws[col]) + "  pitch " + signed(pitches[row]), col * s + 3, row * s + band - 4);
            }
        }
        g.dispose();
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(sheet, "png", out)) throw new IOException("no PNG writer");
        });
    }

    /** Depth with every non-finite pixel filled smoothly from the rest, as the canonical depth block does. */
    private static float[] finite(float[] depth, int size) {
        float[] out = depth.clone();
        boolean gaps = false;
        for (int p = 0; p < out.length; p++) {
            if (!Float.isFinite(out[p])) {
                out[p] = Float.NaN;
                gaps = true;
            }
        }
        return gaps ? FaceGeometry.fillOutside(out, size, size) : out;
    }

    /**
     * 1 on the mask, falling as a cosine to 0 at {@code margin} pixels from it; distances by a two-pass
     * chamfer transform (1, √2), within a few percent of Euclidean, which is plenty for a soft weight.
     */
    private static float[] falloff(byte[] mask, int size, double margin) {
        int n = size * size;
        float[] d = new float[n];
        float diag = (float) Math.sqrt(2);
        for (int p = 0; p < n; p++) d[p] = mask[p] != 0 ? 0 : Float.POSITIVE_INFINITY;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = y * size + x;
                float v = d[p];
                if (x > 0) v = Math.min(v, d[p - 1] + 1);
                if (y > 0) {
                    v = Math.min(v, d[p - size] + 1);
                    if (x > 0) v = Math.min(v, d[p - size - 1] + diag);
                    if (x < size - 1) v = Math.min(v, d[p - size + 1] + diag);
                }
                d[p] = v;
            }
        }
        for (int y = size - 1; y >= 0; y--) {
            for (int x = size - 1; x >= 0; x--) {
                int p = y * size + x;
                float v = d[p];
                if (x < size - 1) v = Math.min(v, d[p + 1] + 1);
                if (y < size - 1) {
                    v = Math.min(v, d[p + size] + 1);
                    if (x < size - 1) v = Math.min(v, d[p + size + 1] + diag);
                    if (x > 0) v = Math.min(v, d[p + size - 1] + diag);
                }
                d[p] = v;
            }
        }
        for (int p = 0; p < n; p++) d[p] = d[p] >= margin ? 0 : (float) (0.5 + 0.5 * Math.cos(Math.PI * d[p] / margin));
        return d;
    }

    /**
     * How much deeper than the nearest point on a pixel a point may lie and still count as the same
     * surface: twice the local depth step per pixel (neighbours on a slope are nearer by about that)
     * plus a small fraction of the depth, well below the depth step from a nose to the cheek behind it.
     */
    private static float[] slack(float[] depth, int size) {
        float[] out = new float[depth.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int l = y * size + Math.max(0, x - 1), r = y * size + Math.min(size - 1, x + 1);
                int u = Math.max(0, y - 1) * size + x, d = Math.min(size - 1, y + 1) * size + x;
                float step = Math.max(Math.abs(depth[r] - depth[l]), Math.abs(depth[d] - depth[u])) / 2;
                out[y * size + x] = 2 * step + SURFACE_TOLERANCE * Math.abs(depth[y * size + x]);
            }
        }
        return out;
    }

    private static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + number(v);
    }
}
