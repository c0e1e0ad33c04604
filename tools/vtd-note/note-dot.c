// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note-dot.c - the note as a Graphviz graph (`vtd-note dot`, #23): each
 * unit, the functions it translates (their context entries, and in
 * scalable mode their RID_PASID entries), the domains those name and
 * the page tables the domains start at.  Functions of one domain share
 * its node, and domains of one table share that: which devices could
 * reach the same memory is one look at the picture.
 */
#include <inttypes.h>

#include <kexec-vtd/vtd-hw.h>

#include "vtd-note.h"

/* The function @e names, as a node id and as a label. */
static void dev_node(FILE *f, int unit, const struct vtd_note_entry *e)
{
	fprintf(f, "  u%d_%02x_%02x [label=\"%02x:%02x.%x\"];\n", unit, e->bus,
		e->devfn, e->bus, VTD_DEVFN_DEV(e->devfn),
		VTD_DEVFN_FN(e->devfn));
}

/*
 * The edges of one translated function: to its domain @did (@what its
 * type), and from the domain to its table at @table (none for
 * pass-through, 0).  A node named twice is one node to Graphviz.
 */
static void dev_edges(FILE *f, int unit, const struct vtd_note_entry *e,
		      uint64_t did, const char *what, uint64_t table)
{
	fprintf(f,
		"  u%d_d%" PRIu64 " [shape=ellipse, label=\"domain %" PRIu64
		"\\n%s\"];\n",
		unit, did, did, what);
	fprintf(f, "  u%d_%02x_%02x -> u%d_d%" PRIu64 ";\n", unit, e->bus,
		e->devfn, unit, did);
	if (!table)
		return;
	fprintf(f,
		"  t%" PRIx64 " [shape=note, label=\"table 0x%" PRIx64 "\"];\n",
		table, table);
	fprintf(f, "  u%d_d%" PRIu64 " -> t%" PRIx64 ";\n", unit, did, table);
}

static const char *legacy_type(uint64_t lo)
{
	switch (VTD_FIELD_GET(VTD_CTX_LO_TT, lo)) {
	case VTD_TT_UNTRANSLATED:
		return "second-stage";
	case VTD_TT_ALL:
		return "second-stage, ATS";
	case VTD_TT_PASSTHROUGH:
		return "pass-through";
	default:
		return "reserved type";
	}
}

static void pasid_edges(FILE *f, int unit, const struct vtd_note_entry *e)
{
	const uint64_t *v = e->val;
	uint64_t did = VTD_FIELD_GET(VTD_PASID_HI_DID, v[1]);

	switch (VTD_FIELD_GET(VTD_PASID_LO_PGTT, v[0])) {
	case VTD_PGTT_FS:
		dev_edges(f, unit, e, did, "first-stage",
			  v[2] & VTD_PASID_W2_FSPTPTR);
		break;
	case VTD_PGTT_SS:
		dev_edges(f, unit, e, did, "second-stage",
			  v[0] & VTD_PASID_LO_SSPTPTR);
		break;
	case VTD_PGTT_NESTED:
		dev_edges(f, unit, e, did, "nested",
			  v[2] & VTD_PASID_W2_FSPTPTR);
		break;
	case VTD_PGTT_PT:
		dev_edges(f, unit, e, did, "pass-through", 0);
		break;
	default:
		dev_edges(f, unit, e, did, "reserved type", 0);
		break;
	}
}

static void dot_unit(FILE *f, const struct vtd_note *n, int off, int unit)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int irtes = 0, faults = 0;
	uint64_t table;

	vtd_note_get_unit(n, off, &u);
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		switch (e.type) {
		case VTD_SEC_CTX:
			dev_node(f, unit, &e);
			fprintf(f, "  u%d -> u%d_%02x_%02x;\n", unit, unit,
				e.bus, e.devfn);
			/* Pass-through names no table (9.3). */
			table = e.val[0] & VTD_CTX_LO_SLPTPTR;
			if (VTD_FIELD_GET(VTD_CTX_LO_TT, e.val[0]) ==
			    VTD_TT_PASSTHROUGH)
				table = 0;
			dev_edges(f, unit, &e,
				  VTD_FIELD_GET(VTD_CTX_HI_DID, e.val[1]),
				  legacy_type(e.val[0]), table);
			break;
		case VTD_SEC_SM_CTX:
			dev_node(f, unit, &e);
			fprintf(f, "  u%d -> u%d_%02x_%02x;\n", unit, unit,
				e.bus, e.devfn);
			break;
		case VTD_SEC_PASID:
			pasid_edges(f, unit, &e);
			break;
		case VTD_SEC_IRTE:
			irtes++;
			break;
		case VTD_SEC_FAULT:
			faults++;
			break;
		}
	}
	fprintf(f,
		"  u%d [shape=box3d, label=\"unit 0x%" PRIx64 "\\nsegment %u, "
		"%s mode\\n%u IRTEs, %u faults pending\"];\n",
		unit, u.reg_base, u.segment, vn_note_mode_name(u.mode), irtes,
		faults);
}

void vn_note_print_dot(FILE *f, const struct vtd_note *n)
{
	int off, unit = 0;

	fputs("digraph kexec_vtd {\n  rankdir=LR;\n  node [shape=box];\n", f);
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off))
		dot_unit(f, n, off, unit++);
	fputs("}\n", f);
}
