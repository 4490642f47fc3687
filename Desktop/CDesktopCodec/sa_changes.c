/*
 * sa_changes.c: where a live-view frame differs from the one a viewer shows, as few tight
 * rectangles, each marked solid when the new frame paints it in one colour.
 *
 * The frame is walked in bands of 16 rows (a 4:2:0 JPEG MCU row) and each band in 16-pixel
 * columns, within the area the caller knows changed (the damage X reported). A row equal
 * there is skipped with one memcmp; in a differing row each differing column narrows to its first
 * and last differing pixel. Within a band, columns whose changes touch
 * (less than `merge_gap` pixels apart) in the same rows make one rectangle; a rectangle then
 * grows downwards into the next band's rectangle with the same columns and the same kind. So a
 * window moved by 12 pixels yields two 12-pixel strips (the wallpaper it uncovered and the part of
 * itself it now covers), not the 64x64 cells they cross.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sa_internal.h"

enum { band_rows = 16, column_pixels = 16, merge_gap = 8 };

static uint32_t pixel_at(sa_bgrx_view view, int32_t x, int32_t y) {
    uint32_t value;
    memcpy(&value, view.pixels + (size_t)y * view.stride + (size_t)x * 4, 4);
    return value & 0x00FFFFFFu; /* B, G, R; the X byte is ignored */
}

/* Whether every pixel of the rectangle is the colour of its first one (returned in *color). */
static bool is_solid(sa_bgrx_view view, const sa_changed_rect *rect, uint32_t *color) {
    const uint32_t first = pixel_at(view, rect->x, rect->y);
    for (int32_t y = rect->y; y < rect->y + rect->height; y++) {
        for (int32_t x = rect->x; x < rect->x + rect->width; x++) {
            if (pixel_at(view, x, y) != first) return false;
        }
    }
    *color = first;
    return true;
}

static bool same_kind(const sa_changed_rect *a, const sa_changed_rect *b) {
    return a->solid == b->solid && (!a->solid || a->color == b->color);
}

int sa_changed_rects(sa_bgrx_view before, sa_bgrx_view after, int32_t left, int32_t top, int32_t right, int32_t bottom,
                     sa_changed_rect *rects, int32_t capacity) {
    if (!sa_check_view(before, NULL) || !sa_check_view(after, NULL) || before.width != after.width ||
        before.height != after.height || rects == NULL || capacity < 1) {
        return -1;
    }
    const int32_t width = after.width;
    if (left < 0) left = 0;
    if (top < 0) top = 0;
    if (right > width) right = width;
    if (bottom > after.height) bottom = after.height;
    if (left >= right) return 0;
    const int32_t columns = (width + column_pixels - 1) / column_pixels;
    /* The columns the area touches; columns outside it stay unchanged (first_x[column] == INT32_MAX). */
    const int32_t first_column = left / column_pixels, end_column = (right + column_pixels - 1) / column_pixels;
    /* Per column: the changed pixels' bounds in the current band; then the rectangles that reach
       the bottom of the previous band (candidates to grow) and of this one. */
    int32_t *bounds = malloc(sizeof(int32_t) * (size_t)columns * 4);
    int32_t *open = malloc(sizeof(int32_t) * (size_t)capacity * 2);
    if (bounds == NULL || open == NULL) {
        free(bounds);
        free(open);
        return -1;
    }
    int32_t *previous = open, *current = open + capacity;
    int32_t previous_count = 0, count = 0;
    for (int32_t band = top - top % band_rows; band < bottom; band += band_rows) {
        int32_t *first_x = bounds, *last_x = bounds + columns, *first_row = bounds + 2 * columns, *last_row = bounds + 3 * columns;
        for (int32_t column = 0; column < columns; column++) first_x[column] = INT32_MAX;
        const int32_t band_end = band + band_rows < bottom ? band + band_rows : bottom;
        for (int32_t y = band > top ? band : top; y < band_end; y++) {
            const uint8_t *old_row = before.pixels + (size_t)y * before.stride, *new_row = after.pixels + (size_t)y * after.stride;
            if (memcmp(old_row + (size_t)left * 4, new_row + (size_t)left * 4, (size_t)(right - left) * 4) == 0) continue;
            for (int32_t column = first_column; column < end_column; column++) {
                const int32_t x0 = column * column_pixels;
                const int32_t x1 = x0 + column_pixels < width ? x0 + column_pixels : width;
                if (memcmp(old_row + x0 * 4, new_row + x0 * 4, (size_t)(x1 - x0) * 4) == 0) continue;
                int32_t first = x0, last = x1 - 1;
                while (memcmp(old_row + first * 4, new_row + first * 4, 4) == 0) first++;
                while (memcmp(old_row + last * 4, new_row + last * 4, 4) == 0) last--;
                if (first_x[column] == INT32_MAX) {
                    first_x[column] = first;
                    last_x[column] = last;
                    first_row[column] = y;
                } else {
                    if (first < first_x[column]) first_x[column] = first;
                    if (last > last_x[column]) last_x[column] = last;
                }
                last_row[column] = y;
            }
        }
        int32_t current_count = 0;
        for (int32_t column = 0; column < columns;) {
            if (first_x[column] == INT32_MAX) {
                column++;
                continue;
            }
            sa_changed_rect rect = {first_x[column], first_row[column], 0, 0, 0, 0};
            int32_t x_end = last_x[column] + 1, y_end = last_row[column] + 1;
            /* Only columns changed in the same rows join: the top edge of a moved window (a few
               rows) stays apart from its side strips (all the rows of the band). */
            for (column++; column < columns && first_x[column] != INT32_MAX && first_x[column] - x_end < merge_gap &&
                           first_row[column] == rect.y && last_row[column] + 1 == y_end;
                 column++) {
                x_end = last_x[column] + 1;
            }
            rect.width = x_end - rect.x;
            rect.height = y_end - rect.y;
            uint32_t color = 0;
            rect.solid = is_solid(after, &rect, &color) ? 1 : 0;
            rect.color = color;
            int32_t index = -1;
            for (int32_t candidate = 0; candidate < previous_count; candidate++) {
                sa_changed_rect *above = &rects[previous[candidate]];
                if (above->x == rect.x && above->width == rect.width && above->y + above->height == rect.y && same_kind(above, &rect)) {
                    above->height += rect.height;
                    index = previous[candidate];
                    break;
                }
            }
            if (index < 0) {
                if (count == capacity) {
                    free(bounds);
                    free(open);
                    return -1;
                }
                rects[count] = rect;
                index = count++;
            }
            if (y_end == band_end) current[current_count++] = index;
        }
        int32_t *swap = previous;
        previous = current;
        current = swap;
        previous_count = current_count;
    }
    free(bounds);
    free(open);
    return count;
}
