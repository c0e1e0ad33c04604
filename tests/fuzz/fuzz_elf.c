// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_elf.c - libFuzzer target for vtd-note's ELF dump reader (libelf
 * for the headers, lib/ for the notes), from a file and from a pipe.
 * Seeds: a vmcore-shaped core with our note (corpus/elf).
 */
#include "dump-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size);
	return 0;
}
