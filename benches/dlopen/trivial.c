/* The peer of bench.c: a shared library with one function and nothing else, built in the
 * same run with the same link flags as librns.so. */
int trivial_version(void);
int trivial_version(void)
{
    return 1;
}
