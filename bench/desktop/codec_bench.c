/*
 * codec_bench.c: times the CDesktopCodec encoders on one 1920x1080 screen frame, to choose
 * SA_PNG_DEFAULT_LEVEL, SA_WEBP_DEFAULT_METHOD and the JPEG DCT. Prints the median of several runs
 * and the output size per setting, with libpng (zlib, level 1, SUB) as the PNG reference, and the
 * PSNR of the lossy outputs decoded back (by the test decoders).
 *
 * Build and run from the repository root:
 *
 *   cc -O2 bench/desktop/codec_bench.c Desktop/CDesktopCodec/sa_*.c \
 *      Tests/Support/CTestImageDecoding/sa_test_decode.c -IDesktop/CDesktopCodec/include \
 *      -ITests/Support/CTestImageDecoding/include -ldeflate -ljpeg -lwebp -lpng16 -lm -lpthread -o /tmp/codec_bench
 *   /tmp/codec_bench [--runs N] [screen.xwd]
 *
 * Without a file it synthesises the frame: a gradient desktop, terminal-like windows full of
 * anti-aliased text and a photo-like fractal picture; it deflates to 774 KiB as PNG level 6,
 * like a real busy screen. With a file, it uses a real capture instead:
 *   xwd -root -display :77 -silent > screen.xwd   (32 bits per pixel, LSBFirst, as Xvfb -screen 0 1920x1080x24 gives)
 */
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../Desktop/CDesktopCodec/sa_internal.h"
#include "sa_codec.h"
#include "sa_test_decode.h"

enum { frame_width = 1920, frame_height = 1080 };

/* ---- The frame ---------------------------------------------------------------------------- */

typedef struct {
    uint8_t *pixels;
    int32_t width, height;
    size_t stride;
} frame;

typedef struct {
    uint8_t blue, green, red;
} color;

/* xorshift32: a deterministic pseudo-random sequence, so every run encodes the same frame. */
static uint32_t next_random(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static void put_pixel(frame *image, int x, int y, color value) {
    uint8_t *pixel = image->pixels + (size_t)y * image->stride + (size_t)x * 4;
    pixel[0] = value.blue;
    pixel[1] = value.green;
    pixel[2] = value.red;
    pixel[3] = 0;
}

static color mix(color from, color to, double amount) {
    return (color){
        (uint8_t)lround(from.blue + (to.blue - from.blue) * amount),
        (uint8_t)lround(from.green + (to.green - from.green) * amount),
        (uint8_t)lround(from.red + (to.red - from.red) * amount),
    };
}

static void fill_rect(frame *image, int left, int top, int width, int height, color value) {
    for (int y = top; y < top + height; y++) {
        for (int x = left; x < left + width; x++) put_pixel(image, x, y, value);
    }
}

/* The desktop: a vertical gradient, dark blue to light blue. */
static void draw_background(frame *image) {
    color top = {92, 58, 32}, bottom = {176, 136, 106};
    for (int y = 0; y < image->height; y++) {
        color row = mix(top, bottom, (double)y / (image->height - 1));
        for (int x = 0; x < image->width; x++) put_pixel(image, x, y, row);
    }
}

/* Smooth value noise: random values on a lattice `cell` pixels apart, bilinearly interpolated. */
static double lattice_noise(const float *lattice, int lattice_width, double x, double y) {
    int column = (int)x, row = (int)y;
    double fx = x - column, fy = y - row;
    const float *at = lattice + row * lattice_width + column;
    double top = at[0] + (at[1] - at[0]) * fx;
    double bottom = at[lattice_width] + (at[lattice_width + 1] - at[lattice_width]) * fx;
    return top + (bottom - top) * fy;
}

/* A photo-like picture: per channel, five octaves of value noise (coarse shapes, fine texture). */
static void draw_picture(frame *image, int left, int top, int width, int height, uint32_t *seed) {
    enum { octaves = 5, channels = 3 };
    int lattice_width = width / 2 + 2, lattice_height = height / 2 + 2;
    float *lattices = malloc(sizeof(float) * octaves * channels * lattice_width * lattice_height);
    size_t lattice_size = (size_t)lattice_width * lattice_height;
    for (size_t index = 0; index < octaves * channels * lattice_size; index++) {
        lattices[index] = (float)(next_random(seed) % 1000) / 1000.0f;
    }
    static const double cell[octaves] = {160, 64, 24, 8, 2};
    static const double weight[octaves] = {0.53, 0.24, 0.12, 0.06, 0.05};
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            double value[channels] = {0, 0, 0};
            for (int channel = 0; channel < channels; channel++) {
                for (int octave = 0; octave < octaves; octave++) {
                    const float *lattice = lattices + (octave * channels + channel) * lattice_size;
                    value[channel] += weight[octave] * lattice_noise(lattice, lattice_width, x / cell[octave],
                                                                     y / cell[octave]);
                }
            }
            put_pixel(image, left + x, top + y,
                      (color){(uint8_t)(value[0] * 255), (uint8_t)(value[1] * 255), (uint8_t)(value[2] * 255)});
        }
    }
    free(lattices);
}

