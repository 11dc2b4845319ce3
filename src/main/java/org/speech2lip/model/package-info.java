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
 * <p>Random NaNs of another cause: PyTorch 2.5.1's oneDNN convolution kernels for AVX-512, on some
 * CPUs; the launcher and the tests cap oneDNN at AVX2 ({@code DNNL_MAX_CPU_ISA}, see ./speech2lip).
 * With the cap, the sync loss's forward pass still came out NaN now and then on an AVX-512 EPYC
 * (about one stage-2 step in a few hundred; the same windows judged again were finite), cause not
 * found at first; a forward pass in training mode went NaN too (the sync expert's, in about one run
 * of six of 150 steps). Traced since to a kernel on the capped path that reads memory it never
 * wrote: with NaN left in freed memory, the expert's inference pass came out NaN in 157 of 2000
 * runs capped and 0 of 2000 uncapped (the op is not yet identified). Every training loop therefore refuses a step whose loss or gradient is not finite
 * and puts back the batch-norm statistics its forward pass moved ({@link StepGuard}).
 */
package org.speech2lip.model;
