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

/*
 * An entry reduced to its shape (vn_note_print_shape_diff()): the bits
 * that say whether and how a function translates, without the pointers,
 * domain ids and the like that differ from boot to boot.  False for
 * entries the shape leaves out (IRTEs: counted per source instead).
 */
static bool shape_of(struct vtd_note_entry *e)
{
	uint64_t v0 = e->val[0], v1 = e->val[1], v2 = e->val[2];

	e->table = e->dir = 0;
	memset(e->val, 0, sizeof(e->val));
	switch (e->type) {
	case VTD_SEC_ROOT:
		e->val[0] = v0 & VTD_ROOT_LO_P;
		e->val[1] = v1 & VTD_ROOT_HI_UP;
		return true;
	case VTD_SEC_CTX:
		e->val[0] = v0 & (VTD_CTX_LO_P | VTD_CTX_LO_FPD | VTD_CTX_LO_TT);
		e->val[1] = v1 & VTD_CTX_HI_AW;
		return true;
	case VTD_SEC_SM_CTX:
		e->val[0] = v0 & (VTD_SM_CTX_LO_P | VTD_SM_CTX_LO_FPD |
				  VTD_SM_CTX_LO_DTE | VTD_SM_CTX_LO_PASIDE |
				  VTD_SM_CTX_LO_PRE | VTD_SM_CTX_LO_PDTS);
		e->val[1] = v1 & (VTD_SM_CTX_HI_RID_PASID |
				  VTD_SM_CTX_HI_RID_PRIV);
		return true;
	case VTD_SEC_PASID:
		e->val[0] = v0 & (VTD_PASID_LO_P | VTD_PASID_LO_FPD |
				  VTD_PASID_LO_AW | VTD_PASID_LO_PGTT);
		e->val[2] = v2 & VTD_PASID_W2_FSPM;
		return true;
	case VTD_SEC_FAULT:
		/* Which source faulted and why, not at what address. */
		e->val[1] = v1 & (VTD_FRCD_HI_SID | VTD_FRCD_HI_FR |
				  VTD_FRCD_HI_T1);
		return true;
	default:
		return false;
	}
}

/* The unit's entries, sorted by what names them; -ENOMEM. */
static int collect(const struct vtd_note *n, int off, struct unit_entries *ue,
		   bool shape)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	size_t cap = 0;
	void *p;

	ue->e = NULL;
	ue->nr = 0;
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (shape && !shape_of(&e))
			continue;
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
		qsort(ue->e, ue->nr, sizeof(*ue->e), vn_entry_key_cmp);
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
			       const struct vtd_note_unit_info *b, bool shape)
{
	uint64_t u = a->reg_base;
	uint32_t on = VTD_GSTS_TES | VTD_GSTS_IRES | VTD_GSTS_QIES;
	uint64_t irt = VTD_IRTA_S | VTD_IRTA_EIME;
	unsigned long n;

	if (shape) {
		/* What the units can do and what was on, not where. */
		n = reg_line(f, u, "segment", a->segment, b->segment);
		n += reg_line(f, u, "mode", a->mode, b->mode);
		n += reg_line(f, u, "ver", a->ver, b->ver);
		n += reg_line(f, u, "gsts (TES, IRES, QIES)", a->gsts & on,
			      b->gsts & on);
		n += reg_line(f, u, "cap", a->cap, b->cap);
		n += reg_line(f, u, "ecap", a->ecap, b->ecap);
		n += reg_line(f, u, "irta (size, EIME)", a->irta & irt,
			      b->irta & irt);
		return n;
	}

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

static void shape_line(FILE *f, const struct vtd_note_entry *e)
{
	uint64_t lo = e->val[0], hi = e->val[1];
	unsigned int aw;

	switch (e->type) {
	case VTD_SEC_ROOT:
		fprintf(f, "  root  bus %02x%s\n", e->bus,
			hi & VTD_ROOT_HI_UP ? ", upper half too" : "");
		return;
	case VTD_SEC_CTX:
		aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);
		fprintf(f, "  ctx   %02x:%02x.%x: %s, %u-bit (%u-level)%s\n",
			e->bus, VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn),
			vn_ctx_tt_name(lo), vtd_aw_bits(aw), vtd_aw_levels(aw),
			lo & VTD_CTX_LO_FPD ? " fpd" : "");
		return;
	case VTD_SEC_SM_CTX:
		fprintf(f, "  smctx %02x:%02x.%x: rid_pasid %" PRIu64 "\n",
			e->bus, VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn),
			VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, hi));
		return;
	case VTD_SEC_PASID:
		fprintf(f, "  pasid %02x:%02x.%x: pasid %u, %s\n", e->bus,
			VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn), e->index,
			vn_pasid_pgtt_name(lo));
		return;
	default:
		vn_note_print_entry(f, e, false);
	}
}

