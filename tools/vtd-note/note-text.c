// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note-text.c - the note for people: one line per unit, one per entry,
 * with the hardware fields decoded through vtd-hw.h.
 */
#include <inttypes.h>

#include <kexec-vtd/vtd-hw.h>

#include "vtd-note.h"

const char *vn_ctx_tt_name(uint64_t lo)
{
	switch (VTD_FIELD_GET(VTD_CTX_LO_TT, lo)) {
	case VTD_TT_UNTRANSLATED:
		return "translate";
	case VTD_TT_ALL:
		return "translate+ats";
	case VTD_TT_PASSTHROUGH:
		return "pass-through";
	default:
		return "reserved";
	}
}

const char *vn_pasid_pgtt_name(uint64_t lo)
{
	switch (VTD_FIELD_GET(VTD_PASID_LO_PGTT, lo)) {
	case VTD_PGTT_FS:
		return "first-stage";
	case VTD_PGTT_SS:
		return "second-stage";
	case VTD_PGTT_NESTED:
		return "nested";
	case VTD_PGTT_PT:
		return "pass-through";
	default:
		return "reserved";
	}
}

/* A flag's name, with a separator, when @bit is set in @v. */
static const char *flag(uint64_t v, uint64_t bit, const char *name)
{
	return v & bit ? name : "";
}

/* The RID_PASID PASID-table entry of a scalable context (9.5, 9.6). */
static void print_pasid(FILE *f, const struct vtd_note_entry *e)
{
	const uint64_t *v = e->val;
	unsigned int pgtt =
		(unsigned int)VTD_FIELD_GET(VTD_PASID_LO_PGTT, v[0]);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW, v[0]);
	unsigned int fspm =
		(unsigned int)VTD_FIELD_GET(VTD_PASID_W2_FSPM, v[2]);

	fprintf(f, "  pasid %02x:%02x.%x: pasid %u, domain %" PRIu64 ", %s",
		e->bus, VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn),
		e->index, VTD_FIELD_GET(VTD_PASID_HI_DID, v[1]),
		vn_pasid_pgtt_name(v[0]));
	if (pgtt == VTD_PGTT_FS || pgtt == VTD_PGTT_NESTED) {
		if (fspm > VTD_FSPM_5LEVEL)
			fprintf(f, ", reserved paging mode %u", fspm);
		else
			fprintf(f, ", %u-level", vtd_fspm_levels(fspm));
		fprintf(f, " table 0x%" PRIx64, v[2] & VTD_PASID_W2_FSPTPTR);
	}
	if (pgtt == VTD_PGTT_NESTED)
		fputs(" on", f);
	if (pgtt == VTD_PGTT_SS || pgtt == VTD_PGTT_NESTED)
		fprintf(f, "%s %u-bit (%u-level) table 0x%" PRIx64,
			pgtt == VTD_PGTT_SS ? "," : "", vtd_aw_bits(aw),
			vtd_aw_levels(aw), v[0] & VTD_PASID_LO_SSPTPTR);
	fprintf(f,
		"%s%s%s%s%s%s%s%s%s, pasid table 0x%" PRIx64
		", dir entry 0x%" PRIx64,
		v[0] & VTD_PASID_LO_P ? "" : " (not present)",
		flag(v[0], VTD_PASID_LO_FPD, " fpd"),
		flag(v[0], VTD_PASID_LO_SSADE, " ssade"),
		flag(v[1], VTD_PASID_HI_PWSNP, " pwsnp"),
		flag(v[1], VTD_PASID_HI_PGSNP, " pgsnp"),
		flag(v[2], VTD_PASID_W2_SRE, " sre"),
		flag(v[2], VTD_PASID_W2_WPE, " wpe"),
		flag(v[2], VTD_PASID_W2_NXE, " nxe"),
		flag(v[2], VTD_PASID_W2_EAFE, " eafe"), e->table, e->dir);
}

