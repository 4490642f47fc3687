#ifndef SA_SPAWN_H
#define SA_SPAWN_H

#include <sys/types.h>

/// What to start. All strings are NUL-terminated; `argv` and `envp` are NULL-terminated arrays.
typedef struct {
    /// Absolute path of the executable (resolved by the caller).
    const char *path;
    char *const *argv;
    char *const *envp;
    /// Working directory, or NULL to inherit.
    const char *cwd;
    /// Non-zero: run on a new pseudo-terminal (stdin/stdout/stderr are its slave side).
    int use_pty;
    /// Non-zero: give the child a stdin pipe; otherwise stdin is /dev/null (ignored with a PTY).
    int pipe_stdin;
    unsigned short cols;
    unsigned short rows;
} sa_spawn_options;

/// What was started. Unused descriptors are -1. Every descriptor is close-on-exec.
typedef struct {
    pid_t pid;
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    /// PTY master (read output, write input, resize) when `use_pty` was set.
    int pty_fd;
} sa_spawn_result;

/// Where a failed spawn failed.
typedef enum {
    SA_SPAWN_STAGE_SETUP = 1,
    SA_SPAWN_STAGE_CHDIR = 2,
    SA_SPAWN_STAGE_EXEC = 3,
} sa_spawn_stage;

/// Forks and execs a child in a new session (so its own process group, pgid == pid), with
/// signal dispositions and mask reset to defaults and every other descriptor closed.
/// Nothing but async-signal-safe calls run between fork and exec.
///
/// Returns 0 on success. On failure returns -1 and sets `*failed_errno` and `*failed_stage`;
/// no child is left behind (a child that failed to exec has been reaped).
int sa_spawn(const sa_spawn_options *options, sa_spawn_result *result, int *failed_errno, int *failed_stage);

/// Sets a PTY's window size (the kernel then sends SIGWINCH to the foreground process group).
int sa_set_window_size(int pty_fd, unsigned short cols, unsigned short rows);

/// waitpid(which, WNOHANG) decoded (`which` is a pid, or -1 for any child): returns the pid (0 when
/// none is ready, -1 on error, e.g. ECHILD), with `*exited` = 1 and `*code` the exit code, or
/// `*exited` = 0 and `*code` the signal number.
pid_t sa_reap(pid_t which, int *exited, int *code);

#endif
