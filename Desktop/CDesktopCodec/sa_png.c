/*
 * sa_png.c: a minimal PNG writer for screenshots: signature, IHDR (8-bit RGB, no interlace), one
 * IDAT, IEND. Every row uses the SUB filter, computed in the same pass that reorders BGRX to RGB,
 * and the filtered rows are deflated in one call by libdeflate's zlib wrapper. CRCs come from
 * libdeflate_crc32.
 */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "sa_internal.h"

static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

enum {
    chunk_overhead = 12, /* length, type, CRC */
    ihdr_length = 13,
    png_color_type_rgb = 2,
    /* Bytes around the IDAT payload: signature, the IHDR chunk, IDAT's own framing, IEND. */
    png_fixed_bytes = 8 + chunk_overhead + ihdr_length + chunk_overhead + chunk_overhead,
};

/* PNG chunk lengths are at most 2^31 - 1. */
static const size_t png_max_chunk_length = 0x7FFFFFFFu;

static void store_big_endian(uint8_t *bytes, uint32_t value) {
    bytes[0] = (uint8_t)(value >> 24);
    bytes[1] = (uint8_t)(value >> 16);
    bytes[2] = (uint8_t)(value >> 8);
    bytes[3] = (uint8_t)value;
}

/* Frames the `length` bytes of data already at chunk + 8 as a chunk of `type`; returns the byte
   after it. The CRC covers the type and the data. */
static uint8_t *finish_chunk(uint8_t *chunk, const char type[4], size_t length) {
    store_big_endian(chunk, (uint32_t)length);
    memcpy(chunk + 4, type, 4);
    uint32_t crc = libdeflate_crc32(0, chunk + 4, 4 + length);
    store_big_endian(chunk + 8 + length, crc);
    return chunk + chunk_overhead + length;
}

/* Filter-type byte 1 (SUB) then, for each pixel, R G B minus the previous pixel's (mod 256). */
void sa_png_filter_rows_sub(sa_bgrx_view src, uint8_t *filtered) {
    for (int32_t row = 0; row < src.height; row++) {
        const uint8_t *pixel = src.pixels + (size_t)row * src.stride;
        *filtered++ = 1;
        uint8_t previous_red = 0, previous_green = 0, previous_blue = 0;
        for (int32_t column = 0; column < src.width; column++, pixel += 4, filtered += 3) {
            uint8_t blue = pixel[0], green = pixel[1], red = pixel[2];
            filtered[0] = (uint8_t)(red - previous_red);
            filtered[1] = (uint8_t)(green - previous_green);
            filtered[2] = (uint8_t)(blue - previous_blue);
            previous_red = red;
            previous_green = green;
            previous_blue = blue;
        }
    }
}

/* Writes the whole file into png (png_fixed_bytes + bound bytes): signature, IHDR, IDAT holding
   the deflated scanlines, IEND. Returns its size, or 0 with a message. */
static size_t assemble_png(sa_bgrx_view src, struct libdeflate_compressor *compressor, const uint8_t *filtered,
                           size_t raw_size, uint8_t *png, size_t bound, char *error) {
    uint8_t *ihdr = png + sizeof png_signature;
    uint8_t *idat = ihdr + chunk_overhead + ihdr_length;
    size_t compressed = libdeflate_zlib_compress(compressor, filtered, raw_size, idat + 8, bound);
    if (compressed == 0 || compressed > png_max_chunk_length) {
        sa_set_error(error, "compressed image data (%zu bytes) does not fit in one IDAT chunk", compressed);
        return 0;
    }
    memcpy(png, png_signature, sizeof png_signature);
    uint8_t *header = ihdr + 8;
    store_big_endian(header, (uint32_t)src.width);
    store_big_endian(header + 4, (uint32_t)src.height);
    header[8] = 8;                  /* bit depth */
    header[9] = png_color_type_rgb; /* colour type */
    header[10] = 0;                 /* compression: deflate */
    header[11] = 0;                 /* filter method: adaptive (a filter byte per row) */
    header[12] = 0;                 /* no interlace */
    finish_chunk(ihdr, "IHDR", ihdr_length);
    uint8_t *iend = finish_chunk(idat, "IDAT", compressed);
    return (size_t)(finish_chunk(iend, "IEND", 0) - png);
}

int sa_png_encode_bgrx(sa_bgrx_view src, int level, sa_buffer *out, char error[SA_ERROR_CAPACITY]) {
    if (out == NULL) {
        sa_set_error(error, "out is NULL");
        return -1;
    }
    *out = (sa_buffer){NULL, 0};
    if (!sa_check_view(src, error)) return -1;
    if (level < 0 || level > 12) {
        sa_set_error(error, "PNG level %d is outside 0...12", level);
        return -1;
    }

    size_t raw_size = (size_t)src.height * (1 + (size_t)src.width * 3);
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    uint8_t *filtered = malloc(raw_size);
    size_t bound = compressor != NULL ? libdeflate_zlib_compress_bound(compressor, raw_size) : 0;
    uint8_t *png = compressor != NULL ? malloc(png_fixed_bytes + bound) : NULL;
    size_t size = 0;
    if (compressor == NULL || filtered == NULL || png == NULL) {
        sa_set_error(error, "out of memory for a %dx%d PNG", (int)src.width, (int)src.height);
    } else {
        sa_png_filter_rows_sub(src, filtered);
        size = assemble_png(src, compressor, filtered, raw_size, png, bound, error);
    }
    free(filtered);
    libdeflate_free_compressor(compressor);
    if (size == 0) {
        free(png);
        return -1;
    }
    /* The buffer was sized for the worst case; give the unused tail back. */
    uint8_t *fitted = realloc(png, size);
    out->data = fitted != NULL ? fitted : png;
    out->size = size;
    return 0;
}
