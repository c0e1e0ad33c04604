// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-tables.c - `vtd-note tables DUMP [OPTION]`: the crash extension's
 * `vtd` answers (tables.h) from a dump, without crash: the note for
 * the units and entries, the dump's memory for the page tables.
 */
#include "mem-dump.h"
#include "tables.h"
#include "vtd-note.h"

int vn_cmd_tables(int argc, char **argv)
{
	struct vn_tables t = { .out = stdout, .err = stderr };
	struct vn_loaded_note ln;
	struct vn_dump_mem dm;
	struct vtd_note n;
	int ret;

	if (argc < 2 || argv[1][0] == '-') {
		vn_err("tables: DUMP [OPTION] expected; OPTION is one of:\n%s",
		       vn_tables_usage);
		return VN_EXIT_USAGE;
	}
	t.who = argv[1];
	if (vn_open_note(argv + 1, 1, &ln, &n) < 0)
		return VN_EXIT_MALFORMED;
	if (vn_dump_mem_open(&dm, argv[1], &t.mem) < 0) {
		vn_loaded_note_free(&ln);
		return VN_EXIT_MALFORMED;
	}
	if (vn_tables_from_note(&t, &n) < 0) {
		vn_err("%s: out of memory", argv[1]);
		ret = VN_EXIT_MALFORMED;
	} else {
		/* The options follow the dump, as after crash's "vtd". */
		argv[1] = argv[0];
		ret = vn_tables_run(&t, argc - 1, argv + 1);
		if (ret == 0 && t.problems)
			ret = VN_EXIT_MALFORMED;
	}
	vn_tables_free(&t);
	vn_dump_mem_close(&dm);
	vn_loaded_note_free(&ln);
	return ret;
}
