/* The baseline of scripts/check-footprint.sh: one_call.c without librns. */
int main(void)
{
    return 0;
}
