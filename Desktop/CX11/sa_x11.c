/* Error handling for every X connection of the server. Xlib's default handlers print and call
 * exit(), which would take the whole server down when a window vanishes mid-request or Xvfb dies.
 * These handlers record the error per display instead; the Swift side checks after each request. */
#include "sa_x11.h"
#include <pthread.h>
#include <string.h>

#define SA_MAX_DISPLAYS 16

typedef struct {
    Display *display;
    int error_code;
    int request_code;
    int connection_lost;
} sa_display_state;

static sa_display_state states[SA_MAX_DISPLAYS];
static pthread_mutex_t states_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

/* The slot of `display`, created when `create` is set; the caller holds states_lock. */
static sa_display_state *slot_of(Display *display, int create) {
    sa_display_state *free_slot = NULL;
    for (int index = 0; index < SA_MAX_DISPLAYS; index++) {
        if (states[index].display == display) return &states[index];
        if (states[index].display == NULL && free_slot == NULL) free_slot = &states[index];
    }
    if (create && free_slot != NULL) {
        memset(free_slot, 0, sizeof *free_slot);
        free_slot->display = display;
        return free_slot;
    }
    return NULL;
}

static int record_protocol_error(Display *display, XErrorEvent *event) {
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    if (state != NULL && state->error_code == 0) {
        state->error_code = event->error_code;
        state->request_code = event->request_code;
    }
    pthread_mutex_unlock(&states_lock);
    return 0;
}

static int record_connection_loss(Display *display) {
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    if (state != NULL) state->connection_lost = 1;
    pthread_mutex_unlock(&states_lock);
    return 0;
}

/* Returning from the exit handler leaves the display marked dead instead of exiting. Xlib takes
 * the display's user lock (XLockDisplay) before calling it, expecting the process to exit; it is
 * released here, or the XCloseDisplay that follows would wait on it forever. */
static void keep_running_after_io_error(Display *display, void *user_data) {
    (void)user_data;
    record_connection_loss(display);
    XUnlockDisplay(display);
}

static void install_handlers(void) {
    XSetErrorHandler(record_protocol_error);
    XSetIOErrorHandler(record_connection_loss);
}

Display *sa_x11_open(const char *display_name) {
    pthread_once(&handlers_once, install_handlers);
    Display *display = XOpenDisplay(display_name);
    if (display == NULL) return NULL;
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 1);
    pthread_mutex_unlock(&states_lock);
    if (state == NULL) {
        XCloseDisplay(display);
        return NULL;
    }
    XSetIOErrorExitHandler(display, keep_running_after_io_error, NULL);
    return display;
}

void sa_x11_clear_error(Display *display) {
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    if (state != NULL) state->error_code = 0;
    pthread_mutex_unlock(&states_lock);
}

int sa_x11_take_error(Display *display, int *request_code) {
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    int code = state != NULL ? state->error_code : 0;
    if (request_code != NULL) *request_code = state != NULL ? state->request_code : 0;
    if (state != NULL) state->error_code = 0;
    pthread_mutex_unlock(&states_lock);
    return code;
}

int sa_x11_connection_lost(Display *display) {
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    int lost = state != NULL ? state->connection_lost : 1;
    pthread_mutex_unlock(&states_lock);
    return lost;
}

void sa_x11_close(Display *display) {
    if (display == NULL) return;
    XCloseDisplay(display);
    pthread_mutex_lock(&states_lock);
    sa_display_state *state = slot_of(display, 0);
    if (state != NULL) memset(state, 0, sizeof *state);
    pthread_mutex_unlock(&states_lock);
}

void sa_x11_destroy_shm_image(XImage *image) {
    if (image == NULL) return;
    image->data = NULL;
    XDestroyImage(image);
}

void sa_x11_destroy_image(XImage *image) {
    if (image != NULL) XDestroyImage(image);
}

void sa_x11_error_text(Display *display, int code, char *buffer, int length) {
    XGetErrorText(display, code, buffer, length);
}
