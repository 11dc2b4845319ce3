package org.speech2lip.face;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

/**
 * A float32 TensorFlow Lite model with one input, run on the CPU (the default XNNPACK delegate).
 * Tensors are allocated once; {@link #run} copies the input into the native tensor and the outputs
 * into Java arrays that are reused by every call.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class TfliteModel implements AutoCloseable {
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final InterpreterBuilder builder;
    private final Interpreter interpreter;
    private final int[] inputShape;
    private final int[][] outputShapes;
    private final FloatPointer input;
    private final FloatPointer[] outputs;
    private final float[][] results;

    public TfliteModel(Path file, int threads) {
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("TensorFlow Lite cannot read " + file);
        }
        resolver = new BuiltinOpResolver();
        builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(Math.max(1, threads));
        interpreter = new Interpreter((Pointer) null);
        // the XNNPACK delegate announces itself on stderr when it is made
        QuietStderr.run(() -> {
            check(builder.apply(interpreter), "build the interpreter for " + file);
            check(interpreter.AllocateTensors(), "allocate the tensors of " + file);
        });
        if (interpreter.inputs().limit() != 1) {
            throw new IllegalStateException(file + " has " + interpreter.inputs().limit() + " inputs, expected 1");
        }
        TfLiteTensor in = interpreter.input_tensor(0);
        inputShape = floatShape(in, file);
        input = interpreter.typed_input_tensor_float(0).capacity(count(inputShape));

        int n = (int) interpreter.outputs().limit();
        outputShapes = new int[n][];
        outputs = new FloatPointer[n];
        results = new float[n][];
        for (int k = 0; k < n; k++) {
            outputShapes[k] = floatShape(interpreter.output_tensor(k), file);
            outputs[k] = interpreter.typed_output_tensor_float(k).capacity(count(outputShapes[k]));
            results[k] = new float[count(outputShapes[k])];
        }
    }

    /** The input tensor's shape, e.g. [1, 192, 192, 3]. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[][] outputShapes() {
        int[][] s = new int[outputShapes.length][];
        for (int k = 0; k < s.length; k++) s[k] = outputShapes[k].clone();
        return s;
    }

    /**
     * Runs the model on {@code in} (the input tensor's elements in row-major order) and returns every
     * output tensor flattened. The returned arrays belong to this model and are overwritten by the
     * next call.
     */
    public float[][] run(float[] in) {
        if (in.length != input.capacity()) {
            throw new IllegalArgumentException("input has " + in.length + " values, the model takes " + input.capacity());
        }
        input.put(in);
        check(interpreter.Invoke(), "run the model");
        for (int k = 0; k < outputs.length; k++) outputs[k].get(results[k]);
        return results;
    }

    @Override
    public void close() {
        interpreter.close();
        builder.close();
        resolver.close();
        model.close();
    }

    private static int[] floatShape(TfLiteTensor t, Path file) {
        if (t.type() != kTfLiteFloat32) {
            throw new IllegalStateException(file + ": tensor " + t.name().getString() + " is not float32");
        }
        TfLiteIntArray dims = t.dims();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.data(i);
        return shape;
    }

    private static int count(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    private static void check(int status, String what) {
        if (status != kTfLiteOk) throw new IllegalStateException("TensorFlow Lite could not " + what + " (status " + status + ")");
    }
}
