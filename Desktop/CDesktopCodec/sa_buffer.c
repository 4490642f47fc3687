/*
 * sa_buffer.c: ownership of encoded output. sa_buffer is what callers receive and free;
 * sa_growable is the doubling buffer the JPEG and WebP writers append to while encoding.
 */
#include <stdlib.h>
#include <string.h>

#include "sa_internal.h"

void sa_buffer_free(sa_buffer *buffer) {
    if (buffer == NULL) return;
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
}

bool sa_growable_reserve(sa_growable *buffer, size_t extra) {
    if (extra > SIZE_MAX - buffer->size) return false;
    size_t needed = buffer->size + extra;
    if (needed <= buffer->capacity) return true;
    size_t capacity = buffer->capacity < 4096 ? 4096 : buffer->capacity;
    while (capacity < needed) {
        if (capacity > SIZE_MAX / 2) {
            capacity = needed;
            break;
        }
        capacity *= 2;
    }
    uint8_t *grown = realloc(buffer->data, capacity);
    if (grown == NULL) return false;
    buffer->data = grown;
    buffer->capacity = capacity;
    return true;
}

bool sa_growable_append(sa_growable *buffer, const void *bytes, size_t count) {
    if (count == 0) return true;
    if (!sa_growable_reserve(buffer, count)) return false;
    memcpy(buffer->data + buffer->size, bytes, count);
    buffer->size += count;
    return true;
}

void sa_growable_finish(sa_growable *buffer, sa_buffer *out) {
    /* Give back the unused tail of the last doubling; keep the buffer if realloc declines. */
    uint8_t *fitted = buffer->size > 0 ? realloc(buffer->data, buffer->size) : NULL;
    if (fitted != NULL) buffer->data = fitted;
    out->data = buffer->data;
    out->size = buffer->size;
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
}
