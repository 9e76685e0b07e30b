/*
 * cgroup2.h - where the calling process's cgroup v2 directory is, for the spawn tests of
 * the C suite and the matrix's C runner. Needs <errno.h>, <stdio.h>, <string.h>.
 */
#ifndef RNS_TEST_CGROUP2_H
#define RNS_TEST_CGROUP2_H

/* The caller's cgroup v2 directory: the cgroup2 mount (its root mounted) and the "0::" line
 * of /proc/self/cgroup. 0, or -ENOENT where there is no cgroup2 mount. */
static inline int own_cgroup2(char *dir, size_t n)
{
    char line[1024], mnt[256] = "", root[256], point[256];
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return -errno;
    while (!mnt[0] && fgets(line, sizeof line, f))
        if (strstr(line, " - cgroup2 ") && sscanf(line, "%*d %*d %*s %255s %255s", root, point) == 2 &&
            strcmp(root, "/") == 0)
            snprintf(mnt, sizeof mnt, "%s", point);
    fclose(f);
    if (!mnt[0])
        return -ENOENT;
    f = fopen("/proc/self/cgroup", "re");
    if (!f)
        return -errno;
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        if (strncmp(line, "0::", 3) == 0) {
            line[strcspn(line, "\n")] = 0;
            int len = snprintf(dir, n, "%s%s", mnt, strcmp(line + 3, "/") == 0 ? "" : line + 3);
            found = len >= 0 && (size_t)len < n ? 1 : -1;
        }
    fclose(f);
    return found == 1 ? 0 : found ? -ENAMETOOLONG : -ENOENT;
}

#endif
