/* The desktop's shared libraries (Xlib, Xext, XTest, XFixes, DAMAGE, libdeflate, libjpeg-turbo,
 * libwebp), loaded with dlopen when the desktop starts instead of linked: the server starts and
 * serves everything but the desktop on a system that has none of them. CX11 and CDesktopCodec call
 * these libraries' functions by their usual names; this target defines those names as forwarders
 * (not exported from the executable) to the functions dlsym found. */
#ifndef SA_DESKTOP_LIBRARIES_H
#define SA_DESKTOP_LIBRARIES_H

#include <stddef.h>

/* Loads every desktop library and resolves every function the desktop calls. Returns 0 when all
 * are there (at once, once they were); otherwise -1 with one line per library that failed written
 * into `missing` (`capacity` bytes, NUL-terminated): its soname, and after a space the missing
 * function in parentheses when the library loaded but lacks it (too old). Nothing stays loaded
 * after a failure, so a later call finds libraries installed meanwhile. Thread-safe. */
int sa_desktop_libraries_load(char *missing, size_t capacity);

#endif