static void entry_line(FILE *f, char sign, const struct vtd_note_entry *e,
		       bool eime, bool shape)
{
	fputc(sign, f);
	if (shape)
		shape_line(f, e);
	else
		vn_note_print_entry(f, e, eime);
}

/* Present IRTEs per source-id, for the shape: -ENOMEM. */
static int irte_counts(const struct vtd_note *n, int off, uint16_t **count)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	*count = calloc(UINT16_MAX + 1, sizeof(**count));
	if (!*count)
		return -ENOMEM;
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, VTD_NOTE_TYPE_BIT(VTD_SEC_IRTE), &e))
		if (e.val[0] & VTD_IRTE_LO_P)
			(*count)[VTD_FIELD_GET(VTD_IRTE_HI_SID, e.val[1])]++;
	return 0;
}

static unsigned long diff_irte_counts(FILE *f, uint64_t unit,
				      const uint16_t *a, const uint16_t *b)
{
	unsigned long n = 0;
	uint32_t sid;

	for (sid = 0; sid <= UINT16_MAX; sid++) {
		if (a[sid] == b[sid])
			continue;
		fprintf(f, "%c unit 0x%" PRIx64 ": irtes of %02x:%02x.%x: ",
			!a[sid] ? '+' : !b[sid] ? '-' : '~', unit,
			vtd_sid_bus((u16)sid), VTD_DEVFN_DEV(sid),
			VTD_DEVFN_FN(sid));
		if (a[sid] && b[sid])
			fprintf(f, "%u -> %u\n", a[sid], b[sid]);
		else
			fprintf(f, "%u\n", a[sid] + b[sid]);
		n++;
	}
	return n;
}

/* One unit in both notes: its registers, then its entries, merged. */
static unsigned long diff_unit(FILE *f, const struct vtd_note *na, int oa,
			       const struct vtd_note *nb, int ob, bool shape)
{
	uint16_t *ca = NULL, *cb = NULL;
	struct vtd_note_unit_info ua, ub;
	struct unit_entries ea, eb;
	unsigned long n;
	size_t i = 0, j = 0;
	int c;

	vtd_note_get_unit(na, oa, &ua);
	vtd_note_get_unit(nb, ob, &ub);
	n = diff_regs(f, &ua, &ub, shape);
	eb.e = NULL;
	if (collect(na, oa, &ea, shape) || collect(nb, ob, &eb, shape) ||
	    (shape && (irte_counts(na, oa, &ca) || irte_counts(nb, ob, &cb)))) {
		free(ea.e);
		free(eb.e);
		free(ca);
		free(cb);
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
			c = vn_entry_key_cmp(&ea.e[i], &eb.e[j]);
		if (c <= 0 && (c < 0 || !same_value(&ea.e[i], &eb.e[j]))) {
			entry_line(f, '-', &ea.e[i], ua.irta & VTD_IRTA_EIME,
				   shape);
			n++;
		}
		if (c >= 0 && (c > 0 || !same_value(&ea.e[i], &eb.e[j]))) {
			entry_line(f, '+', &eb.e[j], ub.irta & VTD_IRTA_EIME,
				   shape);
			n += c > 0;
		}
		i += c <= 0;
		j += c >= 0;
	}
	if (shape)
		n += diff_irte_counts(f, ua.reg_base, ca, cb);
	free(ea.e);
	free(eb.e);
	free(ca);
	free(cb);
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

static unsigned long print_diff(FILE *f, const struct vtd_note *a,
				const struct vtd_note *b, bool shape)
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
			n += diff_unit(f, a, off, b, ob, shape);
	}
	return n;
}

unsigned long vn_note_print_diff(FILE *f, const struct vtd_note *a,
				 const struct vtd_note *b)
{
	return print_diff(f, a, b, false);
}

unsigned long vn_note_print_shape_diff(FILE *f, const struct vtd_note *a,
				       const struct vtd_note *b)
{
	return print_diff(f, a, b, true);
}
