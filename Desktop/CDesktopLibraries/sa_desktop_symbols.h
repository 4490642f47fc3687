/* Internal to CDesktopLibraries: the libraries the desktop loads, every function it calls in them
 * (the list the loader resolves and the forwarders call through), and the table of resolved
 * pointers. Adding a call to a new library function means adding it here and a forwarder in
 * sa_x11_forwarders.c or sa_codec_forwarders.c; the link fails until both are there. */
#ifndef SA_DESKTOP_SYMBOLS_H
#define SA_DESKTOP_SYMBOLS_H

/* libwebp marks its declarations visibility("default"); the forwarders are hidden instead. */
#define WEBP_EXTERN extern

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>
#include <stdint.h>
#include <stdio.h>
#include <libdeflate.h>
#include <jpeglib.h>
#include <webp/encode.h>

/* Forwarders bind the executable's own calls and are not exported, so a library loaded later (or a
 * test linking libjpeg for its decoders) never binds to them instead of the real function. */
#define SA_FORWARDER __attribute__((visibility("hidden")))

/* The libraries, in load order (each after what it depends on), as (index, soname). */
#define SA_DESKTOP_LIBRARIES(L)        \
    L(SA_LIB_X11, "libX11.so.6")       \
    L(SA_LIB_XEXT, "libXext.so.6")     \
    L(SA_LIB_XTST, "libXtst.so.6")     \
    L(SA_LIB_XFIXES, "libXfixes.so.3") \
    L(SA_LIB_XDAMAGE, "libXdamage.so.1") \
    L(SA_LIB_DEFLATE, "libdeflate.so.0") \
    L(SA_LIB_JPEG, "libjpeg.so.62")    \
    L(SA_LIB_WEBP, "libwebp.so.7")

enum sa_desktop_library {
#define SA_LIBRARY_INDEX(index, soname) index,
    SA_DESKTOP_LIBRARIES(SA_LIBRARY_INDEX)
#undef SA_LIBRARY_INDEX
    SA_LIB_COUNT
};

