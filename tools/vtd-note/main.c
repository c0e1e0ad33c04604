// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - vtd-note: decode ACPI DMAR tables and KEXEC-VTD snapshot notes.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtd-note.h"

const char *vn_prog = "vtd-note";

void vn_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", vn_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s COMMAND [OPTIONS] [FILE]\n"
		"\n"
		"Commands:\n"
		"  dmar [--json] [FILE]     decode an ACPI DMAR table\n"
		"                           (default /sys/firmware/acpi/tables/DMAR)\n"
		"  show [--json] FILE...    decode the KEXEC-VTD note in FILE\n"
		"  dot FILE...              the note as a Graphviz graph: units,\n"
		"                           functions, domains, page tables\n"
		"  diff [--shape] A B       what changed from note A to note B\n"
		"                           (--shape: not where tables lie,\n"
		"                           domain numbers or vectors)\n"
		"  tables DUMP [OPTION]     the crashed machine's tables read\n"
		"                           from a dump: units (no option),\n"
		"                           -d [BDF] devices, -t BDF IOVA\n"
		"                           translate, -r PADDR who maps it,\n"
		"                           -i IRTEs (crash's vtd command)\n"
		"  verify FILE...           exit 0 only for a complete note with a\n"
		"                           good checksum\n"
		"  make [--size N] DESC OUT write a note described by DESC (the\n"
		"                           JSON that show --json prints) to OUT\n"
		"\n"
		"FILE may be any dump: ELF (/proc/vmcore, makedumpfile -E),\n"
		"kdump-compressed (-c, -l, -p, -z), flattened (-F; \"-\" reads\n"
		"standard input), or the parts of a split dump (--split) given\n"
		"together; or a snapshot area, or a bare note descriptor.\n"
		"Exit status: 0 success, 1 malformed input, 2 usage error.\n",
		vn_prog);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "dmar", vn_cmd_dmar },
		{ "show", vn_cmd_show },
		{ "dot", vn_cmd_dot },
		{ "diff", vn_cmd_diff },
		{ "tables", vn_cmd_tables },
		{ "verify", vn_cmd_verify },
		{ "make", vn_cmd_make },
	};
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return VN_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
		printf("%s %s (note format %d.%d)\n", vn_prog, PACKAGE_VERSION,
		       VTD_NOTE_MAJOR, VTD_NOTE_MINOR);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	vn_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return VN_EXIT_USAGE;
}
