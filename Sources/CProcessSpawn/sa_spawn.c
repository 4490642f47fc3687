#define _GNU_SOURCE
#include "sa_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void close_quietly(int fd) {
    if (fd >= 0) close(fd);
}

/// Closes every descriptor >= 3 except `keep`, without allocating.
static void close_other_descriptors(int keep) {
#ifdef SYS_close_range
    if (keep > 3) syscall(SYS_close_range, 3, keep - 1, 0);
    if (syscall(SYS_close_range, keep + 1, ~0U, 0) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = 3; fd < max; fd++) {
        if (fd != keep) close(fd);
    }
}

/// Runs in the child after fork: only async-signal-safe calls. Never returns.
static void exec_child(const sa_spawn_options *o, int stdin_fd, int stdout_fd, int stderr_fd, int report_fd) {
    int stage = SA_SPAWN_STAGE_SETUP;

    // Dispositions the server set (SIGPIPE ignored, handlers) must not leak into the child.
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);

    if (setsid() < 0) goto fail;
    if (o->use_pty && ioctl(stdin_fd, TIOCSCTTY, 0) < 0) goto fail;

    if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) goto fail;
    close_other_descriptors(report_fd);

    if (o->cwd != NULL) {
        stage = SA_SPAWN_STAGE_CHDIR;
        if (chdir(o->cwd) < 0) goto fail;
    }
    stage = SA_SPAWN_STAGE_EXEC;
    execve(o->path, o->argv, o->envp);

fail:;
    int report[2] = {errno, stage};
    ssize_t ignored = write(report_fd, report, sizeof report);
    (void)ignored;
    _exit(127);
}

static int open_pty(const sa_spawn_options *o, int *master, int *slave) {
    *master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*master < 0) return -1;
    char name[128];
    if (grantpt(*master) < 0 || unlockpt(*master) < 0 || ptsname_r(*master, name, sizeof name) != 0) {
        close(*master);
        return -1;
    }
    *slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*slave < 0) {
        close(*master);
        return -1;
    }
    sa_set_window_size(*master, o->cols ? o->cols : 80, o->rows ? o->rows : 24);
    return 0;
}

int sa_spawn(const sa_spawn_options *o, sa_spawn_result *r, int *failed_errno, int *failed_stage) {
    // Child ends: c_in/c_out/c_err; parent ends go to r. All created close-on-exec.
    int c_in = -1, c_out = -1, c_err = -1, report[2] = {-1, -1};
    int p[2];
    r->pid = -1;
    r->stdin_fd = r->stdout_fd = r->stderr_fd = r->pty_fd = -1;
    *failed_stage = SA_SPAWN_STAGE_SETUP;

    if (o->use_pty) {
        int slave;
        if (open_pty(o, &r->pty_fd, &slave) < 0) goto fail;
        c_in = slave;
        c_out = fcntl(slave, F_DUPFD_CLOEXEC, 0);
        c_err = fcntl(slave, F_DUPFD_CLOEXEC, 0);
        if (c_out < 0 || c_err < 0) goto fail;
    } else {
        if (o->pipe_stdin) {
            if (pipe2(p, O_CLOEXEC) < 0) goto fail;
            c_in = p[0];
            r->stdin_fd = p[1];
        } else {
            c_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (c_in < 0) goto fail;
        }
        if (pipe2(p, O_CLOEXEC) < 0) goto fail;
        r->stdout_fd = p[0];
        c_out = p[1];
        if (pipe2(p, O_CLOEXEC) < 0) goto fail;
        r->stderr_fd = p[0];
        c_err = p[1];
    }
    if (pipe2(report, O_CLOEXEC) < 0) goto fail;

    pid_t pid = fork();
    if (pid < 0) goto fail;
    if (pid == 0) exec_child(o, c_in, c_out, c_err, report[1]);

    close_quietly(c_in);
    close_quietly(c_out);
    close_quietly(c_err);
    close(report[1]);
    c_in = c_out = c_err = report[1] = -1;

    int child_report[2];
    ssize_t n;
    do {
        n = read(report[0], child_report, sizeof child_report);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_report) {
        // The child failed before exec and exited 127: reap it so it leaves no zombie.
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        errno = child_report[0];
        *failed_stage = child_report[1];
        goto fail;
    }
    r->pid = pid;
    return 0;

fail:;
    int saved = errno;
    close_quietly(c_in);
    close_quietly(c_out);
    close_quietly(c_err);
    close_quietly(report[0]);
    close_quietly(report[1]);
    close_quietly(r->stdin_fd);
    close_quietly(r->stdout_fd);
    close_quietly(r->stderr_fd);
    close_quietly(r->pty_fd);
    r->stdin_fd = r->stdout_fd = r->stderr_fd = r->pty_fd = -1;
    *failed_errno = saved;
    return -1;
}

int sa_set_window_size(int pty_fd, unsigned short cols, unsigned short rows) {
    struct winsize size = {.ws_row = rows, .ws_col = cols, .ws_xpixel = 0, .ws_ypixel = 0};
    return ioctl(pty_fd, TIOCSWINSZ, &size);
}

pid_t sa_reap(pid_t which, int *exited, int *code) {
    int status = 0;
    pid_t pid;
    do {
        pid = waitpid(which, &status, WNOHANG);
    } while (pid < 0 && errno == EINTR);
    if (pid > 0) {
        if (WIFEXITED(status)) {
            *exited = 1;
            *code = WEXITSTATUS(status);
        } else {
            *exited = 0;
            *code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        }
    }
    return pid;
}
