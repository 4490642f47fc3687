/* Xlib, MIT-SHM, XTest, XFixes and DAMAGE for Swift, plus what Swift cannot import or must not get:
 * function forms of Xlib's function-like macros, and error handlers that record X errors and
 * connection loss instead of printing and exiting the process (Xlib's defaults). */
#ifndef SA_X11_H
#define SA_X11_H

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/Xatom.h>
#include <X11/keysym.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/Xdamage.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdint.h>

/* Opens a connection with the process-wide error handlers installed (once). NULL on failure. */
Display *sa_x11_open(const char *display_name);

/* Closes a connection opened by sa_x11_open (also after the connection was lost). */
void sa_x11_close(Display *display);

/* Forgets any recorded protocol error of `display` (call before a request whose error matters). */
void sa_x11_clear_error(Display *display);
/* The error code of the first protocol error recorded for `display` since the last clear (0 if none);
 * `request_code` receives the failed request's major opcode when not NULL. */
int sa_x11_take_error(Display *display, int *request_code);
/* Whether the connection to the X server of `display` is lost (the server died or closed it). */
int sa_x11_connection_lost(Display *display);

/* XDestroyImage for an image whose pixels are a shared-memory segment (never freed by Xlib). */
void sa_x11_destroy_shm_image(XImage *image);
/* XDestroyImage for an image from XGetImage. */
void sa_x11_destroy_image(XImage *image);

/* The textual description of an X error code ("BadWindow (invalid Window parameter)"). */
void sa_x11_error_text(Display *display, int code, char *buffer, int length);

#endif