static void print_fault(FILE *f, const struct vtd_note_entry *e)
{
	uint64_t lo = e->val[0], hi = e->val[1];
	uint64_t sid = VTD_FIELD_GET(VTD_FRCD_HI_SID, hi);
	uint64_t fr = VTD_FIELD_GET(VTD_FRCD_HI_FR, hi);

	if (vtd_fault_is_irq((unsigned int)fr))
		fprintf(f,
			"  fault %u: [INTR-REMAP] device %02" PRIx64
			":%02" PRIx64 ".%" PRIx64 " index 0x%" PRIx64
			" reason 0x%02" PRIx64,
			e->index, (uint64_t)vtd_sid_bus((u16)sid),
			VTD_DEVFN_DEV(sid), VTD_DEVFN_FN(sid),
			VTD_FIELD_GET(VTD_FRCD_LO_IR_INDEX, lo), fr);
	else
		fprintf(f,
			"  fault %u: [%s] device %02" PRIx64 ":%02" PRIx64
			".%" PRIx64 " fault addr 0x%" PRIx64
			" reason 0x%02" PRIx64,
			e->index,
			hi & VTD_FRCD_HI_T1 ? "DMA Read" : "DMA Write",
			(uint64_t)vtd_sid_bus((u16)sid), VTD_DEVFN_DEV(sid),
			VTD_DEVFN_FN(sid), lo & VTD_FRCD_LO_FI, fr);
}

void vn_note_print_entry(FILE *f, const struct vtd_note_entry *e, bool eime)
{
	uint64_t lo = e->val[0], hi = e->val[1];
	unsigned int aw;

	switch (e->type) {
	case VTD_SEC_ROOT:
		fprintf(f, "  root  bus %02x: context table 0x%" PRIx64, e->bus,
			lo & VTD_ROOT_LO_CTP);
		if (hi & VTD_ROOT_HI_UP)
			fprintf(f, ", upper 0x%" PRIx64, hi & VTD_ROOT_HI_UCTP);
		break;
	case VTD_SEC_CTX:
		aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);
		fprintf(f,
			"  ctx   %02x:%02x.%x: domain %" PRIu64 ", %s, %u-bit "
			"(%u-level) page table 0x%" PRIx64
			"%s%s, table 0x%" PRIx64,
			e->bus, VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn),
			VTD_FIELD_GET(VTD_CTX_HI_DID, hi), vn_ctx_tt_name(lo),
			vtd_aw_bits(aw), vtd_aw_levels(aw),
			lo & VTD_CTX_LO_SLPTPTR,
			lo & VTD_CTX_LO_P ? "" : " (not present)",
			lo & VTD_CTX_LO_FPD ? " fpd" : "", e->table);
		break;
	case VTD_SEC_SM_CTX:
		fprintf(f,
			"  smctx %02x:%02x.%x: pasid dir 0x%" PRIx64
			" (%u entries), rid_pasid %" PRIu64 "%s%s%s%s%s%s"
			", table 0x%" PRIx64,
			e->bus, VTD_DEVFN_DEV(e->devfn), VTD_DEVFN_FN(e->devfn),
			lo & VTD_SM_CTX_LO_PASIDDIRPTR,
			vtd_sm_ctx_pasid_dir_entries(lo),
			VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, hi),
			lo & VTD_SM_CTX_LO_P ? "" : " (not present)",
			flag(lo, VTD_SM_CTX_LO_FPD, " fpd"),
			flag(lo, VTD_SM_CTX_LO_DTE, " dte"),
			flag(lo, VTD_SM_CTX_LO_PASIDE, " paside"),
			flag(lo, VTD_SM_CTX_LO_PRE, " pre"),
			flag(hi, VTD_SM_CTX_HI_RID_PRIV, " rid_priv"),
			e->table);
		break;
	case VTD_SEC_PASID:
		print_pasid(f, e);
		break;
	case VTD_SEC_IRTE:
		fprintf(f,
			"  irte  %5u: vector 0x%02" PRIx64 ", dest 0x%" PRIx64
			", sid %02" PRIx64 ":%02" PRIx64 ".%" PRIx64
			", svt %" PRIu64 ", sq %" PRIu64 "%s%s%s",
			e->index, VTD_FIELD_GET(VTD_IRTE_LO_V, lo),
			eime ? VTD_FIELD_GET(VTD_IRTE_LO_DST, lo)
			     : VTD_FIELD_GET(VTD_IRTE_LO_DST_XAPIC, lo),
			(uint64_t)vtd_sid_bus(
				(u16)VTD_FIELD_GET(VTD_IRTE_HI_SID, hi)),
			VTD_DEVFN_DEV(VTD_FIELD_GET(VTD_IRTE_HI_SID, hi)),
			VTD_DEVFN_FN(VTD_FIELD_GET(VTD_IRTE_HI_SID, hi)),
			VTD_FIELD_GET(VTD_IRTE_HI_SVT, hi),
			VTD_FIELD_GET(VTD_IRTE_HI_SQ, hi),
			lo & VTD_IRTE_LO_TM ? ", level" : "",
			lo & VTD_IRTE_LO_DM ? ", logical" : "",
			lo & VTD_IRTE_LO_IM ? ", posted" : "");
		break;
	case VTD_SEC_FAULT:
		print_fault(f, e);
		break;
	}
	fputc('\n', f);
}

