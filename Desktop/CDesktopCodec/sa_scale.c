/*
 * sa_scale.c: resampling of BGRX frames, separably. Each axis gets a plan: for every output
 * sample, the run of source samples it reads and their weights in 16-bit fixed point summing to
 * exactly 1.0, so a uniform image stays uniform. Shrinking axes use area averaging (each weight is
 * the exact fraction of the output pixel a source pixel covers); enlarging axes use bilinear
 * interpolation between the two nearest source pixel centres. For each output row the source rows
 * are blended first (into a row of 16-bit samples with 8 fractional bits), then its columns.
 */
#include <stdlib.h>

#include "sa_internal.h"

/* Weight of 1.0: a row blend of 8-bit samples fits in 24 bits; rounded to 16 of them, the column
   blend still fits in 32. */
#define WEIGHT_BITS 16
#define WEIGHT_ONE (1u << WEIGHT_BITS)

/* The source run one output sample reads: indices first ... first + count - 1, weights at offset. */
typedef struct {
    int32_t first;
    int32_t count;
    size_t weight_offset;
} contribution;

typedef struct {
    contribution *samples;
    uint32_t *weights;
} axis_plan;

/* Area averaging for target < source. Output pixel i covers [i*S/D, (i+1)*S/D) in source pixels;
   scaled by D, that is [i*S, (i+1)*S) in units where source pixel j spans [j*D, (j+1)*D). Each
   weight is overlap / S, rounded cumulatively (the difference of the rounded running totals) so
   the weights of one output sum to exactly WEIGHT_ONE and each is within one unit of exact. */
static void plan_shrink(int32_t source, int32_t target, axis_plan *plan) {
    size_t offset = 0;
    for (int32_t output = 0; output < target; output++) {
        int64_t start = (int64_t)output * source, end = start + source;
        int32_t first = (int32_t)(start / target), last = (int32_t)((end - 1) / target);
        int64_t covered = 0;
        uint32_t assigned = 0;
        for (int32_t input = first; input <= last; input++) {
            int64_t low = (int64_t)input * target, high = low + target;
            covered += (end < high ? end : high) - (start > low ? start : low);
            uint32_t total = (uint32_t)((covered * WEIGHT_ONE + source / 2) / source);
            plan->weights[offset + (size_t)(input - first)] = total - assigned;
            assigned = total;
        }
        int32_t count = last - first + 1;
        plan->samples[output] = (contribution){first, count, offset};
        offset += (size_t)count;
    }
}

/* Bilinear for target >= source, pixel centres aligned: output i samples source position
   (i + 0.5) * S/D - 0.5 = ((2i + 1) * S - D) / 2D, clamped to the edge pixels. */
static void plan_enlarge(int32_t source, int32_t target, axis_plan *plan) {
    int64_t denominator = 2 * (int64_t)target;
    for (int32_t output = 0; output < target; output++) {
        int64_t numerator = (2 * (int64_t)output + 1) * source - target;
        if (numerator < 0) numerator = 0;
        int32_t first = (int32_t)(numerator / denominator);
        uint32_t next_weight = (uint32_t)(((numerator % denominator) * WEIGHT_ONE + target) / denominator);
        size_t offset = 2 * (size_t)output;
        int32_t count = 1;
        if (first >= source - 1) {
            first = source - 1;
            plan->weights[offset] = WEIGHT_ONE;
        } else if (next_weight == 0) {
            plan->weights[offset] = WEIGHT_ONE;
        } else {
            plan->weights[offset] = WEIGHT_ONE - next_weight;
            plan->weights[offset + 1] = next_weight;
            count = 2;
        }
        plan->samples[output] = (contribution){first, count, offset};
    }
}

/* Fills plan for resampling `source` samples to `target`; returns false when out of memory. A
   shrink needs at most source + target weights (each source pixel straddles at most one output
   boundary); an enlargement or copy at most two per output. */
static bool plan_axis(int32_t source, int32_t target, axis_plan *plan) {
    size_t weight_count = target < source ? (size_t)source + (size_t)target : 2 * (size_t)target;
    plan->samples = malloc((size_t)target * sizeof(contribution));
    plan->weights = malloc(weight_count * sizeof(uint32_t));
    if (plan->samples == NULL || plan->weights == NULL) return false;
    if (target < source) {
        plan_shrink(source, target, plan);
    } else {
        plan_enlarge(source, target, plan);
    }
    return true;
}

static void free_plan(axis_plan *plan) {
    free(plan->samples);
    free(plan->weights);
}

