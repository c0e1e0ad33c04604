// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_split.c - libFuzzer target for vtd-note's reading of a split dump:
 * the input is two parts (a 16-bit little-endian length, part one, then
 * part two), given as two files, then in the other order.  Seeds: two
 * parts of one makedumpfile --split dump (corpus/split).
 */
#include "dump-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char a[64], b[64], *paths[2];
	size_t first;
	int fa, fb;

	if (size < 2)
		return 0;
	first = (size_t)(data[0] | data[1] << 8);
	if (first > size - 2)
		first = size - 2;
	fa = fuzz_file(data + 2, first, a);
	fb = fuzz_file(data + 2 + first, size - 2 - first, b);
	paths[0] = a;
	paths[1] = b;
	fuzz_load(paths, 2);
	paths[0] = b;
	paths[1] = a;
	fuzz_load(paths, 2);
	close(fa);
	close(fb);
	return 0;
}
