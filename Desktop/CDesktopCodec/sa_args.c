/*
 * sa_args.c: argument checks and error messages shared by every entry point, so each one rejects
 * the same bad frames with the same words.
 */
#include <stdarg.h>
#include <stdio.h>

#include "sa_internal.h"

void sa_set_error(char *error, const char *format, ...) {
    if (error == NULL) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error, SA_ERROR_CAPACITY, format, arguments);
    va_end(arguments);
}

bool sa_dimension_is_valid(int32_t dimension) {
    return dimension >= 1 && dimension <= SA_MAX_DIMENSION;
}

bool sa_check_view(sa_bgrx_view view, char *error) {
    if (view.pixels == NULL) {
        sa_set_error(error, "pixels is NULL");
        return false;
    }
    if (!sa_dimension_is_valid(view.width) || !sa_dimension_is_valid(view.height)) {
        sa_set_error(error, "frame size %dx%d is outside 1...%d", (int)view.width, (int)view.height,
                     SA_MAX_DIMENSION);
        return false;
    }
    size_t row_bytes = (size_t)view.width * 4;
    if (view.stride < row_bytes) {
        sa_set_error(error, "stride %zu is smaller than width * 4 = %zu", view.stride, row_bytes);
        return false;
    }
    if (view.stride > (SIZE_MAX - row_bytes) / (size_t)view.height) {
        sa_set_error(error, "stride %zu is too large for %d rows", view.stride, (int)view.height);
        return false;
    }
    return true;
}