/* Every function called, as (library, name). */
#define SA_DESKTOP_FUNCTIONS(F)                                                                         \
    F(SA_LIB_X11, XChangeKeyboardMapping) F(SA_LIB_X11, XChangeProperty)                              \
    F(SA_LIB_X11, XCloseDisplay) F(SA_LIB_X11, XConnectionNumber) F(SA_LIB_X11, XConvertSelection)     \
    F(SA_LIB_X11, XCreateSimpleWindow) F(SA_LIB_X11, XDefaultDepth) F(SA_LIB_X11, XDefaultScreen)      \
    F(SA_LIB_X11, XDefaultVisual) F(SA_LIB_X11, XDeleteProperty) F(SA_LIB_X11, XDisplayHeight)         \
    F(SA_LIB_X11, XDisplayKeycodes) F(SA_LIB_X11, XDisplayWidth) F(SA_LIB_X11, XFetchName)             \
    F(SA_LIB_X11, XFlush) F(SA_LIB_X11, XFree) F(SA_LIB_X11, XGetErrorText) F(SA_LIB_X11, XGetImage)   \
    F(SA_LIB_X11, XGetInputFocus) F(SA_LIB_X11, XGetKeyboardMapping) F(SA_LIB_X11, XGetSelectionOwner) \
    F(SA_LIB_X11, XGetWindowAttributes) F(SA_LIB_X11, XGetWindowProperty) F(SA_LIB_X11, XInternAtom)   \
    F(SA_LIB_X11, XMoveWindow) F(SA_LIB_X11, XNextEvent) F(SA_LIB_X11, XOpenDisplay)                   \
    F(SA_LIB_X11, XPending) F(SA_LIB_X11, XQueryPointer) F(SA_LIB_X11, XQueryTree)                     \
    F(SA_LIB_X11, XRaiseWindow) F(SA_LIB_X11, XRefreshKeyboardMapping) F(SA_LIB_X11, XResizeWindow)    \
    F(SA_LIB_X11, XRootWindow) F(SA_LIB_X11, XSelectInput) F(SA_LIB_X11, XSendEvent)                   \
    F(SA_LIB_X11, XSetErrorHandler) F(SA_LIB_X11, XSetIOErrorExitHandler) F(SA_LIB_X11, XSetIOErrorHandler) \
    F(SA_LIB_X11, XSetInputFocus) F(SA_LIB_X11, XSetSelectionOwner) F(SA_LIB_X11, XStoreName)         \
    F(SA_LIB_X11, XStringToKeysym) F(SA_LIB_X11, XSync) F(SA_LIB_X11, XTranslateCoordinates)           \
    F(SA_LIB_X11, XUnlockDisplay)                                                                       \
    F(SA_LIB_XEXT, XShmAttach) F(SA_LIB_XEXT, XShmCreateImage) F(SA_LIB_XEXT, XShmDetach)              \
    F(SA_LIB_XEXT, XShmGetImage) F(SA_LIB_XEXT, XShmQueryExtension)                                    \
    F(SA_LIB_XTST, XTestFakeButtonEvent) F(SA_LIB_XTST, XTestFakeKeyEvent)                             \
    F(SA_LIB_XTST, XTestFakeMotionEvent) F(SA_LIB_XTST, XTestQueryExtension)                           \
    F(SA_LIB_XFIXES, XFixesCreateRegion) F(SA_LIB_XFIXES, XFixesDestroyRegion)                         \
    F(SA_LIB_XFIXES, XFixesFetchRegion) F(SA_LIB_XFIXES, XFixesGetCursorImage)                         \
    F(SA_LIB_XFIXES, XFixesQueryExtension) F(SA_LIB_XFIXES, XFixesSelectCursorInput)                   \
    F(SA_LIB_XDAMAGE, XDamageCreate) F(SA_LIB_XDAMAGE, XDamageDestroy)                                 \
    F(SA_LIB_XDAMAGE, XDamageQueryExtension) F(SA_LIB_XDAMAGE, XDamageSubtract)                        \
    F(SA_LIB_DEFLATE, libdeflate_alloc_compressor) F(SA_LIB_DEFLATE, libdeflate_crc32)                 \
    F(SA_LIB_DEFLATE, libdeflate_free_compressor) F(SA_LIB_DEFLATE, libdeflate_zlib_compress)          \
    F(SA_LIB_DEFLATE, libdeflate_zlib_compress_bound)                                                   \
    F(SA_LIB_JPEG, jpeg_CreateCompress) F(SA_LIB_JPEG, jpeg_destroy_compress)                          \
    F(SA_LIB_JPEG, jpeg_finish_compress) F(SA_LIB_JPEG, jpeg_set_defaults) F(SA_LIB_JPEG, jpeg_set_quality) \
    F(SA_LIB_JPEG, jpeg_start_compress) F(SA_LIB_JPEG, jpeg_std_error) F(SA_LIB_JPEG, jpeg_write_scanlines) \
    F(SA_LIB_WEBP, WebPConfigInitInternal) F(SA_LIB_WEBP, WebPEncode) F(SA_LIB_WEBP, WebPPictureFree)  \
    F(SA_LIB_WEBP, WebPPictureImportBGRX) F(SA_LIB_WEBP, WebPPictureInitInternal)                      \
    F(SA_LIB_WEBP, WebPValidateConfig)

/* The resolved functions, one typed pointer per name (the type is the header's declaration). */
struct sa_desktop_functions {
#define SA_FUNCTION_FIELD(library, name) __typeof__(name) *name;
    SA_DESKTOP_FUNCTIONS(SA_FUNCTION_FIELD)
#undef SA_FUNCTION_FIELD
};

/* The table, loading the libraries on first use. The server checks with sa_desktop_libraries_load
 * before it starts the desktop, so a failure here is a caller that skipped that check: it prints
 * what is missing and aborts (a forwarder cannot return an error its caller would understand). */
const struct sa_desktop_functions *sa_desktop_functions(void);

#endif
