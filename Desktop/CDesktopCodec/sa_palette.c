/*
 * sa_palette.c: a rectangle of few colours as a palette and packed indices, the live view's
 * lossless alternative to JPEG for text and flat interface drawing. A typed glyph is two colours:
 * one bit per pixel, a few bytes where its JPEG takes a hundred.
 */
#include <stdlib.h>

#include "sa_internal.h"

static uint32_t pixel_at(const uint8_t *row, int32_t x) {
    return (uint32_t)row[x * 4] | (uint32_t)row[x * 4 + 1] << 8 | (uint32_t)row[x * 4 + 2] << 16;
}

int sa_palette_pack(sa_bgrx_view src, uint32_t *palette, int32_t capacity, sa_buffer *out) {
    if (!sa_check_view(src, NULL) || palette == NULL || capacity < 2 || capacity > SA_PALETTE_CAPACITY || out == NULL) {
        return -1;
    }
    const size_t pixels = (size_t)src.width * (size_t)src.height;
    uint8_t *indices = malloc(pixels);
    if (indices == NULL) return -1;
    /* Pass 1: each pixel's index, the palette growing in order of first appearance; runs of one
       colour (most of any drawing) skip the search. */
    int32_t count = 0, last = 0;
    uint8_t *index = indices;
    for (int32_t y = 0; y < src.height; y++) {
        const uint8_t *row = src.pixels + (size_t)y * src.stride;
        for (int32_t x = 0; x < src.width; x++) {
            const uint32_t color = pixel_at(row, x);
            if (count == 0 || palette[last] != color) {
                last = 0;
                while (last < count && palette[last] != color) last++;
                if (last == count) {
                    if (count == capacity) {
                        free(indices);
                        return 0;
                    }
                    palette[count++] = color;
                }
            }
            *index++ = (uint8_t)last;
        }
    }
    /* Pass 2: pack the indices, most significant bits first, each row from a new byte. */
    const int bits = count <= 2 ? 1 : count <= 4 ? 2 : 4;
    const size_t row_bytes = ((size_t)src.width * (size_t)bits + 7) / 8;
    uint8_t *packed = calloc(row_bytes * (size_t)src.height, 1);
    if (packed == NULL) {
        free(indices);
        return -1;
    }
    index = indices;
    for (int32_t y = 0; y < src.height; y++) {
        uint8_t *row = packed + (size_t)y * row_bytes;
        for (int32_t x = 0; x < src.width; x++) {
            const size_t bit = (size_t)x * (size_t)bits;
            row[bit / 8] |= (uint8_t)(*index++ << (8 - bits - bit % 8));
        }
    }
    free(indices);
    out->data = packed;
    out->size = row_bytes * (size_t)src.height;
    return count;
}
