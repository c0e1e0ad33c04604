// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vtd-run.c - the crash extension's side that knows the tables: the note
 * out of the dump file crash opened (vtd-note's readers), the units
 * from the kernel's structures when there is none (vtd.c), and the
 * answers of tables.c, written where crash writes.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "tables.h"
#include "vtd-crash.h"
#include "vtd-note.h"

#define MAX_UNITS 64

const char *vn_prog = "vtd";
static FILE *vtd_out;

/* The readers' complaints go where the command's output goes. */
void vn_err(const char *fmt, ...)
{
	FILE *f = vtd_out ? vtd_out : stderr;
	va_list ap;

	fprintf(f, "%s: ", vn_prog);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static int read_phys(void *ctx, uint64_t pa, void *buf, size_t len)
{
	(void)ctx;
	return vtd_crash_read_phys(pa, buf, len);
}

/* A note's units, or -1 when the dump has no (usable) note. */
static int from_note(struct vn_tables *t, const char *dumpfile,
		     struct vn_loaded_note *ln, struct vtd_note *n)
{
	char *paths[1] = { (char *)dumpfile };
	size_t bad_off = 0;
	int ret;

	if (!dumpfile || vn_load_note(paths, 1, ln) < 0)
		return -1;
	ret = vtd_note_open(n, ln->desc, ln->desc_len, &bad_off);
	if (ret < 0) {
		vn_report_note_error(dumpfile, ln, ret, bad_off);
		vn_loaded_note_free(ln);
		return -1;
	}
	return vn_tables_from_note(t, n);
}

static int from_kernel(struct vn_tables *t, FILE *out)
{
	struct vtd_crash_unit ku[MAX_UNITS];
	int nr = vtd_crash_kernel_units(ku, MAX_UNITS, out), i;

	if (nr < 0 || vn_tables_alloc_units(t, nr) < 0)
		return -1;
	for (i = 0; i < nr; i++) {
		struct vn_unit_view *v = &t->units[i];

		v->reg_base = ku[i].reg_base;
		v->segment = ku[i].segment;
		v->mode = ku[i].scalable ? VTD_NOTE_MODE_SCALABLE
					 : VTD_NOTE_MODE_LEGACY;
		v->cap = ku[i].cap;
		v->ecap = ku[i].ecap;
		v->rtaddr =
			ku[i].root_pa | VTD_FIELD_PREP(VTD_RTADDR_TTM, v->mode);
		v->irta = ku[i].irta;
		v->gsts = (ku[i].translating ? VTD_GSTS_TES : 0) |
			  (ku[i].remapping ? VTD_GSTS_IRES : 0);
	}
	return 0;
}

int vtd_crash_run(int argc, char **argv, FILE *out, const char *dumpfile)
{
	struct vn_tables t = {
		.out = out,
		.err = out,
		.who = "vtd",
		.mem = { .read = read_phys },
	};
	struct vn_loaded_note ln = { 0 };
	struct vtd_note n;
	int ret;

	vtd_out = out;
	if (from_note(&t, dumpfile, &ln, &n) < 0) {
		if (argc == 1)
			fprintf(out,
				"vtd: no KEXEC-VTD note in %s: the "
				"units as the kernel's structures "
				"describe them\n",
				dumpfile ? dumpfile : "live memory");
		if (from_kernel(&t, out) < 0) {
			vtd_out = NULL;
			return 1;
		}
	}
	ret = vn_tables_run(&t, argc, argv);
	vn_tables_free(&t);
	vn_loaded_note_free(&ln);
	vtd_out = NULL;
	return ret;
}