/* Glyphs: 95 printable characters, each two to four anti-aliased strokes in a 7x15 cell. */
enum { glyph_count = 95, glyph_width = 7, glyph_height = 15 };
typedef uint8_t glyph_set[glyph_count][glyph_height][glyph_width];

static double distance_to_segment(double x, double y, double x0, double y0, double x1, double y1) {
    double dx = x1 - x0, dy = y1 - y0, length_squared = dx * dx + dy * dy;
    double t = length_squared > 0 ? ((x - x0) * dx + (y - y0) * dy) / length_squared : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(x - (x0 + t * dx), y - (y0 + t * dy));
}

static void make_glyphs(glyph_set glyphs, uint32_t *seed) {
    memset(glyphs, 0, sizeof(glyph_set));
    for (int glyph = 1; glyph < glyph_count; glyph++) { /* glyph 0 is the space */
        int strokes = 2 + (int)(next_random(seed) % 3);
        for (int stroke = 0; stroke < strokes; stroke++) {
            double x0 = 1 + next_random(seed) % 5, y0 = 3 + next_random(seed) % 9;
            double x1 = 1 + next_random(seed) % 5, y1 = 3 + next_random(seed) % 9;
            for (int y = 0; y < glyph_height; y++) {
                for (int x = 0; x < glyph_width; x++) {
                    double coverage = 1.3 - distance_to_segment(x + 0.5, y + 0.5, x0, y0, x1, y1);
                    int value = coverage <= 0 ? 0 : coverage >= 1 ? 255 : (int)(coverage * 255);
                    if (value > glyphs[glyph][y][x]) glyphs[glyph][y][x] = (uint8_t)value;
                }
            }
        }
    }
}

/* A terminal window: title bar, then lines of code-like text (indents, words, blank lines). */
static void draw_terminal(frame *image, const glyph_set glyphs, int left, int top, int columns, int rows,
                          color background, const color *inks, int ink_count, uint32_t *seed) {
    int width = columns * glyph_width + 8, height = rows * glyph_height + 30;
    fill_rect(image, left, top, width, 22, (color){70, 60, 60});
    fill_rect(image, left, top + 22, width, height - 22, background);
    for (int row = 0; row < rows; row++) {
        if (next_random(seed) % 7 == 0) continue;
        int column = 4 * (int)(next_random(seed) % 4);
        int end = column + 10 + (int)(next_random(seed) % (unsigned)(columns - column - 10));
        while (column < end) {
            int word = 1 + (int)(next_random(seed) % 9);
            color ink = inks[next_random(seed) % (unsigned)ink_count];
            for (int letter = 0; letter < word && column < columns; letter++, column++) {
                int glyph = 1 + (int)(next_random(seed) % (glyph_count - 1));
                for (int y = 0; y < glyph_height; y++) {
                    for (int x = 0; x < glyph_width; x++) {
                        int px = left + 4 + column * glyph_width + x, py = top + 26 + row * glyph_height + y;
                        put_pixel(image, px, py, mix(background, ink, glyphs[glyph][y][x] / 255.0));
                    }
                }
            }
            column++; /* the space between words */
        }
    }
}

static frame synthesize_frame(void) {
    frame image = {malloc((size_t)frame_width * frame_height * 4), frame_width, frame_height,
                   (size_t)frame_width * 4};
    uint32_t seed = 2463534242u;
    static glyph_set glyphs;
    make_glyphs(glyphs, &seed);
    draw_background(&image);
    const color white = {255, 255, 255}, black = {0, 0, 0}, dark = {40, 30, 30};
    const color light_inks[] = {black, black, {160, 40, 30}, {30, 110, 20}};
    const color dark_inks[] = {{220, 220, 220}, {220, 220, 220}, {120, 200, 240}, {230, 180, 120}};
    draw_terminal(&image, glyphs, 10, 10, 110, 40, dark, dark_inks, 4, &seed);
    draw_terminal(&image, glyphs, 900, 20, 100, 60, white, light_inks, 2, &seed);
    draw_terminal(&image, glyphs, 30, 700, 120, 22, white, light_inks, 4, &seed);
    draw_picture(&image, 1100, 560, 760, 480, &seed);
    return image;
}

