package org.speech2lip.eval;

import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.ViewWarp;
import org.speech2lip.media.RgbImage;
import org.speech2lip.render.CropLips;
import org.speech2lip.render.FieldLips;
import org.speech2lip.render.LipSource;
import org.speech2lip.render.SpeechFeatures;
import org.speech2lip.train.TrainedModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/** The methods eval compares, and how their frames are read back for the sync judge. */
final class Methods {
    private Methods() {}

    /**
     * The lips of each method by name: {@code model} (the lip field on {@code speech}), {@code static}
     * (the canonical frame's lip crop) and {@code retrieval} (the lip crop of {@code nearest} of the
     * scene's output frame).
     */
    static Map<String, LipSource> lipSources(TrainedModel model, SpeechFeatures speech, IntUnaryOperator nearest) {
        SubjectData subject = model.subject();
        int canonical = subject.meta().canonicalFrame();
        Map<String, LipSource> sources = new LinkedHashMap<>();
        sources.put("model", new FieldLips(model, speech));
        sources.put("static", new CropLips(subject, i -> canonical));
        sources.put("retrieval", new CropLips(subject, nearest));
        return sources;
    }

    /**
     * The mouth of a full frame showing subject frame k's pose, warped into the canonical lip box (O2C
     * with prepare's depth), as prepare made the lip crops; written into {@code out} at {@code at}.
     */
    static void canonicalLips(RgbImage frame, SubjectData subject, float[] depth, int k, byte[] out, int at) {
        int size = subject.meta().crop().size();
        RgbImage crop = frame.crop(subject.meta().crop().x(), subject.meta().crop().y(), size, size);
        RgbImage lips = ViewWarp.o2c(crop, subject.camera(), depth, size, size, subject.canonicalToFrame(k), subject.lipBox()).image();
        System.arraycopy(lips.rgb, 0, out, at, lips.rgb.length);
    }
}
