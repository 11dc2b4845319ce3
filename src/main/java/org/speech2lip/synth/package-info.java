/**
 * The built-in synthetic subject: a procedurally rendered, shaded head (MediaPipe's canonical
 * face mesh closed into a head with hair, ears, neck and shoulders) that says formant-synthesised
 * syllables. Its mouth is a known function of the sound, its camera and head pose are known, and
 * {@link org.speech2lip.synth.SynthSubject#generate} writes the clip together with that ground
 * truth, so every later stage (tracking, pose, focal search, lip model, sync) can be checked
 * against exact answers. The render is realistic enough for the real MediaPipe tracker to follow
 * (about 1.4 px mean landmark error at 256×256).
 */
package org.speech2lip.synth;
