/*
 * sa_jpeg.c: baseline JPEG through libjpeg-turbo, which reads BGRX rows as they are
 * (JCS_EXT_BGRX), with 4:2:0 chroma. libjpeg reports fatal errors by calling error_exit; ours
 * records the message and longjmps back out, so a bad frame or a failed allocation returns -1
 * instead of ending the process. Output goes to a growable buffer through our own destination.
 */
#include <setjmp.h>
#include <stdio.h> /* jpeglib.h uses FILE */
#include <stdlib.h>

#include <jerror.h>
#include <jpeglib.h>

#include "sa_internal.h"

/* sa_jpeg_encode_bgrx uses the accurate integer DCT: with libjpeg-turbo's SIMD the fast one was
   no faster on a 1920x1080 screen (bench/desktop/codec_bench.c, q80: 4.70 ms against 4.61 ms;
   q90: 5.02 against 4.81), only slightly less precise. */
static const bool sa_jpeg_default_fast_dct = false;

/* Rows handed to libjpeg per jpeg_write_scanlines call: one 4:2:0 MCU row. */
enum { rows_per_batch = 16 };

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf escape;
    char *error;
} error_handler;

typedef struct {
    struct jpeg_destination_mgr manager;
    sa_growable output;
} memory_destination;

/* Everything one encode owns. It lives in the caller of the function that calls setjmp, so none of
   it is an automatic object of that function (whose values a longjmp would leave indeterminate). */
typedef struct {
    struct jpeg_compress_struct compressor;
    error_handler errors;
    memory_destination destination;
} jpeg_job;

static void exit_with_message(j_common_ptr common) {
    error_handler *handler = (error_handler *)common->err;
    char message[JMSG_LENGTH_MAX];
    handler->manager.format_message(common, message);
    sa_set_error(handler->error, "libjpeg: %s", message);
    longjmp(handler->escape, 1);
}

/* Warnings and trace messages would go to stderr; a server has no use for them. */
static void discard_message(j_common_ptr common) {
    (void)common;
}

/* The whole growable buffer's free space is libjpeg's to fill. */
static void expose_free_space(memory_destination *destination) {
    destination->manager.next_output_byte = destination->output.data + destination->output.size;
    destination->manager.free_in_buffer = destination->output.capacity - destination->output.size;
}

static void start_destination(j_compress_ptr compressor) {
    expose_free_space((memory_destination *)compressor->dest);
}

/* libjpeg filled all the space it had: count it as written and double the buffer. */
static boolean grow_destination(j_compress_ptr compressor) {
    memory_destination *destination = (memory_destination *)compressor->dest;
    destination->output.size = destination->output.capacity;
    if (!sa_growable_reserve(&destination->output, destination->output.capacity)) {
        ERREXIT1(compressor, JERR_OUT_OF_MEMORY, 0);
    }
    expose_free_space(destination);
    return TRUE;
}

static void finish_destination(j_compress_ptr compressor) {
    memory_destination *destination = (memory_destination *)compressor->dest;
    destination->output.size = destination->output.capacity - destination->manager.free_in_buffer;
}

/* Runs the encode; returns -1 (message already set) if libjpeg exits with an error. */
static int compress_frame(jpeg_job *job, sa_bgrx_view src, int quality, bool fast_dct, bool restart_every_row) {
    if (setjmp(job->errors.escape) != 0) return -1;

    struct jpeg_compress_struct *compressor = &job->compressor;
    compressor->err = jpeg_std_error(&job->errors.manager);
    job->errors.manager.error_exit = exit_with_message;
    job->errors.manager.output_message = discard_message;
    jpeg_create_compress(compressor);

    /* A first guess of a quarter of the BGRX size fits typical screens at q80 without regrowing. */
    size_t initial_capacity = (size_t)src.width * (size_t)src.height + 4096;
    if (!sa_growable_reserve(&job->destination.output, initial_capacity)) {
        ERREXIT1(compressor, JERR_OUT_OF_MEMORY, 0);
    }
    job->destination.manager.init_destination = start_destination;
    job->destination.manager.empty_output_buffer = grow_destination;
    job->destination.manager.term_destination = finish_destination;
    compressor->dest = &job->destination.manager;

    compressor->image_width = (JDIMENSION)src.width;
    compressor->image_height = (JDIMENSION)src.height;
    compressor->input_components = 4;
    compressor->in_color_space = JCS_EXT_BGRX;
    jpeg_set_defaults(compressor);
    jpeg_set_quality(compressor, quality, TRUE);
    compressor->dct_method = fast_dct ? JDCT_IFAST : JDCT_ISLOW;
    compressor->comp_info[0].h_samp_factor = 2; /* 4:2:0: full-resolution luma, */
    compressor->comp_info[0].v_samp_factor = 2;
    compressor->comp_info[1].h_samp_factor = 1; /* chroma halved both ways */
    compressor->comp_info[1].v_samp_factor = 1;
    compressor->comp_info[2].h_samp_factor = 1;
    compressor->comp_info[2].v_samp_factor = 1;
    if (restart_every_row) compressor->restart_in_rows = 1;

    jpeg_start_compress(compressor, TRUE);
    JSAMPROW rows[rows_per_batch];
    while (compressor->next_scanline < compressor->image_height) {
        JDIMENSION first = compressor->next_scanline;
        JDIMENSION count = compressor->image_height - first;
        if (count > rows_per_batch) count = rows_per_batch;
        for (JDIMENSION index = 0; index < count; index++) {
            /* libjpeg only reads input rows; JSAMPROW is just not const-qualified. */
            rows[index] = (JSAMPROW)(src.pixels + (size_t)(first + index) * src.stride);
        }
        jpeg_write_scanlines(compressor, rows, count);
    }
    jpeg_finish_compress(compressor);
    return 0;
}

int sa_jpeg_encode_bgrx_dct(sa_bgrx_view src, int quality, bool fast_dct, bool restart_every_row, sa_buffer *out,
                            char *error) {
    if (out == NULL) {
        sa_set_error(error, "out is NULL");
        return -1;
    }
    *out = (sa_buffer){NULL, 0};
    if (!sa_check_view(src, error)) return -1;
    if (quality < 1 || quality > 100) {
        sa_set_error(error, "JPEG quality %d is outside 1...100", quality);
        return -1;
    }

    jpeg_job job = {0};
    job.errors.error = error;
    int result = compress_frame(&job, src, quality, fast_dct, restart_every_row);
    jpeg_destroy_compress(&job.compressor);
    if (result == 0) {
        sa_growable_finish(&job.destination.output, out);
    } else {
        free(job.destination.output.data);
    }
    return result;
}

int sa_jpeg_encode_strip(sa_bgrx_view src, int quality, bool restart_every_row, sa_buffer *out, char *error) {
    return sa_jpeg_encode_bgrx_dct(src, quality, sa_jpeg_default_fast_dct, restart_every_row, out, error);
}
