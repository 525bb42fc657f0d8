/*
 * main.c: the `oversight` binary; everything happens in src/cli.
 */
#include "cli/cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
