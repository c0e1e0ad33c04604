// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_flat.c - libFuzzer target for vtd-note's flattened-stream reader
 * (records applied in order into a bounded image, the formats inside it
 * read from there), from a file and from a pipe.  Seeds: makedumpfile -F
 * streams of a kdump-compressed and of an ELF dump (corpus/flat).
 */
#include "dump-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size);
	return 0;
}
