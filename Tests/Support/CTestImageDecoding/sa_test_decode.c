/*
 * sa_test_decode.c: decodes PNG (libpng's simplified API), JPEG (libjpeg with a setjmp error
 * manager) and WebP (libwebp) from memory into packed RGB, for the codec tests.
 */
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <webp/decode.h>

#include "sa_test_decode.h"

enum { error_capacity = 256 };

static void set_error(char *error, const char *format, ...) {
    if (error == NULL) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error, error_capacity, format, arguments);
    va_end(arguments);
}

static int decode_png(const uint8_t *data, size_t size, uint8_t **rgb, int32_t *width, int32_t *height,
                      char *error) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        set_error(error, "libpng: %s", image.message);
        return -1;
    }
    image.format = PNG_FORMAT_RGB;
    uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (pixels == NULL) {
        png_image_free(&image);
        set_error(error, "out of memory");
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        set_error(error, "libpng: %s", image.message);
        free(pixels);
        return -1;
    }
    *rgb = pixels;
    *width = (int32_t)image.width;
    *height = (int32_t)image.height;
    return 0;
}

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf escape;
    char *error;
} jpeg_error_handler;

static void jpeg_exit_with_message(j_common_ptr common) {
    jpeg_error_handler *handler = (jpeg_error_handler *)common->err;
    char message[JMSG_LENGTH_MAX];
    handler->manager.format_message(common, message);
    set_error(handler->error, "libjpeg: %s", message);
    longjmp(handler->escape, 1);
}

static void jpeg_discard_message(j_common_ptr common) {
    (void)common;
}

/* State of one JPEG decode, owned by the caller of the function that calls setjmp. */
typedef struct {
    struct jpeg_decompress_struct decompressor;
    jpeg_error_handler errors;
    uint8_t *pixels;
} jpeg_job;

static int run_jpeg_decode(jpeg_job *job, const uint8_t *data, size_t size) {
    if (setjmp(job->errors.escape) != 0) return -1;
    struct jpeg_decompress_struct *decompressor = &job->decompressor;
    decompressor->err = jpeg_std_error(&job->errors.manager);
    job->errors.manager.error_exit = jpeg_exit_with_message;
    job->errors.manager.output_message = jpeg_discard_message;
    jpeg_create_decompress(decompressor);
    jpeg_mem_src(decompressor, data, (unsigned long)size);
    jpeg_read_header(decompressor, TRUE);
    decompressor->out_color_space = JCS_RGB;
    jpeg_start_decompress(decompressor);
    size_t row_bytes = (size_t)decompressor->output_width * 3;
    job->pixels = malloc(row_bytes * decompressor->output_height);
    if (job->pixels == NULL) {
        set_error(job->errors.error, "out of memory");
        return -1;
    }
    while (decompressor->output_scanline < decompressor->output_height) {
        JSAMPROW row = job->pixels + (size_t)decompressor->output_scanline * row_bytes;
        jpeg_read_scanlines(decompressor, &row, 1);
    }
    jpeg_finish_decompress(decompressor);
    return 0;
}

static int decode_jpeg(const uint8_t *data, size_t size, uint8_t **rgb, int32_t *width, int32_t *height,
                       char *error) {
    jpeg_job job;
    memset(&job, 0, sizeof job);
    job.errors.error = error;
    int result = run_jpeg_decode(&job, data, size);
    if (result == 0) {
        *rgb = job.pixels;
        *width = (int32_t)job.decompressor.output_width;
        *height = (int32_t)job.decompressor.output_height;
    } else {
        free(job.pixels);
    }
    jpeg_destroy_decompress(&job.decompressor);
    return result;
}

static int decode_webp(const uint8_t *data, size_t size, uint8_t **rgb, int32_t *width, int32_t *height,
                       char *error) {
    int webp_width = 0, webp_height = 0;
    if (!WebPGetInfo(data, size, &webp_width, &webp_height)) {
        set_error(error, "libwebp: not a valid WebP header");
        return -1;
    }
    size_t row_bytes = (size_t)webp_width * 3, total = row_bytes * (size_t)webp_height;
    uint8_t *pixels = malloc(total);
    if (pixels == NULL) {
        set_error(error, "out of memory");
        return -1;
    }
    if (WebPDecodeRGBInto(data, size, pixels, total, (int)row_bytes) == NULL) {
        set_error(error, "libwebp: decoding failed");
        free(pixels);
        return -1;
    }
    *rgb = pixels;
    *width = webp_width;
    *height = webp_height;
    return 0;
}

static int has_prefix(const uint8_t *data, size_t size, size_t offset, const char *magic, size_t length) {
    return size >= offset + length && memcmp(data + offset, magic, length) == 0;
}

int sa_test_decode(const uint8_t *data, size_t size, uint8_t **rgb, int32_t *width, int32_t *height,
                   char error[256]) {
    if (data == NULL || rgb == NULL || width == NULL || height == NULL) {
        set_error(error, "NULL argument");
        return -1;
    }
    *rgb = NULL;
    if (has_prefix(data, size, 0, "\x89PNG\r\n\x1a\n", 8)) return decode_png(data, size, rgb, width, height, error);
    if (has_prefix(data, size, 0, "\xff\xd8\xff", 3)) return decode_jpeg(data, size, rgb, width, height, error);
    if (has_prefix(data, size, 0, "RIFF", 4) && has_prefix(data, size, 8, "WEBP", 4)) {
        return decode_webp(data, size, rgb, width, height, error);
    }
    set_error(error, "unrecognised image format");
    return -1;
}

void sa_test_free(uint8_t *rgb) {
    free(rgb);
}
