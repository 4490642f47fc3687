/* Xlib, MIT-SHM, XTest, XFixes and DAMAGE functions under their own names, forwarding to the
 * libraries loaded at run time (see sa_desktop_symbols.h). The compiler checks each signature
 * against the library's header. */
#include "sa_desktop_symbols.h"

#define API (sa_desktop_functions())

SA_FORWARDER int XChangeKeyboardMapping(Display *d, int first, int per, KeySym *syms, int count) { return API->XChangeKeyboardMapping(d, first, per, syms, count); }
SA_FORWARDER int XChangeProperty(Display *d, Window w, Atom property, Atom type, int format, int mode, const unsigned char *data, int count) { return API->XChangeProperty(d, w, property, type, format, mode, data, count); }
SA_FORWARDER int XCloseDisplay(Display *d) { return API->XCloseDisplay(d); }
SA_FORWARDER int XConnectionNumber(Display *d) { return API->XConnectionNumber(d); }
SA_FORWARDER int XConvertSelection(Display *d, Atom selection, Atom target, Atom property, Window requestor, Time time) { return API->XConvertSelection(d, selection, target, property, requestor, time); }
SA_FORWARDER Window XCreateSimpleWindow(Display *d, Window parent, int x, int y, unsigned int width, unsigned int height, unsigned int border_width, unsigned long border, unsigned long background) { return API->XCreateSimpleWindow(d, parent, x, y, width, height, border_width, border, background); }
SA_FORWARDER int XDefaultDepth(Display *d, int screen) { return API->XDefaultDepth(d, screen); }
SA_FORWARDER int XDefaultScreen(Display *d) { return API->XDefaultScreen(d); }
SA_FORWARDER Visual *XDefaultVisual(Display *d, int screen) { return API->XDefaultVisual(d, screen); }
SA_FORWARDER int XDeleteProperty(Display *d, Window w, Atom property) { return API->XDeleteProperty(d, w, property); }
SA_FORWARDER int XDisplayHeight(Display *d, int screen) { return API->XDisplayHeight(d, screen); }
SA_FORWARDER int XDisplayKeycodes(Display *d, int *min, int *max) { return API->XDisplayKeycodes(d, min, max); }
SA_FORWARDER int XDisplayWidth(Display *d, int screen) { return API->XDisplayWidth(d, screen); }
SA_FORWARDER int XFetchName(Display *d, Window w, char **name) { return API->XFetchName(d, w, name); }
SA_FORWARDER int XFlush(Display *d) { return API->XFlush(d); }
SA_FORWARDER int XFree(void *data) { return API->XFree(data); }
SA_FORWARDER int XGetErrorText(Display *d, int code, char *buffer, int length) { return API->XGetErrorText(d, code, buffer, length); }
SA_FORWARDER XImage *XGetImage(Display *d, Drawable drawable, int x, int y, unsigned int width, unsigned int height, unsigned long plane_mask, int format) { return API->XGetImage(d, drawable, x, y, width, height, plane_mask, format); }
SA_FORWARDER int XGetInputFocus(Display *d, Window *focus, int *revert_to) { return API->XGetInputFocus(d, focus, revert_to); }
SA_FORWARDER KeySym *XGetKeyboardMapping(Display *d, KeyCode first, int count, int *per) { return API->XGetKeyboardMapping(d, first, count, per); }
SA_FORWARDER Window XGetSelectionOwner(Display *d, Atom selection) { return API->XGetSelectionOwner(d, selection); }
SA_FORWARDER int XGetWindowAttributes(Display *d, Window w, XWindowAttributes *attributes) { return API->XGetWindowAttributes(d, w, attributes); }
SA_FORWARDER int XGetWindowProperty(Display *d, Window w, Atom property, long offset, long length, int delete, Atom requested, Atom *type, int *format, unsigned long *count, unsigned long *after, unsigned char **data) { return API->XGetWindowProperty(d, w, property, offset, length, delete, requested, type, format, count, after, data); }
SA_FORWARDER Atom XInternAtom(Display *d, const char *name, int only_if_exists) { return API->XInternAtom(d, name, only_if_exists); }
SA_FORWARDER int XMoveWindow(Display *d, Window w, int x, int y) { return API->XMoveWindow(d, w, x, y); }
SA_FORWARDER int XNextEvent(Display *d, XEvent *event) { return API->XNextEvent(d, event); }
SA_FORWARDER Display *XOpenDisplay(const char *name) { return API->XOpenDisplay(name); }
SA_FORWARDER int XPending(Display *d) { return API->XPending(d); }
SA_FORWARDER int XQueryPointer(Display *d, Window w, Window *root, Window *child, int *root_x, int *root_y, int *x, int *y, unsigned int *mask) { return API->XQueryPointer(d, w, root, child, root_x, root_y, x, y, mask); }
SA_FORWARDER int XQueryTree(Display *d, Window w, Window *root, Window *parent, Window **children, unsigned int *count) { return API->XQueryTree(d, w, root, parent, children, count); }
SA_FORWARDER int XRaiseWindow(Display *d, Window w) { return API->XRaiseWindow(d, w); }
SA_FORWARDER int XRefreshKeyboardMapping(XMappingEvent *event) { return API->XRefreshKeyboardMapping(event); }
SA_FORWARDER int XResizeWindow(Display *d, Window w, unsigned int width, unsigned int height) { return API->XResizeWindow(d, w, width, height); }
SA_FORWARDER Window XRootWindow(Display *d, int screen) { return API->XRootWindow(d, screen); }
SA_FORWARDER int XSelectInput(Display *d, Window w, long mask) { return API->XSelectInput(d, w, mask); }
SA_FORWARDER int XSendEvent(Display *d, Window w, int propagate, long mask, XEvent *event) { return API->XSendEvent(d, w, propagate, mask, event); }
SA_FORWARDER XErrorHandler XSetErrorHandler(XErrorHandler handler) { return API->XSetErrorHandler(handler); }
SA_FORWARDER void XSetIOErrorExitHandler(Display *d, XIOErrorExitHandler handler, void *user_data) { API->XSetIOErrorExitHandler(d, handler, user_data); }
SA_FORWARDER XIOErrorHandler XSetIOErrorHandler(XIOErrorHandler handler) { return API->XSetIOErrorHandler(handler); }
SA_FORWARDER int XSetInputFocus(Display *d, Window focus, int revert_to, Time time) { return API->XSetInputFocus(d, focus, revert_to, time); }
SA_FORWARDER int XSetSelectionOwner(Display *d, Atom selection, Window owner, Time time) { return API->XSetSelectionOwner(d, selection, owner, time); }
SA_FORWARDER int XStoreName(Display *d, Window w, const char *name) { return API->XStoreName(d, w, name); }
SA_FORWARDER KeySym XStringToKeysym(const char *name) { return API->XStringToKeysym(name); }
SA_FORWARDER int XSync(Display *d, int discard) { return API->XSync(d, discard); }
SA_FORWARDER int XTranslateCoordinates(Display *d, Window from, Window to, int x, int y, int *to_x, int *to_y, Window *child) { return API->XTranslateCoordinates(d, from, to, x, y, to_x, to_y, child); }
SA_FORWARDER void XUnlockDisplay(Display *d) { API->XUnlockDisplay(d); }