/* Weighted sum of the source rows one output row reads, for every byte of the row (X included,
   which keeps each loop a straight vectorisable run), rounded to 8 fractional bits in blended. Rows
   are taken two at a time; only a run longer than two (a shrink by more than 2x) needs the 32-bit
   partial sums. */
static void blend_rows(sa_bgrx_view src, contribution sample, const uint32_t *weights, uint32_t *sums,
                       uint16_t *blended) {
    const size_t row_bytes = (size_t)src.width * 4;
    const uint32_t rounding = 1u << 7;
    const uint8_t *row = src.pixels + (size_t)sample.first * src.stride;
    if (sample.count == 1) {
        for (size_t index = 0; index < row_bytes; index++) {
            blended[index] = (uint16_t)((weights[0] * row[index] + rounding) >> 8);
        }
        return;
    }
    const uint8_t *next = row + src.stride;
    if (sample.count == 2) {
        for (size_t index = 0; index < row_bytes; index++) {
            blended[index] = (uint16_t)((weights[0] * row[index] + weights[1] * next[index] + rounding) >> 8);
        }
        return;
    }
    for (size_t index = 0; index < row_bytes; index++) {
        sums[index] = weights[0] * row[index] + weights[1] * next[index] + rounding;
    }
    for (int32_t step = 2; step < sample.count - 1; step++) {
        row = src.pixels + (size_t)(sample.first + step) * src.stride;
        for (size_t index = 0; index < row_bytes; index++) sums[index] += weights[step] * row[index];
    }
    const uint8_t *last = src.pixels + (size_t)(sample.first + sample.count - 1) * src.stride;
    const uint32_t last_weight = weights[sample.count - 1];
    for (size_t index = 0; index < row_bytes; index++) {
        blended[index] = (uint16_t)((sums[index] + last_weight * last[index]) >> 8);
    }
}

/* Weighted sums across the columns of a blended row into one BGRX output row. Blended samples
   carry 8 fractional bits and weights 16, so a sum stays below 2^32 (255 * 2^8 * 2^16 plus
   rounding) and the result is its top 8 bits. All four bytes are summed (one vector operation);
   X is then set to 0xFF. */
static void blend_columns(const uint16_t *restrict blended, const axis_plan *columns, int32_t dst_width,
                          uint8_t *restrict output) {
    const int shift = WEIGHT_BITS + 8;
    const contribution *restrict samples = columns->samples;
    const uint32_t *restrict all_weights = columns->weights;
    for (int32_t column = 0; column < dst_width; column++, output += 4) {
        contribution sample = samples[column];
        const uint32_t *weights = all_weights + sample.weight_offset;
        const uint16_t *pixel = blended + (size_t)sample.first * 4;
        uint32_t sums[4] = {1u << (shift - 1), 1u << (shift - 1), 1u << (shift - 1), 1u << (shift - 1)};
        for (int32_t step = 0; step < sample.count; step++, pixel += 4) {
            for (int byte = 0; byte < 4; byte++) sums[byte] += weights[step] * pixel[byte];
        }
        output[0] = (uint8_t)(sums[0] >> shift);
        output[1] = (uint8_t)(sums[1] >> shift);
        output[2] = (uint8_t)(sums[2] >> shift);
        output[3] = 0xFF;
    }
}

int sa_scale_bgrx(sa_bgrx_view src, uint8_t *dst, int32_t dst_width, int32_t dst_height) {
    if (dst == NULL || !sa_check_view(src, NULL)) return -1;
    if (!sa_dimension_is_valid(dst_width) || !sa_dimension_is_valid(dst_height)) return -1;

    axis_plan rows = {NULL, NULL}, columns = {NULL, NULL};
    uint32_t *sums = malloc((size_t)src.width * 4 * sizeof(uint32_t));
    uint16_t *blended = malloc((size_t)src.width * 4 * sizeof(uint16_t));
    int result = -1;
    if (sums != NULL && blended != NULL && plan_axis(src.height, dst_height, &rows) &&
        plan_axis(src.width, dst_width, &columns)) {
        size_t dst_stride = (size_t)dst_width * 4;
        for (int32_t row = 0; row < dst_height; row++) {
            contribution sample = rows.samples[row];
            blend_rows(src, sample, rows.weights + sample.weight_offset, sums, blended);
            blend_columns(blended, &columns, dst_width, dst + (size_t)row * dst_stride);
        }
        result = 0;
    }
    free(sums);
    free(blended);
    free_plan(&rows);
    free_plan(&columns);
    return result;
}
