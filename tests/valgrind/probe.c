/* probe.c - does this valgrind implement pidfd_open(2)? Exits 38 (ENOSYS) when it does not
 * (valgrind < 3.20), 0 when it does, 1 on any other failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    long fd = syscall(SYS_pidfd_open, getpid(), 0);
    if (fd < 0)
        return errno == ENOSYS ? 38 : 1;
    close((int)fd);
    return 0;
}
