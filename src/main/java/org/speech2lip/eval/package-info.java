/**
 * The per-image and per-sequence measures of the {@code eval} verb, in plain Java so that scores do
 * not depend on an inference engine: PSNR and SSIM against the ground-truth frame, CPBD sharpness,
 * landmark distance, and Pearson correlation with a lag search for synchronisation.
 *
 * <p>Every measure is defined exactly in its class comment and in {@code docs/metrics.md}: which
 * pixels (a {@link org.speech2lip.geometry.Rect} that must lie inside the image), which colour
 * space (8-bit RGB, or BT.601 luma for CPBD) and which range the result has.
 */
package org.speech2lip.eval;
