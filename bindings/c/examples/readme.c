#include <rns.h>
#include <stdio.h>

int main(void) {
    int r = rns_unshare(RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET);   /* this thread only */
    if (r < 0) {
        fprintf(stderr, "unshare: %s (%s)\n", rns_strerror(r), rns_errname(r));
        return 1;
    }
    int nice;
    if (rns_getpriority(RNS_PRIO_PROCESS, 0, &nice) == 0)       /* -1 is a nice value here */
        printf("nice %d\n", nice);
    return 0;
}
