/*
 * sa_internal.h: helpers shared by the CDesktopCodec sources (argument checks, error messages, a
 * growable output buffer) and the tunable encoder entry points the benchmark drives. Not part of
 * the public interface in include/sa_codec.h.
 */
#ifndef SA_INTERNAL_H
#define SA_INTERNAL_H

#include <stdbool.h>

#include "sa_codec.h"

/* Writes a printf-style message into error (SA_ERROR_CAPACITY bytes) when error is not NULL. */
void sa_set_error(char *error, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Returns true when view describes a readable frame (non-NULL pixels, 1...SA_MAX_DIMENSION on each
   side, stride >= width * 4, addressable without overflow); otherwise sets error and returns false. */
bool sa_check_view(sa_bgrx_view view, char *error);

/* Returns true when the dimension is 1...SA_MAX_DIMENSION. */
bool sa_dimension_is_valid(int32_t dimension);

/* An output buffer that grows by doubling while an encoder appends to it. */
typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} sa_growable;

/* Makes room for `extra` more bytes; returns false when out of memory (the contents are kept). */
bool sa_growable_reserve(sa_growable *buffer, size_t extra);

/* Appends bytes; returns false when out of memory. */
bool sa_growable_append(sa_growable *buffer, const void *bytes, size_t count);

/* Hands the bytes written so far to out (which then owns them, trimmed to size) and empties the
   growable buffer. */
void sa_growable_finish(sa_growable *buffer, sa_buffer *out);

/* The PNG scanlines of src: each row is the SUB filter byte then RGB differences from the pixel to
   the left. filtered holds height * (1 + width * 3) bytes; src must already be checked. */
void sa_png_filter_rows_sub(sa_bgrx_view src, uint8_t *filtered);

/* One baseline JPEG of src with the DCT chosen explicitly (fast integer or accurate integer); with
   restart_every_row, a restart marker ends every MCU row but the last (what lets strips be joined). */
int sa_jpeg_encode_bgrx_dct(sa_bgrx_view src, int quality, bool fast_dct, bool restart_every_row, sa_buffer *out,
                            char *error);

/* sa_jpeg_encode_bgrx_dct with the DCT sa_jpeg_encode_bgrx uses. */
int sa_jpeg_encode_strip(sa_bgrx_view src, int quality, bool restart_every_row, sa_buffer *out, char *error);

/* sa_webp_encode_bgrx with libwebp's `method` (0...6) chosen explicitly. */
int sa_webp_encode_bgrx_method(sa_bgrx_view src, int quality, int method, sa_buffer *out, char *error);

#endif /* SA_INTERNAL_H */
