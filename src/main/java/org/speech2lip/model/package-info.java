/**
 * The Speech2Lip networks on DJL/PyTorch: the audio encoder and implicit lip field (canonical lips
 * from speech), GAMEM (differentiable warps between the canonical and observed views, and the
 * learnable canonical depth), the Blend-Net, and the sync expert with the contrastive sync loss.
 *
 * <p>Images are NCHW float32 in [0, 1]; pixel coordinates follow the geometry package's continuous
 * convention (a sample at (u, v) reads array position (u − 0.5, v − 0.5)); poses are row-major 4×4
 * head-to-camera matrices and T_co = T_o · T_c⁻¹ everywhere.
 *
 * <p>A DJL 0.32 pitfall on the gradient path: {@code NDArray.mul(Number)}, {@code div(Number)} and
 * {@code maximum(Number)} (seen in the sync loss)
 * wrap the number in a tensor over a Java buffer that is freed right after the operation, while
 * PyTorch keeps it for backward; gradients then read freed memory (random NaNs). Multiply by an
 * array made in the step's manager instead ({@code step.create(lambda)}), or use {@code clip}.
 * {@code add}/{@code sub} of a number and {@code clip} are safe. Inference on trainable weights may be
 * on that path too (PyTorch records operations on weights that require gradients), so arrays are
 * used there as well.
 *
 * <p>Random NaNs and silently wrong results of another cause: PyTorch 2.5.1's oneDNN convolutions
 * on x86 pad channel counts to whole blocks of 8 (AVX2) or 16 (AVX-512) lanes without clearing the
 * padding, so whatever freed tensors left there enters the sums (the sync expert's 15-channel face
 * stem was 20–60 % wrong, or NaN, depending on earlier work). Every convolution is therefore an
 * {@link AlignedConv2d}, which pads with zeros itself. The launcher and the tests also cap oneDNN at
 * AVX2 ({@code DNNL_MAX_CPU_ISA}), whose 8-lane blocks fit the fast preset's 8-filter layers
 * without padding. As a second line, every training loop refuses a step whose loss or gradient is
 * not finite and puts back the batch-norm statistics its forward pass moved ({@link StepGuard}).
 */
package org.speech2lip.model;
