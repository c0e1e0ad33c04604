// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_debugfs.c - libFuzzer target for vtd-note's debugfs reader
 * (tools/vtd-note/read-debugfs.c, #23): the input is the three files,
 * iommu_regset, dmar_translation_struct and ir_translation_struct, split
 * at NUL bytes and read through fmemopen.  Whatever the reader accepts
 * must make a note that lib/'s reader opens whole, and whose shape
 * differs from itself nowhere.  Seeds: a real capture (corpus/debugfs).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtd-note.h"
#include "vn-quiet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const path[3] = { "regset", "translation", "ir" };
	static FILE *null;
	const uint8_t *part[3] = { data, NULL, NULL };
	size_t len[3] = { size, 0, 0 };
	struct vn_loaded_note ln = { 0 };
	FILE *f[3] = { NULL };
	struct vtd_note n;
	int i, ret;

	/* Three parts at the first two NULs; a missing part is empty. */
	for (i = 1; i < 3; i++) {
		const uint8_t *nul = memchr(part[i - 1], 0, len[i - 1]);

		if (!nul) {
			part[i] = part[i - 1] + len[i - 1];
			continue;
		}
		part[i] = nul + 1;
		len[i] = len[i - 1] - (size_t)(part[i] - part[i - 1]);
		len[i - 1] = (size_t)(nul - part[i - 1]);
	}
	for (i = 0; i < 3; i++) {
		/* fmemopen wants a size of at least one. */
		f[i] = fmemopen(len[i] ? (void *)part[i] : (void *)"",
				len[i] ? len[i] : 1, "r");
		if (!f[i])
			abort();
	}
	ret = vn_note_from_debugfs_files(f, path, "fuzz", &ln);
	for (i = 0; i < 3; i++)
		fclose(f[i]);
	if (ret < 0)
		return 0;
	if (vtd_note_open(&n, ln.desc, ln.desc_len, NULL) < 0)
		abort();
	if (!null)
		null = fopen("/dev/null", "w");
	if (!null || vn_note_print_shape_diff(null, &n, &n))
		abort();
	vn_loaded_note_free(&ln);
	return 0;
}
