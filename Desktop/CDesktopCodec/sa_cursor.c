/*
 * sa_cursor.c: draws the pointer into a captured frame. X11 captures leave the cursor out;
 * XFixesGetCursorImage returns it as premultiplied ARGB, one `unsigned long` per pixel, which is
 * blended here with "source over": out = cursor + frame * (255 - alpha) / 255.
 */
#include "sa_internal.h"

/* x / 255 rounded to nearest, exact for 0 <= x <= 255 * 255. */
static inline uint32_t divide_by_255(uint32_t x) {
    x += 128;
    return (x + (x >> 8)) >> 8;
}

/* One premultiplied channel over one frame channel; a channel larger than alpha (not valid
   premultiplied data) saturates at 255 instead of wrapping. */
static inline uint8_t blend_channel(uint32_t cursor, uint8_t frame, uint32_t inverse_alpha) {
    uint32_t value = cursor + divide_by_255(frame * inverse_alpha);
    return (uint8_t)(value > 255 ? 255 : value);
}

void sa_composite_cursor(uint8_t *bgrx, int32_t width, int32_t height, size_t stride,
                         const unsigned long *argb, int32_t cursor_width, int32_t cursor_height,
                         int32_t left, int32_t top) {
    if (bgrx == NULL || argb == NULL || width <= 0 || height <= 0 || cursor_width <= 0 ||
        cursor_height <= 0 || stride < (size_t)width * 4) {
        return;
    }
    /* The visible part of the cursor, in cursor coordinates (64-bit: left + width may overflow). */
    int64_t first_column = left < 0 ? -(int64_t)left : 0;
    int64_t first_row = top < 0 ? -(int64_t)top : 0;
    int64_t end_column = (int64_t)width - left < cursor_width ? (int64_t)width - left : cursor_width;
    int64_t end_row = (int64_t)height - top < cursor_height ? (int64_t)height - top : cursor_height;

    for (int64_t row = first_row; row < end_row; row++) {
        const unsigned long *source = argb + row * cursor_width;
        uint8_t *target = bgrx + (size_t)(top + row) * stride;
        for (int64_t column = first_column; column < end_column; column++) {
            uint32_t pixel = (uint32_t)(source[column] & 0xFFFFFFFFul);
            uint32_t alpha = pixel >> 24;
            if (alpha == 0 && (pixel & 0xFFFFFFu) == 0) continue;
            uint8_t *frame = target + (size_t)(left + column) * 4;
            uint32_t inverse_alpha = 255 - alpha;
            frame[0] = blend_channel(pixel & 0xFF, frame[0], inverse_alpha);
            frame[1] = blend_channel((pixel >> 8) & 0xFF, frame[1], inverse_alpha);
            frame[2] = blend_channel((pixel >> 16) & 0xFF, frame[2], inverse_alpha);
        }
    }
}
