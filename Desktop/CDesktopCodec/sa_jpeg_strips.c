/*
 * sa_jpeg_strips.c: one JPEG encoded as horizontal strips on several threads, then joined.
 *
 * Every JPEG the server makes has a restart marker after every MCU row but the last, which makes
 * each MCU row's entropy-coded data depend on its own 16 pixel rows only: strips can be encoded
 * apart and joined (here), and changed rows re-encoded into an earlier image (JPEGRows.swift).
 *
 * Each strip is a whole baseline JPEG with the same tables (same quality, standard Huffman tables)
 * and a restart marker after every MCU row (16 pixel rows at 4:2:0). Strips start on multiples of
 * 8 MCU rows, so restart markers, numbered 0...7 in turn, line up across strips: every strip but
 * the last ends where marker 7 is due. The joined file is the first strip's headers with the full
 * height, then each strip's entropy-coded data, separated by that marker, then EOI. Restart markers
 * reset the DC predictions a decoder keeps, which is exactly how each strip was encoded, so the
 * result decodes to the pixels of a one-part encode (the tests check they are identical).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sa_internal.h"

enum {
    rows_per_group = 128, /* 8 MCU rows of 16: one cycle of the restart-marker numbers */
    max_parts = 4,
    marker_sof0 = 0xC0,
    marker_sos = 0xDA,
    marker_rst7 = 0xD7,
};

typedef struct {
    sa_bgrx_view view;
    int quality;
    sa_buffer output;
    int status;
    char error[SA_ERROR_CAPACITY];
} strip_job;

static void *encode_strip(void *argument) {
    strip_job *job = argument;
    job->status = sa_jpeg_encode_strip(job->view, job->quality, true, &job->output, job->error);
    return NULL;
}

/* The offset of the segment with `marker` (its 0xFF byte) in a JPEG header, or 0 if absent. */
static size_t find_segment(const uint8_t *jpeg, size_t size, uint8_t marker) {
    size_t position = 2; /* after SOI */
    while (position + 4 <= size && jpeg[position] == 0xFF) {
        if (jpeg[position + 1] == marker) return position;
        if (jpeg[position + 1] == marker_sos) return 0; /* the scan starts: no more headers */
        position += 2 + ((size_t)jpeg[position + 2] << 8 | jpeg[position + 3]);
    }
    return 0;
}

/* The entropy-coded data of a one-scan JPEG: after the SOS header, before the EOI. */
static bool scan_data(const sa_buffer *jpeg, size_t *start, size_t *end) {
    size_t sos = find_segment(jpeg->data, jpeg->size, marker_sos);
    if (sos == 0 || jpeg->size < 4 || jpeg->data[jpeg->size - 2] != 0xFF || jpeg->data[jpeg->size - 1] != 0xD9) return false;
    *start = sos + 2 + ((size_t)jpeg->data[sos + 2] << 8 | jpeg->data[sos + 3]);
    *end = jpeg->size - 2;
    return *start <= *end;
}

/* Joins the strips' scans behind the first strip's headers (its SOF0 height set to the total). */
static int join_strips(strip_job *jobs, int parts, uint16_t height, sa_buffer *out, char *error) {
    size_t first_start, first_end;
    size_t sof = find_segment(jobs[0].output.data, jobs[0].output.size, marker_sof0);
    if (sof == 0 || !scan_data(&jobs[0].output, &first_start, &first_end)) {
        sa_set_error(error, "libjpeg wrote an unexpected strip layout");
        return -1;
    }
    sa_growable joined = {0};
    bool ok = sa_growable_append(&joined, jobs[0].output.data, first_end);
    if (ok) {
        joined.data[sof + 5] = (uint8_t)(height >> 8); /* FF C0, length (2), precision (1), height (2) */
        joined.data[sof + 6] = (uint8_t)height;
    }
    for (int part = 1; ok && part < parts; part++) {
        size_t start, end;
        if (!scan_data(&jobs[part].output, &start, &end)) {
            free(joined.data);
            sa_set_error(error, "libjpeg wrote an unexpected strip layout");
            return -1;
        }
        const uint8_t marker[2] = {0xFF, marker_rst7};
        ok = sa_growable_append(&joined, marker, 2)
            && sa_growable_append(&joined, jobs[part].output.data + start, end - start);
    }
    const uint8_t end_of_image[2] = {0xFF, 0xD9};
    if (!ok || !sa_growable_append(&joined, end_of_image, 2)) {
        free(joined.data);
        sa_set_error(error, "out of memory joining JPEG strips");
        return -1;
    }
    sa_growable_finish(&joined, out);
    return 0;
}

static int default_parts(void) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online < 1 ? 1 : online > max_parts ? max_parts : (int)online;
}

int sa_jpeg_encode_bgrx(sa_bgrx_view src, int quality, int parts, sa_buffer *out, char error[SA_ERROR_CAPACITY]) {
    if (parts < 1) parts = default_parts();
    if (parts > max_parts) parts = max_parts;
    int groups = src.height / rows_per_group; /* whole groups; the last strip also takes the rest */
    if (parts > groups) parts = groups;
    /* Small frames, and anything invalid (reported by the one-part encode), take the plain path. */
    if (parts < 2 || out == NULL || !sa_check_view(src, NULL) || quality < 1 || quality > 100) {
        return sa_jpeg_encode_strip(src, quality, true, out, error);
    }

    strip_job jobs[max_parts];
    memset(jobs, 0, sizeof jobs);
    for (int part = 0; part < parts; part++) {
        int first = part * groups / parts * rows_per_group;
        int next = part + 1 == parts ? src.height : (part + 1) * groups / parts * rows_per_group;
        jobs[part].view = (sa_bgrx_view){src.pixels + (size_t)first * src.stride, src.width, next - first, src.stride};
        jobs[part].quality = quality;
    }
    pthread_t helpers[max_parts];
    bool started[max_parts] = {false};
    for (int part = 1; part < parts; part++) {
        started[part] = pthread_create(&helpers[part], NULL, encode_strip, &jobs[part]) == 0;
    }
    encode_strip(&jobs[0]);
    for (int part = 1; part < parts; part++) {
        if (started[part]) {
            pthread_join(helpers[part], NULL);
        } else {
            encode_strip(&jobs[part]); /* no thread to be had: encode it here */
        }
    }

    int result = 0;
    for (int part = 0; part < parts && result == 0; part++) {
        if (jobs[part].status != 0) {
            sa_set_error(error, "%s", jobs[part].error);
            result = -1;
        }
    }
    if (result == 0) result = join_strips(jobs, parts, (uint16_t)src.height, out, error);
    for (int part = 0; part < parts; part++) sa_buffer_free(&jobs[part].output);
    return result;
}
