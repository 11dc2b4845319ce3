/**
 * Finding and following the speaker's face: MediaPipe's BlazeFace detector and 468-point face mesh
 * run with TensorFlow Lite on the CPU.
 *
 * <p>A clip is prepared in three steps: {@link org.speech2lip.face.WorkingCrop} picks one square of
 * the frame from detections on a few sampled frames; {@link org.speech2lip.face.FaceTracker} follows
 * the face through every cropped frame; {@link org.speech2lip.face.FaceTrackResult} fills short
 * gaps, smooths the track and refuses clips that cannot be trained on.
 *
 * <p>All coordinates are image pixels in the project's continuous convention (see
 * {@code org.speech2lip.geometry}): pixel (i, j) covers [i, i+1) × [j, j+1). Landmark z is
 * MediaPipe's relative depth in the same pixel scale as x.
 */
package org.speech2lip.face;
