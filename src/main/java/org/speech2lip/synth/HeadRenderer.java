package org.speech2lip.synth;

import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.Pose;
import org.speech2lip.media.RgbImage;

/**
 * Renders the synthetic head: the canonical face deformed by the mouth rig, closed into a head
 * with hair, ears, a mouth cavity with teeth and tongue, neck and shoulders, over a graded
 * background. Shading is Lambertian with wrapped light on skin (a soft terminator), Blinn-Phong
 * highlights, hemispheric ambient light and crease occlusion; 2×2 supersampling antialiases it.
 * Not thread-safe: it reuses its buffers.
 */
public final class HeadRenderer {
    /** One head in a frame: where it is, and its mouth (opening 0…1, rounding −1…1). */
    public record Head(Pose pose, double opening, double rounding) {}

    private static final int SS = 2;
    private static final int HEAD = 0, CAVITY = 1, EARS = 2, BODY = 3, PARTS = 4;
    /** The point of the neck the head turns about, head-model cm; the body follows its position. */
    static final double[] NECK_PIVOT = {0, 6, 3.5};

    private static final double[] KEY = unit(-0.45, -0.55, -0.70), FILL = unit(0.65, -0.1, -0.75);
    private static final double KEY_LIGHT = 0.9, FILL_LIGHT = 0.25;

    private final int width, height;
    private final HeadModel model = HeadModel.standard();
    private final Appearance look;
    private final Noise noise;
    private final FaceTexture texture;
    private final VisibilityBuffer vis;
    private final float[] background, colour;
    private final byte[] toSrgb = new byte[4096];
    private PartFrame[] parts = new PartFrame[0];

    public HeadRenderer(int width, int height, SynthSpec.SkinTone skin, long seed) {
        this.width = width;
        this.height = height;
        look = new Appearance(skin, seed);
        noise = new Noise(seed + 1);
        texture = new FaceTexture(model.head.vertices(), look, noise);
        vis = new VisibilityBuffer(width * SS, height * SS);
        colour = new float[width * SS * height * SS * 3];
        background = background(width * SS, height * SS);
        for (int i = 0; i < toSrgb.length; i++) toSrgb[i] = (byte) Math.round(255 * Math.pow(i / 4095.0, 1 / 2.2));
    }

    /** The image of the given heads (the first one is the speaker) seen by the camera. */
    public RgbImage render(Camera camera, Head... heads) {
        if (parts.length != heads.length * PARTS) {
            parts = new PartFrame[heads.length * PARTS];
            for (int h = 0; h < heads.length; h++) {
                parts[h * PARTS + HEAD] = new PartFrame(model.head);
                parts[h * PARTS + CAVITY] = new PartFrame(model.cavity);
                parts[h * PARTS + EARS] = new PartFrame(model.ears);
                parts[h * PARTS + BODY] = new PartFrame(model.body);
            }
        }
        Camera ss = new Camera(camera.focal() * SS, camera.cx() * SS, camera.cy() * SS);
        vis.clear();
        for (int h = 0; h < heads.length; h++) {
            Head head = heads[h];
            int base = h * PARTS;
            model.headRig.deform(model.head.vertices(), head.opening(), head.rounding(), parts[base + HEAD].posed);
            model.cavityRig.deform(model.cavity.vertices(), head.opening(), head.rounding(), parts[base + CAVITY].posed);
            parts[base + HEAD].place(head.pose(), ss);
            parts[base + CAVITY].place(head.pose(), ss);
            parts[base + EARS].place(head.pose(), ss);
            parts[base + BODY].place(bodyPose(head.pose()), ss);
            for (int k = base; k < base + PARTS; k++) vis.draw(k, parts[k].screen, parts[k].mesh.triangles());
        }
        shade();
        return downsample();
    }

