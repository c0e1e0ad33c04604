// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note-diff.c - `vtd-note diff A B` (#23, 3): what changed between two
 * notes, two crashes of one machine say.  Units are matched by register
 * base, entries by what names them (a root entry by its bus, a context
 * entry by its function, a PASID entry by function and PASID, an IRTE or
 * a fault record by its index); what is in one note only is printed with
 * "-" (A) or "+" (B), an entry whose value changed as both, in show's
 * words.  The crash-time figures (TSC, FSTS, pending faults' order) are
 * compared as they are: a second crash is a second crash.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "vtd-note.h"

struct unit_entries {
	struct vtd_note_entry *e;
	size_t nr;
};

static int key_cmp(const struct vtd_note_entry *a,
		   const struct vtd_note_entry *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->devfn != b->devfn)
		return a->devfn < b->devfn ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return 0;
}

static int qsort_key(const void *a, const void *b)
{
	return key_cmp(a, b);
}

/* The unit's entries, sorted by what names them; -ENOMEM. */
static int collect(const struct vtd_note *n, int off, struct unit_entries *ue)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	size_t cap = 0;
	void *p;

	ue->e = NULL;
	ue->nr = 0;
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (ue->nr == cap) {
			cap = cap ? 2 * cap : 64;
			p = realloc(ue->e, cap * sizeof(*ue->e));
			if (!p) {
				free(ue->e);
				ue->e = NULL;
				return -ENOMEM;
			}
			ue->e = p;
		}
		ue->e[ue->nr++] = e;
	}
	if (ue->nr)
		qsort(ue->e, ue->nr, sizeof(*ue->e), qsort_key);
	return 0;
}

static bool same_value(const struct vtd_note_entry *a,
		       const struct vtd_note_entry *b)
{
	return a->table == b->table && a->dir == b->dir &&
	       !memcmp(a->val, b->val, sizeof(a->val));
}

/* One register of both records, on a line when it differs: 1 or 0. */
static unsigned long reg_line(FILE *f, uint64_t unit, const char *name,
			      uint64_t va, uint64_t vb)
{
	if (va == vb)
		return 0;
	fprintf(f, "~ unit 0x%" PRIx64 ": %s 0x%" PRIx64 " -> 0x%" PRIx64 "\n",
		unit, name, va, vb);
	return 1;
}

/* The registers both records have, each that differs on a line. */
static unsigned long diff_regs(FILE *f, const struct vtd_note_unit_info *a,
			       const struct vtd_note_unit_info *b)
{
	uint64_t u = a->reg_base;
	unsigned long n;

	/* In this order: one statement each (a sum's order is unspecified). */
	n = reg_line(f, u, "segment", a->segment, b->segment);
	n += reg_line(f, u, "mode", a->mode, b->mode);
	n += reg_line(f, u, "flags", a->flags, b->flags);
	n += reg_line(f, u, "ver", a->ver, b->ver);
	n += reg_line(f, u, "gsts", a->gsts, b->gsts);
	n += reg_line(f, u, "cap", a->cap, b->cap);
	n += reg_line(f, u, "ecap", a->ecap, b->ecap);
	n += reg_line(f, u, "rtaddr", a->rtaddr, b->rtaddr);
	n += reg_line(f, u, "irta", a->irta, b->irta);
	return n;
}

static void entry_line(FILE *f, char sign, const struct vtd_note_entry *e,
		       bool eime)
{
	fputc(sign, f);
	vn_note_print_entry(f, e, eime);
}

/* One unit in both notes: its registers, then its entries, merged. */
static unsigned long diff_unit(FILE *f, const struct vtd_note *na, int oa,
			       const struct vtd_note *nb, int ob)
{
	struct vtd_note_unit_info ua, ub;
	struct unit_entries ea, eb;
	unsigned long n;
	size_t i = 0, j = 0;
	int c;

	vtd_note_get_unit(na, oa, &ua);
	vtd_note_get_unit(nb, ob, &ub);
	n = diff_regs(f, &ua, &ub);
	if (collect(na, oa, &ea) || collect(nb, ob, &eb)) {
		free(ea.e);
		fprintf(f,
			"! unit 0x%" PRIx64 ": entries not compared: no "
			"memory\n",
			ua.reg_base);
		return n + 1;
	}
	while (i < ea.nr || j < eb.nr) {
		if (i == ea.nr)
			c = 1;
		else if (j == eb.nr)
			c = -1;
		else
			c = key_cmp(&ea.e[i], &eb.e[j]);
		if (c <= 0 && (c < 0 || !same_value(&ea.e[i], &eb.e[j]))) {
			entry_line(f, '-', &ea.e[i], ua.irta & VTD_IRTA_EIME);
			n++;
		}
		if (c >= 0 && (c > 0 || !same_value(&ea.e[i], &eb.e[j]))) {
			entry_line(f, '+', &eb.e[j], ub.irta & VTD_IRTA_EIME);
			n += c > 0;
		}
		i += c <= 0;
		j += c >= 0;
	}
	free(ea.e);
	free(eb.e);
	return n;
}

/* Units of @x that @y has no record of, "-" or "+" as @sign says. */
static unsigned long units_only(FILE *f, char sign, const struct vtd_note *x,
				const struct vtd_note *y)
{
	struct vtd_note_unit_info u, other;
	unsigned long n = 0;
	int off;

	for (off = vtd_note_first_unit(x); off >= 0;
	     off = vtd_note_next_unit(x, off)) {
		vtd_note_get_unit(x, off, &u);
		if (vtd_note_find_unit(y, u.reg_base, &other) >= 0)
			continue;
		fprintf(f, "%c unit 0x%" PRIx64 ", segment %u, %s mode\n", sign,
			u.reg_base, u.segment, vn_note_mode_name(u.mode));
		n++;
	}
	return n;
}

unsigned long vn_note_print_diff(FILE *f, const struct vtd_note *a,
				 const struct vtd_note *b)
{
	struct vtd_note_unit_info u, other;
	unsigned long n;
	int off, ob;

	n = units_only(f, '-', a, b) + units_only(f, '+', b, a);
	for (off = vtd_note_first_unit(a); off >= 0;
	     off = vtd_note_next_unit(a, off)) {
		vtd_note_get_unit(a, off, &u);
		ob = vtd_note_find_unit(b, u.reg_base, &other);
		if (ob >= 0)
			n += diff_unit(f, a, off, b, ob);
	}
	return n;
}