SA_FORWARDER int XShmAttach(Display *d, XShmSegmentInfo *info) { return API->XShmAttach(d, info); }
SA_FORWARDER XImage *XShmCreateImage(Display *d, Visual *visual, unsigned int depth, int format, char *data, XShmSegmentInfo *info, unsigned int width, unsigned int height) { return API->XShmCreateImage(d, visual, depth, format, data, info, width, height); }
SA_FORWARDER int XShmDetach(Display *d, XShmSegmentInfo *info) { return API->XShmDetach(d, info); }
SA_FORWARDER int XShmGetImage(Display *d, Drawable drawable, XImage *image, int x, int y, unsigned long plane_mask) { return API->XShmGetImage(d, drawable, image, x, y, plane_mask); }
SA_FORWARDER int XShmQueryExtension(Display *d) { return API->XShmQueryExtension(d); }

SA_FORWARDER int XTestFakeButtonEvent(Display *d, unsigned int button, int is_press, unsigned long delay) { return API->XTestFakeButtonEvent(d, button, is_press, delay); }
SA_FORWARDER int XTestFakeKeyEvent(Display *d, unsigned int keycode, int is_press, unsigned long delay) { return API->XTestFakeKeyEvent(d, keycode, is_press, delay); }
SA_FORWARDER int XTestFakeMotionEvent(Display *d, int screen, int x, int y, unsigned long delay) { return API->XTestFakeMotionEvent(d, screen, x, y, delay); }
SA_FORWARDER int XTestQueryExtension(Display *d, int *event_base, int *error_base, int *major, int *minor) { return API->XTestQueryExtension(d, event_base, error_base, major, minor); }

SA_FORWARDER XserverRegion XFixesCreateRegion(Display *d, XRectangle *rectangles, int count) { return API->XFixesCreateRegion(d, rectangles, count); }
SA_FORWARDER void XFixesDestroyRegion(Display *d, XserverRegion region) { API->XFixesDestroyRegion(d, region); }
SA_FORWARDER XRectangle *XFixesFetchRegion(Display *d, XserverRegion region, int *count) { return API->XFixesFetchRegion(d, region, count); }
SA_FORWARDER XFixesCursorImage *XFixesGetCursorImage(Display *d) { return API->XFixesGetCursorImage(d); }
SA_FORWARDER int XFixesQueryExtension(Display *d, int *event_base, int *error_base) { return API->XFixesQueryExtension(d, event_base, error_base); }
SA_FORWARDER void XFixesSelectCursorInput(Display *d, Window w, unsigned long mask) { API->XFixesSelectCursorInput(d, w, mask); }

SA_FORWARDER Damage XDamageCreate(Display *d, Drawable drawable, int level) { return API->XDamageCreate(d, drawable, level); }
SA_FORWARDER void XDamageDestroy(Display *d, Damage damage) { API->XDamageDestroy(d, damage); }
SA_FORWARDER int XDamageQueryExtension(Display *d, int *event_base, int *error_base) { return API->XDamageQueryExtension(d, event_base, error_base); }
SA_FORWARDER void XDamageSubtract(Display *d, Damage damage, XserverRegion repair, XserverRegion parts) { API->XDamageSubtract(d, damage, repair, parts); }
