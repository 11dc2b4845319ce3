package org.speech2lip.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * What FFmpeg reports about a media file. Fields of a missing track are 0 (numbers) or null
 * (codec names); durationSeconds is 0 when the container does not say. Codec names are FFmpeg's
 * canonical ones ("h264", "aac", "mp3"). Cover art in a music file does not count as video.
 * Width and height are as displayed, after any rotation the file asks for, as {@link VideoReader} delivers.
 * {@code stillImage} is true for a picture (PNG, JPEG, ...), which FFmpeg opens as a one-frame video.
 */
public record MediaInfo(Path path, int width, int height, double fps, double durationSeconds,
                        boolean hasVideo, boolean hasAudio, int audioSampleRate, int audioChannels,
                        String videoCodec, String audioCodec, boolean stillImage) {

    public static MediaInfo probe(Path path) {
        FFmpegFrameGrabber g = FfmpegInput.open(path, grabber -> {});
        try {
            boolean video = FfmpegInput.hasVideo(g);
            boolean audio = g.hasAudio();
            boolean sideways = video && FfmpegInput.quarterTurnsClockwise(g) % 2 == 1;
            long micros = g.getLengthInTime();
            return new MediaInfo(path,
                    video ? (sideways ? g.getImageHeight() : g.getImageWidth()) : 0,
                    video ? (sideways ? g.getImageWidth() : g.getImageHeight()) : 0,
                    video ? FfmpegInput.fps(g) : 0,
                    micros > 0 ? micros / 1e6 : 0,
                    video, audio,
                    audio ? g.getSampleRate() : 0,
                    audio ? g.getAudioChannels() : 0,
                    video ? avcodec_get_name(g.getVideoCodec()).getString() : null,
                    audio ? avcodec_get_name(g.getAudioCodec()).getString() : null,
                    video && isImageFormat(g.getFormatContext().iformat().name().getString()));
        } finally {
            FfmpegInput.close(g);
        }
    }

    /** FFmpeg's demuxers for single pictures: "image2", "png_pipe", "jpeg_pipe", "webp_pipe" and the like. */
    private static boolean isImageFormat(String demuxer) {
        return demuxer.equals("image2") || demuxer.endsWith("_pipe");
    }
}