void vn_note_print_unit(FILE *f, const struct vtd_note *n, int off, int idx,
			uint32_t types)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	char names[128];
	bool eime;

	vtd_note_get_unit(n, off, &u);
	eime = u.irta & VTD_IRTA_EIME;
	vn_unit_flag_names(u.flags, names, sizeof(names));
	fprintf(f,
		"unit %d: registers 0x%" PRIx64 ", segment %u, VT-d %" PRIu64
		".%" PRIu64
		", %s mode, translation %s, interrupt remapping %s, "
		"flags %s\n",
		idx, u.reg_base, u.segment, VTD_FIELD_GET(VTD_VER_MAX, u.ver),
		VTD_FIELD_GET(VTD_VER_MIN, u.ver), vn_note_mode_name(u.mode),
		u.gsts & VTD_GSTS_TES ? "on" : "off",
		u.gsts & VTD_GSTS_IRES ? (eime ? "on (x2apic)" : "on (xapic)")
				       : "off",
		names);
	fprintf(f,
		"  cap 0x%016" PRIx64 " ecap 0x%016" PRIx64 " gsts 0x%08x fsts "
		"0x%08x\n",
		u.cap, u.ecap, u.gsts, u.fsts);
	fprintf(f,
		"  rtaddr 0x%016" PRIx64 " irta 0x%016" PRIx64
		" (%u entries)\n",
		u.rtaddr, u.irta, vtd_irta_entries(u.irta));
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, types, &e))
		vn_note_print_entry(f, &e, eime);
}

void vn_note_print_text(FILE *f, const struct vtd_note *n)
{
	struct vtd_note_info info;
	char names[64];
	int off, idx = 0;

	vtd_note_get_info(n, &info);
	vn_note_flag_names(info.flags, names, sizeof(names));
	fprintf(f,
		"KEXEC-VTD note v%u.%u: %u unit%s, flags %s, %zu bytes, "
		"checksum 0x%08x\n",
		info.major, info.minor, info.nr_units,
		info.nr_units == 1 ? "" : "s", names, n->len, info.checksum);
	fprintf(f, "taken by %s", vn_note_taker_name(info.taker));
	if (info.taker > VTD_NOTE_TAKER_KERNEL)
		fprintf(f, " (%u)", info.taker);
	if (info.tsc_end >= info.tsc_start)
		fprintf(f, " in %" PRIu64 " TSC cycles",
			info.tsc_end - info.tsc_start);
	fputc('\n', f);
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off))
		vn_note_print_unit(f, n, off, idx++, ~UINT32_C(0));
}
