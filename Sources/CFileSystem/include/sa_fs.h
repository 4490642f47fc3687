#ifndef SA_FS_H
#define SA_FS_H

#include <sys/types.h>

/// RESOLVE_* flags of openat2(2), from <linux/openat2.h>.
#define SA_RESOLVE_NO_MAGICLINKS 0x02
#define SA_RESOLVE_NO_SYMLINKS 0x04
#define SA_RESOLVE_BENEATH 0x08

/// O_PATH of open(2) (x86_64 and aarch64), which Glibc only declares with _GNU_SOURCE.
#define SA_O_PATH 0x200000

/// openat2(2) with `flags`, `mode` and `resolve`: a descriptor, or -1 with errno set
/// (ENOSYS when the kernel or the headers lack the call, EPERM when a seccomp filter blocks it).
int sa_openat2(int dirfd, const char *path, int flags, mode_t mode, unsigned long long resolve);

/// renameat2(2) with RENAME_NOREPLACE: fails with EEXIST instead of replacing `newpath`.
int sa_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// renameat2(2) with RENAME_EXCHANGE: swaps the two entries atomically (used by tests to race).
int sa_rename_exchange(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#endif