static uint32_t big_endian_at(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* Reads an `xwd -root` dump of a 24-bit TrueColor screen (32 bits per pixel, LSBFirst: BGRX). */
static frame load_xwd(const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *bytes = malloc((size_t)length);
    if (length < 100 || fread(bytes, 1, (size_t)length, file) != (size_t)length) {
        fprintf(stderr, "%s: cannot read an XWD header\n", path);
        exit(1);
    }
    fclose(file);
    uint32_t header_size = big_endian_at(bytes), width = big_endian_at(bytes + 16),
             height = big_endian_at(bytes + 20), byte_order = big_endian_at(bytes + 28),
             bits_per_pixel = big_endian_at(bytes + 44), bytes_per_line = big_endian_at(bytes + 48),
             red_mask = big_endian_at(bytes + 56), colors = big_endian_at(bytes + 76);
    size_t offset = header_size + (size_t)colors * 12; /* XWDColor entries follow the header */
    if (bits_per_pixel != 32 || byte_order != 0 || red_mask != 0xFF0000 ||
        offset + (size_t)bytes_per_line * height > (size_t)length) {
        fprintf(stderr, "%s: not a 32-bit LSBFirst TrueColor XWD dump\n", path);
        exit(1);
    }
    frame image = {malloc((size_t)bytes_per_line * height), (int32_t)width, (int32_t)height, bytes_per_line};
    memcpy(image.pixels, bytes + offset, (size_t)bytes_per_line * height);
    free(bytes);
    return image;
}

/* ---- Measuring ---------------------------------------------------------------------------- */

static double now_ms(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return time.tv_sec * 1e3 + time.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count) {
    qsort(values, (size_t)count, sizeof(double), compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Peak signal-to-noise ratio of decoded RGB against the BGRX frame, in dB. */
static double psnr(const frame *image, const uint8_t *rgb) {
    double squared_error = 0;
    for (int y = 0; y < image->height; y++) {
        const uint8_t *pixel = image->pixels + (size_t)y * image->stride;
        const uint8_t *decoded = rgb + (size_t)y * image->width * 3;
        for (int x = 0; x < image->width; x++, pixel += 4, decoded += 3) {
            for (int channel = 0; channel < 3; channel++) {
                double difference = (double)pixel[2 - channel] - decoded[channel];
                squared_error += difference * difference;
            }
        }
    }
    double mean = squared_error / ((double)image->width * image->height * 3);
    return mean == 0 ? INFINITY : 10 * log10(255.0 * 255.0 / mean);
}

/* Decodes an encoder's output and describes it: "lossless", a PSNR, or a failure. */
static void describe_output(const frame *image, sa_buffer output, char *text, size_t capacity) {
    uint8_t *rgb = NULL;
    int32_t width = 0, height = 0;
    char error[256];
    if (sa_test_decode(output.data, output.size, &rgb, &width, &height, error) != 0) {
        snprintf(text, capacity, "DECODE FAILED: %s", error);
        return;
    }
    if (width != image->width || height != image->height) {
        snprintf(text, capacity, "WRONG SIZE %dx%d", (int)width, (int)height);
    } else {
        double quality = psnr(image, rgb);
        if (isinf(quality)) {
            snprintf(text, capacity, "lossless");
        } else {
            snprintf(text, capacity, "PSNR %.2f dB", quality);
        }
    }
    sa_test_free(rgb);
}

/* ---- libpng reference: the same image, zlib at level 1, SUB filter on every row -------------- */

static void append_png_data(png_structp png, png_bytep data, size_t length) {
    if (!sa_growable_append(png_get_io_ptr(png), data, length)) png_error(png, "out of memory");
}

static void flush_nothing(png_structp png) {
    (void)png;
}

/* Writes image through libpng into *output (owned by the caller, so a longjmp cannot lose it). */
static int libpng_encode(const frame *image, int level, sa_growable *output, char *error) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        sa_set_error(error, "libpng failed");
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, output, append_png_data, flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)image->width, (png_uint_32)image->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_compression_level(png, level);
    png_write_info(png, info);
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER); /* drops the X byte */
    for (int y = 0; y < image->height; y++) png_write_row(png, image->pixels + (size_t)y * image->stride);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

/* ---- The settings compared ---------------------------------------------------------------- */

typedef enum { filter_only, png_codec, libpng_codec, jpeg_codec, jpeg_strips_codec, webp_codec, scale_only } task;

typedef struct {
    const char *name;
    task kind;
    int setting;   /* PNG level, 1 for the fast JPEG DCT, JPEG strips, WebP method, or the scale divisor */
    int quality;   /* JPEG and WebP quality, or the scale multiplier */
} configuration;

static const configuration configurations[] = {
    {"PNG SUB filter + BGRX->RGB only", filter_only, 0, 0},
    {"PNG libdeflate level 1 SUB", png_codec, 1, 0},
    {"PNG libdeflate level 2 SUB", png_codec, 2, 0},
    {"PNG libdeflate level 3 SUB", png_codec, 3, 0},
    {"PNG libdeflate level 6 SUB", png_codec, 6, 0},
    {"PNG libpng (zlib) level 1 SUB", libpng_codec, 1, 0},
    {"JPEG q80 accurate DCT (islow)", jpeg_codec, 0, 80},
    {"JPEG q80 fast DCT (ifast)", jpeg_codec, 1, 80},
    {"JPEG q90 accurate DCT (islow)", jpeg_codec, 0, 90},
    {"JPEG q90 fast DCT (ifast)", jpeg_codec, 1, 90},
    {"JPEG q80 islow, 2 strips on 2 threads", jpeg_strips_codec, 2, 80},
    {"JPEG q80 islow, 4 strips on 4 threads", jpeg_strips_codec, 4, 80},
    {"WebP q80 method 0", webp_codec, 0, 80},
    {"WebP q80 method 1", webp_codec, 1, 80},
    {"WebP q80 method 2", webp_codec, 2, 80},
    {"scale to 2/3 (1280x720)", scale_only, 3, 2},
    {"scale to 1/2 (960x540)", scale_only, 2, 1},
};
enum { configuration_count = sizeof configurations / sizeof configurations[0] };

/* Runs one setting once. Encoders leave their output in out; the others use scratch. */
static int run_once(const frame *image, const configuration *setting, uint8_t *scratch, sa_buffer *out,
                    char *error) {
    sa_bgrx_view view = {image->pixels, image->width, image->height, image->stride};
    switch (setting->kind) {
    case filter_only: sa_png_filter_rows_sub(view, scratch); return 0;
    case png_codec: return sa_png_encode_bgrx(view, setting->setting, out, error);
    case libpng_codec: {
        sa_growable output = {NULL, 0, 0};
        int result = libpng_encode(image, setting->setting, &output, error);
        sa_growable_finish(&output, out);
        return result;
    }
    case jpeg_codec: return sa_jpeg_encode_bgrx_dct(view, setting->quality, setting->setting, false, out, error);
    case jpeg_strips_codec: return sa_jpeg_encode_bgrx(view, setting->quality, setting->setting, out, error);
    case webp_codec: return sa_webp_encode_bgrx_method(view, setting->quality, setting->setting, out, error);
    case scale_only:
        return sa_scale_bgrx(view, scratch, image->width * setting->quality / setting->setting,
                             image->height * setting->quality / setting->setting);
    }
    return -1;
}

int main(int argc, char **argv) {
    int runs = 21;
    const char *path = NULL;
    for (int index = 1; index < argc; index++) {
        if (strcmp(argv[index], "--runs") == 0 && index + 1 < argc) {
            runs = atoi(argv[++index]);
        } else {
            path = argv[index];
        }
    }
    if (runs < 1) runs = 1;
    frame image = path != NULL ? load_xwd(path) : synthesize_frame();
    /* Big enough for the filtered PNG rows or any scaled frame. */
    uint8_t *scratch = malloc((size_t)image.height * (1 + (size_t)image.width * 4));
    static double times[configuration_count][1000];
    if (runs > 1000) runs = 1000;
    sa_buffer outputs[configuration_count] = {{NULL, 0}};
    char error[SA_ERROR_CAPACITY];

    /* Round-robin, so a burst of other load on the machine hits every setting alike. */
    for (int run = 0; run < runs; run++) {
        for (int index = 0; index < configuration_count; index++) {
            sa_buffer_free(&outputs[index]);
            double start = now_ms();
            if (run_once(&image, &configurations[index], scratch, &outputs[index], error) != 0) {
                fprintf(stderr, "%s: %s\n", configurations[index].name, error);
                return 1;
            }
            times[index][run] = now_ms() - start;
        }
    }

    printf("frame: %s, %dx%d, median of %d runs\n\n", path != NULL ? path : "synthetic", (int)image.width,
           (int)image.height, runs);
    printf("%-32s %9s %8s %9s  %s\n", "setting", "median ms", "min ms", "size KiB", "decoded");
    for (int index = 0; index < configuration_count; index++) {
        double fastest = times[index][0];
        for (int run = 1; run < runs; run++) fastest = fmin(fastest, times[index][run]);
        char size[32] = "-", decoded[320] = "-";
        if (outputs[index].data != NULL) {
            snprintf(size, sizeof size, "%.1f", outputs[index].size / 1024.0);
            describe_output(&image, outputs[index], decoded, sizeof decoded);
        }
        printf("%-32s %9.2f %8.2f %9s  %s\n", configurations[index].name, median(times[index], runs), fastest,
               size, decoded);
        sa_buffer_free(&outputs[index]);
    }
    free(scratch);
    free(image.pixels);
    return 0;
}
