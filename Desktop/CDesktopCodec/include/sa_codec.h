/*
 * sa_codec.h: the desktop pixel hot path. Scales and composites 32-bit BGRX frames (X11 ZPixmap at
 * depth 24: bytes B, G, R, X per pixel, X ignored) and encodes them as PNG, JPEG or WebP.
 *
 * Every function is reentrant: no globals, so several threads may call them at once on different
 * buffers. Bad input returns -1 (with a message where there is an `error` parameter); nothing here
 * exits or aborts. Frames are 1...SA_MAX_DIMENSION pixels on each side.
 */
#ifndef SA_CODEC_H
#define SA_CODEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest accepted width or height, in pixels. */
#define SA_MAX_DIMENSION 32767

/* Size of the `error` buffers the encoders write a NUL-terminated message into. */
#define SA_ERROR_CAPACITY 256

/* libdeflate level for screenshots, measured with bench/desktop/codec_bench.c on a busy 1920x1080
   frame: level 1 encodes in 22 ms (filter included) to 824 KiB; levels 2, 3 and 6 take 25, 28
   and 40 ms for files 3-6% smaller. Speed wins: a PNG screenshot has a 25 ms budget. */
#define SA_PNG_DEFAULT_LEVEL 1

/* libwebp `method` (0 = fastest ... 6 = smallest) for screenshots, measured the same way at q80:
   method 0 takes 37 ms for 218 KiB; methods 1 and 2 take 47 and 59 ms for files 4% and 12% smaller. */
#define SA_WEBP_DEFAULT_METHOD 0

/* A read-only BGRX frame: `stride` bytes per row, at least width * 4. */
typedef struct {
    const uint8_t *pixels;
    int32_t width;
    int32_t height;
    size_t stride;
} sa_bgrx_view;

/* Encoded output: `data` is malloc'd; release it with sa_buffer_free. */
typedef struct {
    uint8_t *data;
    size_t size;
} sa_buffer;

/* Frees buffer->data and resets the buffer to { NULL, 0 }. NULL is accepted. */
void sa_buffer_free(sa_buffer *buffer);

/* Resamples src into dst (dst_width * dst_height * 4 bytes, stride dst_width * 4). Each axis
   independently: area averaging (box filter, exact coverage weights) when shrinking, bilinear
   (pixel centres aligned) when enlarging, a copy when the size is unchanged. The X byte of dst is
   set to 0xFF. Returns 0, or -1 on bad arguments or when out of memory. */
int sa_scale_bgrx(sa_bgrx_view src, uint8_t *dst, int32_t dst_width, int32_t dst_height);

/* One rectangle where a frame changed (sa_changed_rects). `solid` is 1 when the new frame paints
   all of it in `color` (0xRRGGBB), else 0. */
typedef struct {
    int32_t x;
    int32_t y;
    int32_t width;
    int32_t height;
    int32_t solid;
    uint32_t color;
} sa_changed_rect;

/* Where `after` differs from `before` (the same size) within columns [left, right) and rows
   [top, bottom) (the caller promises no difference outside them), as at most
   `capacity` rectangles written to rects, top to bottom: found on 16x16 cells, each narrowed to
   the pixels that differ, touching cells of a row of cells changed in the same rows merged, and a rectangle continued
   downwards when the next row of cells changed in the same columns in the same way. Returns how
   many (0 when nothing differs), or -1 on bad arguments, when out of memory or when more than
   `capacity` would be needed. */
int sa_changed_rects(sa_bgrx_view before, sa_bgrx_view after, int32_t left, int32_t top, int32_t right, int32_t bottom,
                     sa_changed_rect *rects, int32_t capacity);

/* Most colours sa_palette_pack accepts. */
#define SA_PALETTE_CAPACITY 16

/* src as a palette and packed indices when it has at most `capacity` (2...SA_PALETTE_CAPACITY)
   colours. Returns how many it has (1...capacity), with palette[i] = 0xRRGGBB in order of first
   appearance (row by row, left to right) and out (release with sa_buffer_free) holding each
   pixel's index at 1 bit for up to 2 colours, 2 bits for up to 4, else 4 bits, most significant
   bits first, each row starting on a new byte. Returns 0 (out untouched) when src has more
   colours, -1 on bad arguments or when out of memory. */
int sa_palette_pack(sa_bgrx_view src, uint32_t *palette, int32_t capacity, sa_buffer *out);

/* Alpha-composites a premultiplied ARGB cursor image (as XFixesGetCursorImage returns it: one
   `unsigned long` per pixel, ARGB in the low 32 bits) onto a writable BGRX frame, with the cursor's
   top-left corner at (left, top) and clipped to the frame. NULL pointers or empty sizes do nothing. */
void sa_composite_cursor(uint8_t *bgrx, int32_t width, int32_t height, size_t stride,
                         const unsigned long *argb, int32_t cursor_width, int32_t cursor_height,
                         int32_t left, int32_t top);

/* PNG, 8-bit RGB without alpha, one IDAT: the SUB filter on every row (computed in the same pass as
   BGRX to RGB), deflated by libdeflate's zlib wrapper at `level` (0...12). Returns 0, or -1 with a
   message in error (which may be NULL). */
int sa_png_encode_bgrx(sa_bgrx_view src, int level, sa_buffer *out, char error[SA_ERROR_CAPACITY]);

/* Baseline JPEG via libjpeg-turbo reading BGRX directly, `quality` 1...100, 4:2:0 chroma, the
   accurate integer DCT (the fast one measured no faster), standard Huffman tables, and a restart
   marker (RST0...RST7 in turn) after every MCU row of 16 pixel rows but the last, so each MCU row's
   data depends on its own pixels only. Frames of 256 rows or more are encoded as horizontal
   strips on up to `parts` threads at once (the calling thread and parts - 1 helpers) and joined:
   the bytes are the same as a one-part encode's. `parts` below 1 means one per online processor,
   at most 4. */
int sa_jpeg_encode_bgrx(sa_bgrx_view src, int quality, int parts, sa_buffer *out, char error[SA_ERROR_CAPACITY]);

/* Lossy WebP via libwebp, `quality` 1...100, at SA_WEBP_DEFAULT_METHOD. WebP itself limits each
   side to 16383 pixels; larger frames fail with a message. */
int sa_webp_encode_bgrx(sa_bgrx_view src, int quality, sa_buffer *out, char error[SA_ERROR_CAPACITY]);

#ifdef __cplusplus
}
#endif

#endif /* SA_CODEC_H */
