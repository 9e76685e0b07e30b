/* A consumer of one librns call, linked statically: scripts/check-footprint.sh measures it
 * against empty.c, built the same way without librns. */
#include "rns.h"

int main(void)
{
    return rns_getpgrp() < 0;
}
