/*
 * sa_webp.c: lossy WebP through libwebp. The BGRX frame is imported straight into the encoder's
 * YUV picture and the bitstream is appended to a growable buffer by our own writer.
 */
#include <limits.h>
#include <stdlib.h>
#include <webp/encode.h>

#include "sa_internal.h"

static const char *describe_encoding_error(WebPEncodingError code) {
    switch (code) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory for the bitstream";
    case VP8_ENC_ERROR_NULL_PARAMETER: return "a NULL parameter";
    case VP8_ENC_ERROR_INVALID_CONFIGURATION: return "an invalid configuration";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "a bad picture dimension";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 overflow (over 512 KiB)";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition overflow (over 16 MiB)";
    case VP8_ENC_ERROR_BAD_WRITE: return "a failed write";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "a file over 4 GiB";
    case VP8_ENC_ERROR_USER_ABORT: return "an abort";
    default: return "an unknown error";
    }
}

/* WebPWriterFunction: appends to the sa_growable in picture->custom_ptr; 0 makes WebPEncode fail. */
static int append_to_buffer(const uint8_t *data, size_t size, const WebPPicture *picture) {
    return sa_growable_append((sa_growable *)picture->custom_ptr, data, size) ? 1 : 0;
}

int sa_webp_encode_bgrx_method(sa_bgrx_view src, int quality, int method, sa_buffer *out, char *error) {
    if (out == NULL) {
        sa_set_error(error, "out is NULL");
        return -1;
    }
    *out = (sa_buffer){NULL, 0};
    if (!sa_check_view(src, error)) return -1;
    if (src.width > WEBP_MAX_DIMENSION || src.height > WEBP_MAX_DIMENSION) {
        sa_set_error(error, "WebP allows at most %d pixels a side, not %dx%d", WEBP_MAX_DIMENSION,
                     (int)src.width, (int)src.height);
        return -1;
    }
    if (src.stride > INT_MAX) {
        sa_set_error(error, "stride %zu is too large for libwebp", src.stride);
        return -1;
    }
    if (quality < 1 || quality > 100) {
        sa_set_error(error, "WebP quality %d is outside 1...100", quality);
        return -1;
    }

    WebPConfig config;
    if (!WebPConfigInit(&config)) {
        sa_set_error(error, "libwebp version mismatch");
        return -1;
    }
    config.quality = (float)quality;
    config.method = method;
    if (!WebPValidateConfig(&config)) {
        sa_set_error(error, "invalid WebP settings (quality %d, method %d)", quality, method);
        return -1;
    }

    WebPPicture picture;
    if (!WebPPictureInit(&picture)) {
        sa_set_error(error, "libwebp version mismatch");
        return -1;
    }
    sa_growable output = {NULL, 0, 0};
    picture.use_argb = 0; /* lossy encodes from YUV */
    picture.width = src.width;
    picture.height = src.height;
    picture.writer = append_to_buffer;
    picture.custom_ptr = &output;

    int result = -1;
    if (!WebPPictureImportBGRX(&picture, src.pixels, (int)src.stride)) {
        sa_set_error(error, "libwebp could not import a %dx%d frame: %s", (int)src.width, (int)src.height,
                     describe_encoding_error(picture.error_code));
    } else if (!WebPEncode(&config, &picture)) {
        sa_set_error(error, "libwebp failed with %s", describe_encoding_error(picture.error_code));
    } else {
        sa_growable_finish(&output, out);
        result = 0;
    }
    WebPPictureFree(&picture);
    free(output.data);
    return result;
}

int sa_webp_encode_bgrx(sa_bgrx_view src, int quality, sa_buffer *out, char error[SA_ERROR_CAPACITY]) {
    return sa_webp_encode_bgrx_method(src, quality, SA_WEBP_DEFAULT_METHOD, out, error);
}
