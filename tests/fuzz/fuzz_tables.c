// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_tables.c - libFuzzer target for `vtd-note tables` as it reads a
 * dump: the note through vtd-note's readers, then the memory through
 * mem-dump.c (ours for ELF, libkdumpfile behind our look at the page
 * descriptors for kdump-compressed), then every answer (tables.c)
 * printed and dropped.  libkdumpfile is not built for coverage here;
 * what is fuzzed is the order vtd-note keeps (a file it hands to
 * libkdumpfile has a note its own readers took whole) and everything of
 * ours around it.  Seeds: the hand-laid machines (tests/tools/mktables.py,
 * one segment and two) as kdump-compressed dumps, a page excluded, one
 * stored whole (corpus/tables).
 */
#include "dump-harness.h"
#include "mem-dump.h"
#include "tables.h"

static const char *const commands[][4] = {
	{ "vtd" },
	{ "vtd", "-d" },
	{ "vtd", "-t", "00:02.0", "0x1abc" },
	{ "vtd", "-t", "03:02.0", "0x5abc" },
	{ "vtd", "-r", "0x1100040" },
	{ "vtd", "-i" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char path[64], *paths[1] = { path };
	struct vn_loaded_note ln;
	struct vn_dump_mem dm;
	struct vtd_note n;
	unsigned int i;
	int fd;

	if (!null)
		null = fopen("/dev/null", "w");
	fd = fuzz_file(data, size, path);
	if (vn_open_note(paths, 1, &ln, &n) == 0) {
		struct vn_tables t = { .out = null, .err = null,
				       .who = "fuzz" };

		if (vn_dump_mem_open(&dm, path, &t.mem) == 0) {
			if (vn_tables_from_note(&t, &n) == 0)
				for (i = 0; i < 6; i++) {
					char *argv[4];
					int argc = 0;

					while (argc < 4 && commands[i][argc]) {
						argv[argc] =
							(char *)commands[i][argc];
						argc++;
					}
					vn_tables_run(&t, argc, argv);
				}
			vn_tables_free(&t);
			vn_dump_mem_close(&dm);
		}
		vn_loaded_note_free(&ln);
	}
	close(fd);
	return 0;
}