    /** The 468 face vertices of the head, deformed and projected: 468 × (u, v) image coordinates. */
    public float[] landmarks(Camera camera, Head head) {
        float[] v = new float[model.head.vertices().length];
        model.headRig.deform(model.head.vertices(), head.opening(), head.rounding(), v);
        float[] out = new float[CanonicalFaceModel.VERTICES * 2];
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
            double[] uv = camera.project(head.pose().apply(new double[] {v[3 * i], v[3 * i + 1], v[3 * i + 2]}));
            out[2 * i] = (float) uv[0];
            out[2 * i + 1] = (float) uv[1];
        }
        return out;
    }

    /** The body turns only a third as much as the head and keeps the neck pivot where the head has it. */
    static Pose bodyPose(Pose head) {
        double[] ypr = head.yawPitchRollDegrees();
        Pose r = Pose.fromYawPitchRollDegrees(ypr[0] / 3, ypr[1] / 3, ypr[2] / 3, new double[3]);
        double[] at = head.apply(NECK_PIVOT), rn = r.apply(NECK_PIVOT);
        return new Pose(r.r(), new double[] {at[0] - rn[0], at[1] - rn[1], at[2] - rn[2]});
    }

    /**
     * Per frame state of one mesh: its vertices as the mouth has moved them (still head-model
     * coordinates), in camera space with normals, and on screen (u, v, depth).
     */
    private static final class PartFrame {
        final Mesh mesh;
        final float[] posed, cam, normal, screen;

        PartFrame(Mesh mesh) {
            this.mesh = mesh;
            int n = mesh.vertices().length;
            posed = mesh.vertices().clone();
            cam = new float[n];
            normal = new float[n];
            screen = new float[n];
        }

        void place(Pose pose, Camera camera) {
            float[] nrm = new float[posed.length];
            Mesh.normals(posed, mesh.triangles(), nrm);
            double[] r = pose.r(), t = pose.t();
            for (int i = 0; i < posed.length; i += 3) {
                double x = posed[i], y = posed[i + 1], z = posed[i + 2];
                double cx = r[0] * x + r[1] * y + r[2] * z + t[0];
                double cy = r[3] * x + r[4] * y + r[5] * z + t[1];
                double cz = r[6] * x + r[7] * y + r[8] * z + t[2];
                cam[i] = (float) cx;
                cam[i + 1] = (float) cy;
                cam[i + 2] = (float) cz;
                x = nrm[i];
                y = nrm[i + 1];
                z = nrm[i + 2];
                normal[i] = (float) (r[0] * x + r[1] * y + r[2] * z);
                normal[i + 1] = (float) (r[3] * x + r[4] * y + r[5] * z);
                normal[i + 2] = (float) (r[6] * x + r[7] * y + r[8] * z);
                screen[i] = (float) (camera.focal() * cx / cz + camera.cx());
                screen[i + 1] = (float) (camera.focal() * cy / cz + camera.cy());
                screen[i + 2] = (float) cz;
            }
        }
    }

    private void shade() {
        float[] tex = new float[4];
        double[] albedo = new double[3], hair = new double[3], n = new double[3], rest = new double[3], view = new double[3];
        for (int p = 0; p < vis.part.length; p++) {
            int id = vis.part[p];
            if (id < 0) {
                System.arraycopy(background, 3 * p, colour, 3 * p, 3);
                continue;
            }
            PartFrame f = parts[id];
            int kind = id % PARTS, tri = vis.triangle[p];
            int[] t = f.mesh.triangles();
            int a = 3 * t[3 * tri], b = 3 * t[3 * tri + 1], c = 3 * t[3 * tri + 2];
            float w1 = vis.w1[p], w2 = vis.w2[p], w0 = 1 - w1 - w2;
            for (int k = 0; k < 3; k++) {
                n[k] = w0 * f.normal[a + k] + w1 * f.normal[b + k] + w2 * f.normal[c + k];
                view[k] = -(w0 * f.cam[a + k] + w1 * f.cam[b + k] + w2 * f.cam[c + k]);
                rest[k] = w0 * f.mesh.vertices()[a + k] + w1 * f.mesh.vertices()[b + k] + w2 * f.mesh.vertices()[c + k];
            }
            normalise(n);
            normalise(view);
            // ao dims the ambient light, shadow the key light
            double spec, shininess = 40, ao = 1, shadow = 1, wrap = 0.35;
            switch (kind) {
                case HEAD -> {
                    float[] occ = model.occlusion;
                    ao = w0 * occ[a / 3] + w1 * occ[b / 3] + w2 * occ[c / 3];
                    shadow = Math.sqrt(ao);
                    if (tri < model.faceTriangles) {
                        texture.sample(rest[0], rest[1], tex);
                        albedo[0] = tex[0];
                        albedo[1] = tex[1];
                        albedo[2] = tex[2];
                        spec = tex[3];
                    } else {
                        double cover = look.hairCover(rest[0], rest[1], rest[2]);
                        look.skinAt(rest[0], rest[1], albedo);
                        if (cover > 0) {
                            look.hairAt(rest[0], rest[1], rest[2], hair);
                            for (int k = 0; k < 3; k++) albedo[k] += cover * (hair[k] - albedo[k]);
                        }
                        spec = 0.05;
                        shininess = 20;
                        wrap = 0.35 * (1 - cover);
                    }
                }
                case CAVITY -> {
                    mouthInside(rest, albedo);
                    for (int k = 0; k < 3; k++) colour[3 * p + k] = (float) (albedo[k] * 0.8);
                    continue;
                }
                case EARS -> {
                    look.skinAt(rest[0], rest[1], albedo);
                    albedo[1] *= 0.92;
                    albedo[2] *= 0.92;
                    ao = 0.8;
                    shadow = 0.9;
                    spec = 0.03;
                }
                default -> {
                    if (tri < model.neckTriangles) {
                        look.skinAt(rest[0], rest[1], albedo);
                        ao = 0.3 + 0.7 * Ramp.smoothstep(9, 18, rest[1]);
                        shadow = Ramp.smoothstep(10, 17, rest[1]);   // the head shades the neck from the key light
                        spec = 0.03;
                    } else {
                        System.arraycopy(look.shirt, 0, albedo, 0, 3);
                        double weave = 1 + 0.04 * noise.at(rest[0] * 3, rest[1] * 3, rest[2] * 3);
                        for (int k = 0; k < 3; k++) albedo[k] *= weave;
                        spec = 0.02;
                        wrap = 0.2;
                    }
                }
            }
            double light = 0.22 + 0.12 * Math.max(0, -n[1]);   // sky from above
            light *= ao;
            light += KEY_LIGHT * wrapped(dot(n, KEY), wrap) * shadow + FILL_LIGHT * wrapped(dot(n, FILL), wrap);
            double hx = KEY[0] + view[0], hy = KEY[1] + view[1], hz = KEY[2] + view[2];
            double hl = Math.sqrt(hx * hx + hy * hy + hz * hz);
            double highlight = dot(n, KEY) > 0 ? spec * KEY_LIGHT * Math.pow(Math.max(0, (n[0] * hx + n[1] * hy + n[2] * hz) / hl), shininess) : 0;
            for (int k = 0; k < 3; k++) colour[3 * p + k] = (float) (albedo[k] * light + highlight * ao);
        }
    }

    /**
     * The inside of the mouth, by rest position: upper teeth just behind the upper lip, the tongue
     * low, and dark red everywhere else.
     */
    private static void mouthInside(double[] rest, double[] out) {
        double x = Math.abs(rest[0]), y = rest[1];
        double r = 0.05, g = 0.012, b = 0.012;
        double lateral = 1 - Ramp.smoothstep(0.8, 1.7, x);
        double upperTeeth = Ramp.smoothstep(3.8, 3.9, y) * Ramp.smoothstep(4.3, 4.15, y) * lateral;
        double tongue = Ramp.smoothstep(4.35, 4.65, y) * (1 - Ramp.smoothstep(1.0, 2.0, x));
        double gaps = 0.8 + 0.2 * Ramp.smoothstep(0.0, 0.06, Math.abs(((rest[0] + 10.21) % 0.42) - 0.21));
        double teeth = upperTeeth * gaps;
        r += teeth * (0.45 - r) + tongue * (0.30 - r) * (1 - teeth);
        g += teeth * (0.42 - g) + tongue * (0.08 - g) * (1 - teeth);
        b += teeth * (0.36 - b) + tongue * (0.08 - b) * (1 - teeth);
        out[0] = r;
        out[1] = g;
        out[2] = b;
    }

    /** A plain, softly lit wall: lighter at the top and toward the centre. */
    private static float[] background(int w, int h) {
        float[] bg = new float[w * h * 3];
        double[] top = Appearance.linear(0.62, 0.66, 0.70), bottom = Appearance.linear(0.40, 0.44, 0.48);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (y + 0.5) / h, dx = (x + 0.5) / w - 0.5, dy = t - 0.4;
                double glow = 1 + 0.25 * Math.exp(-(dx * dx + dy * dy) / 0.15);
                for (int k = 0; k < 3; k++) bg[3 * (y * w + x) + k] = (float) ((top[k] + t * (bottom[k] - top[k])) * glow);
            }
        }
        return bg;
    }

    private RgbImage downsample() {
        RgbImage img = new RgbImage(width, height);
        int sw = width * SS;
        float norm = 1f / (SS * SS);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < 3; k++) {
                    float s = 0;
                    for (int j = 0; j < SS; j++) {
                        for (int i = 0; i < SS; i++) s += colour[3 * ((y * SS + j) * sw + x * SS + i) + k];
                    }
                    int q = (int) (Math.min(1f, Math.max(0f, s * norm)) * 4095 + 0.5f);
                    img.rgb[3 * (y * width + x) + k] = toSrgb[q];
                }
            }
        }
        return img;
    }

    private static double wrapped(double cos, double wrap) {
        return Math.max(0, (cos + wrap) / (1 + wrap));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static void normalise(double[] v) {
        double l = Math.sqrt(dot(v, v));
        if (l > 0) {
            v[0] /= l;
            v[1] /= l;
            v[2] /= l;
        }
    }

    private static double[] unit(double x, double y, double z) {
        double[] v = {x, y, z};
        normalise(v);
        return v;
    }
}
