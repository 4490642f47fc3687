/*
 * sa_test_decode.h: test-only decoders that turn PNG, JPEG or WebP bytes back into RGB pixels so
 * the tests can check what the CDesktopCodec encoders produced.
 */
#ifndef SA_TEST_DECODE_H
#define SA_TEST_DECODE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes data (format detected from its magic bytes) into *rgb: width * height * 3 bytes, rows
   packed, R G B per pixel, malloc'd (release with sa_test_free). Returns 0, or -1 with a message in
   error (256 bytes) and *rgb set to NULL. */
int sa_test_decode(const uint8_t *data, size_t size, uint8_t **rgb, int32_t *width, int32_t *height,
                   char error[256]);

/* Frees pixels returned by sa_test_decode. NULL is accepted. */
void sa_test_free(uint8_t *rgb);

#ifdef __cplusplus
}
#endif

#endif /* SA_TEST_DECODE_H */
