/**
 * Video and audio in and out, through JavaCV/FFmpeg in-process: {@link org.speech2lip.media.VideoReader}
 * decodes any container and codec FFmpeg reads and resamples to a fixed frame rate (25 fps in this
 * project), {@link org.speech2lip.media.AudioReader} gives 16 kHz mono, {@link org.speech2lip.media.Mp4Writer}
 * writes H.264 + AAC mp4 atomically, and {@link org.speech2lip.media.LogMel} computes the log-mel
 * features the models hear. Frame k of a clip covers audio time [k/25, (k+1)/25).
 */
package org.speech2lip.media;
