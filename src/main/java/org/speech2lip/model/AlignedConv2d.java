package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Locale;

/**
 * A {@link Conv2d} whose channel counts the CPU kernels never have to pad.
 *
 * <p>PyTorch 2.5.1's oneDNN convolutions on x86 pack channels in blocks of 8 (AVX2) or 16
 * (AVX-512). When a count is not a whole number of blocks they round it up, and the extra lanes
 * are not cleared: whatever a freed tensor left there enters the sum. Measured on an AMD EPYC with
 * the AVX2 cap, against a float64 reference, with finite values left in freed memory: the forward
 * pass is 20–60 % wrong when more than 8 input channels are not a multiple of 8 (the sync expert's
 * 15-channel face stem), and the input gradient is wrong when the output channels are not (a 3×3
 * layer with 12 filters); NaN left there comes out as NaN. Fewer input channels than a block take a
 * kernel that does not pack them, and 1×1 and depthwise layers were right in every case.
 *
 * <p>So on the CPU this layer appends zero channels to the input and zero filters to the weight up
 * to a whole block (the output keeps the real filters only): the parameters, their shapes and the
 * saved format stay those of {@link Conv2d}, and the padded lanes hold zeros the kernel can trust.
 * The sync expert's 15-channel stem becomes 16; every other layer of the shipped networks is
 * already aligned, so nothing else changes.
 */
public final class AlignedConv2d extends Conv2d {
    /** Channels per oneDNN block: 8 under an AVX2-or-lower cap ({@code DNNL_MAX_CPU_ISA}), else 16. */
    static final int LANES = lanes(System.getenv("DNNL_MAX_CPU_ISA"));

    public AlignedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    static int lanes(String isaCap) {
        String isa = isaCap == null ? "" : isaCap.trim().toUpperCase(Locale.ROOT);
        return isa.startsWith("SSE") || isa.equals("AVX") || isa.startsWith("AVX2") ? 8 : 16;
    }

    /** Input channels to pad to: counts below one block take an unpacked kernel and stay as they are. */
    static long alignedInputs(long channels) {
        return channels <= LANES ? channels : roundUp(channels);
    }

    /** Filters to compute: 1×1 kernels were right with any count. */
    static long alignedFilters(long filters, Shape kernel) {
        return kernel.size() == 1 ? filters : roundUp(filters);
    }

    private static long roundUp(long n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        if (!Device.Type.CPU.equals(device.getDeviceType()) || groups != 1) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        Shape ws = w.getShape();
        long filters = ws.get(0), inputs0 = ws.get(1);
        long in = alignedInputs(inputs0), out = alignedFilters(filters, kernelShape);
        NDManager scope = x.getManager();
        if (in > inputs0) {
            Shape xs = x.getShape();
            x = withZeros(x, new Shape(xs.get(0), in - inputs0, xs.get(2), xs.get(3)), 1, scope);
            w = withZeros(w, new Shape(filters, in - inputs0, ws.get(2), ws.get(3)), 1, scope);
        }
        if (out > filters) {
            w = withZeros(w, new Shape(out - filters, in, ws.get(2), ws.get(3)), 0, scope);
            if (b != null) b = withZeros(b, new Shape(out - filters), 0, scope);
        }
        NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(out > filters ? y.get(":, 0:{}", filters) : y);
    }

    /**
     * {@code a} followed by zeros along {@code axis}, owned by {@code scope}: a concatenation
     * belongs to its first operand's manager, which for a weight is the model's, where it would
     * stay until the model is closed.
     */
    private static NDArray withZeros(NDArray a, Shape zeros, int axis, NDManager scope) {
        NDArray joined = a.concat(scope.zeros(zeros, a.getDataType()), axis);
        joined.attach(scope);
        return joined;
    }
}
