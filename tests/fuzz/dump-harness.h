/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump-harness.h - what the libFuzzer targets of vtd-note's dump readers
 * share: the input handed to the real readers (tools/vtd-note/load.c,
 * read-*.c and dump.c) as a file (a memfd, read in place) and as a pipe
 * (read once, as a stream), every message formatted and dropped.
 * Whatever is found must be a descriptor inside the input's bytes.
 */
#ifndef VTD_FUZZ_DUMP_HARNESS_H
#define VTD_FUZZ_DUMP_HARNESS_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vtd-note.h"

#include "vn-quiet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file holding @data, seekable; its /proc path in @path. */
static int fuzz_file(const uint8_t *data, size_t size, char *path)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		__builtin_trap();
	sprintf(path, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * A pipe already holding @data (at most its 64 KiB buffer: run.sh caps
 * inputs there), its writer closed; its /proc path in @path.
 */
static int fuzz_pipe(const uint8_t *data, size_t size, char *path)
{
	int p[2];

	if (size > 65536 || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (size && write(p[1], data, size) != (ssize_t)size)
		__builtin_trap();
	close(p[1]);
	sprintf(path, "/proc/self/fd/%d", p[0]);
	return p[0];
}

/* Load from @n paths; a note found must be sane. */
static void fuzz_load(char **paths, int n)
{
	struct vn_loaded_note ln;

	if (vn_load_note(paths, n, &ln) == 0) {
		volatile uint8_t x = 0;
		size_t i;

		if (!ln.desc || ln.desc_len > 2 * (size_t)VTD_NOTE_AREA_MAX)
			__builtin_trap();
		/* Touch every byte: ASan checks the copy's bounds. */
		for (i = 0; i < ln.desc_len; i++)
			x ^= ln.desc[i];
		vn_loaded_note_free(&ln);
	}
}

/* One input, as a file and as a stream. */
static void fuzz_one(const uint8_t *data, size_t size)
{
	char path[64], *paths[1] = { path };
	int fd;

	fd = fuzz_file(data, size, path);
	fuzz_load(paths, 1);
	close(fd);
	fd = fuzz_pipe(data, size, path);
	if (fd >= 0) {
		fuzz_load(paths, 1);
		close(fd);
	}
}

#endif /* VTD_FUZZ_DUMP_HARNESS_H */
