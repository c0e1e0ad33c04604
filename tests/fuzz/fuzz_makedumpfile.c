// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_makedumpfile.c - libFuzzer target for vtd-note's reader of
 * makedumpfile's kdump-compressed format (lib/makedumpfile.c's header
 * checks, the notes in the sub-header blocks), from a file and from a
 * pipe.  Seeds: makedumpfile-shaped files (corpus/makedumpfile).
 */
#include "dump-harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size);
	return 0;
}
