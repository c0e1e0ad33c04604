// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_vtd_hw.c - the hardware header checked against the VT-d
 * specification's tables (register offsets in 10.4, bit positions in the
 * register and entry figures, fault reasons in appendix A), so that the
 * sim, purgatory and crash code that share it share the right facts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kexec-vtd/note-format.h>
#include <kexec-vtd/vtd-hw.h>

static void test_vtd_hw_register_offsets(void **state)
{
	assert_int_equal(VTD_REG_VER, 0x00);
	assert_int_equal(VTD_REG_CAP, 0x08);
	assert_int_equal(VTD_REG_ECAP, 0x10);
	assert_int_equal(VTD_REG_GCMD, 0x18);
	assert_int_equal(VTD_REG_GSTS, 0x1c);
	assert_int_equal(VTD_REG_RTADDR, 0x20);
	assert_int_equal(VTD_REG_CCMD, 0x28);
	assert_int_equal(VTD_REG_FSTS, 0x34);
	assert_int_equal(VTD_REG_FECTL, 0x38);
	assert_int_equal(VTD_REG_IQH, 0x80);
	assert_int_equal(VTD_REG_IQT, 0x88);
	assert_int_equal(VTD_REG_IQA, 0x90);
	assert_int_equal(VTD_REG_ICS, 0x9c);
	assert_int_equal(VTD_REG_IRTA, 0xb8);
	assert_int_equal(VTD_FRCD_SIZE, 16);
}

static void test_vtd_hw_command_status_bits(void **state)
{
	assert_int_equal(VTD_GCMD_TE, 1ull << 31);
	assert_int_equal(VTD_GCMD_SRTP, 1ull << 30);
	assert_int_equal(VTD_GCMD_SFL, 1ull << 29);
	assert_int_equal(VTD_GCMD_EAFL, 1ull << 28);
	assert_int_equal(VTD_GCMD_WBF, 1ull << 27);
	assert_int_equal(VTD_GCMD_QIE, 1ull << 26);
	assert_int_equal(VTD_GCMD_IRE, 1ull << 25);
	assert_int_equal(VTD_GCMD_SIRTP, 1ull << 24);
	assert_int_equal(VTD_GCMD_CFI, 1ull << 23);
	/* Each status bit sits where its command bit does. */
	assert_int_equal(VTD_GSTS_TES, VTD_GCMD_TE);
	assert_int_equal(VTD_GSTS_RTPS, VTD_GCMD_SRTP);
	assert_int_equal(VTD_GSTS_IRES, VTD_GCMD_IRE);
	assert_int_equal(VTD_GSTS_IRTPS, VTD_GCMD_SIRTP);
}

static void test_vtd_hw_field_macros(void **state)
{
	assert_int_equal(VTD_GENMASK(3, 0), 0xf);
	assert_int_equal(VTD_GENMASK(63, 12), 0xfffffffffffff000ull);
	assert_int_equal(VTD_GENMASK(63, 63), 1ull << 63);
	assert_int_equal(VTD_FIELD_GET(VTD_CAP_MGAW, 0x260000ull), 0x26);
	assert_int_equal(VTD_FIELD_PREP(VTD_CAP_MGAW, 0x26), 0x260000ull);
	/* PREP masks values that do not fit. */
	assert_int_equal(VTD_FIELD_PREP(VTD_IRTA_S, 0x1f), 0xf);
}

/* CAP of a unit with 256 domains, 39-bit MGAW, 8 fault registers at 0x220. */
static void test_vtd_hw_cap_decoders(void **state)
{
	uint64_t cap =
		VTD_FIELD_PREP(VTD_CAP_ND, 2) |
		VTD_FIELD_PREP(VTD_CAP_SAGAW, VTD_SAGAW_39BIT_3LEVEL |
						      VTD_SAGAW_48BIT_4LEVEL) |
		VTD_FIELD_PREP(VTD_CAP_MGAW, 38) |
		VTD_FIELD_PREP(VTD_CAP_FRO, 0x22) |
		VTD_FIELD_PREP(VTD_CAP_NFR, 7);

	assert_int_equal(vtd_cap_ndoms(cap), 256);
	assert_int_equal(vtd_cap_mgaw(cap), 39);
	assert_int_equal(vtd_cap_num_fault_regs(cap), 8);
	assert_int_equal(vtd_cap_fault_reg_offset(cap), 0x220);
	assert_int_equal(VTD_FIELD_GET(VTD_CAP_SAGAW, cap), 0x6);
	assert_int_equal(vtd_cap_ndoms(VTD_FIELD_PREP(VTD_CAP_ND, 0)), 16);
	assert_int_equal(vtd_cap_ndoms(VTD_FIELD_PREP(VTD_CAP_ND, 6)), 65536);
	assert_int_equal(
		vtd_ecap_iotlb_offset(VTD_FIELD_PREP(VTD_ECAP_IRO, 0x20)),
		0x200);
}

static void test_vtd_hw_irta_and_address_widths(void **state)
{
	assert_int_equal(vtd_irta_entries(0x12345000 | 7), 256);
	assert_int_equal(vtd_irta_entries(VTD_IRTA_S_MAX), 65536);
	assert_int_equal(vtd_irta_entries(0), 2);
	assert_int_equal(VTD_IRTA_EIME, 1ull << 11);
	assert_int_equal(vtd_aw_bits(VTD_AW_39BIT), 39);
	assert_int_equal(vtd_aw_levels(VTD_AW_39BIT), 3);
	assert_int_equal(vtd_aw_bits(VTD_AW_48BIT), 48);
	assert_int_equal(vtd_aw_levels(VTD_AW_48BIT), 4);
	assert_int_equal(vtd_aw_bits(VTD_AW_57BIT), 57);
	assert_int_equal(vtd_aw_levels(VTD_AW_57BIT), 5);
	assert_int_equal(VTD_SAGAW_39BIT_3LEVEL, 1u << VTD_AW_39BIT);
	assert_int_equal(VTD_SAGAW_48BIT_4LEVEL, 1u << VTD_AW_48BIT);
	assert_int_equal(VTD_SAGAW_57BIT_5LEVEL, 1u << VTD_AW_57BIT);
}

static void test_vtd_hw_entry_layouts(void **state)
{
	uint64_t hi = VTD_FIELD_PREP(VTD_CTX_HI_DID, 0x1234) |
		      VTD_FIELD_PREP(VTD_CTX_HI_AW, VTD_AW_48BIT);

	assert_int_equal(VTD_ROOT_ENTRY_SIZE * VTD_ROOT_ENTRIES, 4096);
	assert_int_equal(VTD_CTX_ENTRY_SIZE * VTD_CTX_ENTRIES, 4096);
	assert_int_equal(VTD_SM_CTX_ENTRY_SIZE * VTD_SM_CTX_ENTRIES, 4096);
	assert_int_equal(VTD_IRTE_SIZE, 16);
	/* Context entry: DID in bits 87:72, AW in 66:64. */
	assert_int_equal(hi, 0x123402ull);
	assert_int_equal(VTD_CTX_LO_TT, 0xc);
	/* IRTE: vector 23:16, destination 63:32, SID 79:64, SVT 83:82. */
	assert_int_equal(VTD_IRTE_LO_V, 0xff0000ull);
	assert_int_equal(VTD_IRTE_LO_DST, 0xffffffff00000000ull);
	assert_int_equal(VTD_IRTE_HI_SID, 0xffffull);
	assert_int_equal(VTD_IRTE_HI_SVT, 0xc0000ull);
	/* Fault record: F is bit 127, reason 103:96, SID 79:64. */
	assert_int_equal(VTD_FRCD_HI_F, 1ull << 63);
	assert_int_equal(VTD_FRCD_HI_FR, 0xffull << 32);
	assert_int_equal(VTD_SLPTE_PS, 1u << 7);
	assert_int_equal(VTD_RTADDR_TTM, 0xc00);
	assert_int_equal(vtd_sid(1, VTD_DEVFN(0x1f, 7)), 0x1ff);
}

/*
 * Scalable mode (9.2, 9.4-9.7): fields where the spec's figures put them,
 * as bit numbers of the whole entry (word n holds bits 64n+63:64n).
 */
static void test_vtd_hw_scalable_layouts(void **state)
{
	/* Root entry: LP bit 0, UP bit 64, UCTP 127:76. */
	assert_int_equal(VTD_ROOT_HI_UP, 1);
	assert_int_equal(VTD_ROOT_HI_UCTP, 0xfffffffffffff000ull);
	assert_int_equal(VTD_ROOT_HI_RSVD, 0xffeull);
	/* Context entry: PDTS 11:9, RID_PASID 83:64, RID_PRIV 84. */
	assert_int_equal(VTD_SM_CTX_LO_PDTS, 0xe00);
	assert_int_equal(VTD_SM_CTX_LO_RSVD, 0x1e0);
	assert_int_equal(VTD_SM_CTX_HI_RID_PASID, 0xfffff);
	assert_int_equal(VTD_SM_CTX_HI_RID_PRIV, 1ull << 20);
	assert_int_equal(VTD_SM_CTX_HI_RSVD, ~0x1fffffull);
	assert_int_equal(vtd_sm_ctx_pasid_dir_entries(0), 128);
	assert_int_equal(vtd_sm_ctx_pasid_dir_entries(2 << 9), 512);
	assert_int_equal(vtd_sm_ctx_pasid_dir_entries(7 << 9), 16384);
	/* devfn 0-127 behind the lower half, 128-255 the upper (9.2). */
	assert_false(vtd_sm_devfn_upper(0x7f));
	assert_true(vtd_sm_devfn_upper(0x80));
	assert_int_equal(vtd_sm_root_half_offset(0x7f), 0);
	assert_int_equal(vtd_sm_root_half_offset(0x80), 8);
	assert_int_equal(vtd_sm_ctx_offset(0x00), 0);
	assert_int_equal(vtd_sm_ctx_offset(0x7f), 127 * 32);
	assert_int_equal(vtd_sm_ctx_offset(0x80), 0);
	assert_int_equal(vtd_sm_ctx_offset(0xff), 127 * 32);
	/* 2^14 directory entries of 64 PASIDs: the 20-bit PASID space. */
	assert_int_equal(16384 * VTD_PASID_TABLE_ENTRIES, 1 << VTD_PASID_BITS);
	assert_int_equal(1u << VTD_PASID_DIR_SHIFT, VTD_PASID_TABLE_ENTRIES);
	assert_int_equal(VTD_PASID_TABLE_ENTRIES * VTD_PASID_ENTRY_SIZE, 4096);
	assert_int_equal(VTD_PASID_ENTRY_WORDS * 8, VTD_PASID_ENTRY_SIZE);
	assert_int_equal(VTD_PDE_SIZE * 512, 4096);
	assert_int_equal(VTD_PDE_PTPTR, 0xfffffffffffff000ull);
	/* PASID entry: AW 4:2, PGTT 8:6, DID 79:64, PWSNP 87, PGSNP 88. */
	assert_int_equal(VTD_PASID_LO_AW, 0x1c);
	assert_int_equal(VTD_PASID_LO_PGTT, 0x1c0);
	assert_int_equal(VTD_PASID_LO_SSPTPTR, 0xfffffffffffff000ull);
	assert_int_equal(VTD_PASID_HI_DID, 0xffff);
	assert_int_equal(VTD_PASID_HI_PWSNP, 1ull << (87 - 64));
	assert_int_equal(VTD_PASID_HI_PGSNP, 1ull << (88 - 64));
	/* SRE 128, FSPM 131:130, EAFE 135, FSPTPTR 191:140. */
	assert_int_equal(VTD_PASID_W2_SRE, 1);
	assert_int_equal(VTD_PASID_W2_FSPM, 0xc);
	assert_int_equal(VTD_PASID_W2_EAFE, 0x80);
	assert_int_equal(VTD_PASID_W2_FSPTPTR, 0xfffffffffffff000ull);
	assert_int_equal(VTD_PGTT_FS, 1);
	assert_int_equal(VTD_PGTT_SS, 2);
	assert_int_equal(VTD_PGTT_NESTED, 3);
	assert_int_equal(VTD_PGTT_PT, 4);
	assert_int_equal(vtd_fspm_levels(VTD_FSPM_4LEVEL), 4);
	assert_int_equal(vtd_fspm_levels(VTD_FSPM_5LEVEL), 5);
	/* First-stage entries: the CPU's IA-32e bits. */
	assert_int_equal(VTD_FSPTE_US, 4);
	assert_int_equal(VTD_FSPTE_PS, 0x80);
	assert_int_equal(VTD_FSPTE_XD, 1ull << 63);
	assert_int_equal(VTD_FSPTE_ADDR, 0xffffffffff000ull);
}

/* Queued invalidation descriptors and the remappable MSI format. */
static void test_vtd_hw_invalidation_and_msi_formats(void **state)
{
	assert_int_equal(VTD_QI_TYPE_CC, 1);
	assert_int_equal(VTD_QI_TYPE_IOTLB, 2);
	assert_int_equal(VTD_QI_TYPE_IEC, 4);
	assert_int_equal(VTD_QI_TYPE_WAIT, 5);
	assert_int_equal(VTD_QI_CC_DID, 0xffff0000ull);
	assert_int_equal(VTD_QI_CC_SID, 0xffff00000000ull);
	assert_int_equal(VTD_QI_IEC_IIDX, 0xffff00000000ull);
	assert_int_equal(VTD_QI_IEC_IM, 0xf8000000ull);
	assert_int_equal(VTD_QI_WAIT_SDATA, 0xffffffff00000000ull);
	assert_int_equal(VTD_QI_WAIT_HI_SADDR, ~3ull);
	assert_int_equal(VTD_IVA_AM, 0x3f);
	assert_int_equal(VTD_QI_DESC_SIZE * 256, 4096);
	/* Handle bits 14:0 in address bits 19:5, bit 15 in address bit 2. */
	/* PASID-cache and PASID-based IOTLB: DID 31:16, PASID 51:32. */
	assert_int_equal(VTD_QI_TYPE_PIOTLB, 6);
	assert_int_equal(VTD_QI_TYPE_PC, 7);
	assert_int_equal(VTD_QI_TYPE_HI, 0xe00);
	assert_int_equal(VTD_QI_PC_DID, 0xffff0000ull);
	assert_int_equal(VTD_QI_PC_PASID, 0xfffff00000000ull);
	assert_int_equal(VTD_QI_PIOTLB_PASID, 0xfffff00000000ull);
	assert_int_equal(VTD_QI_PIOTLB_G, 0x30);
	assert_int_equal(VTD_QI_TYPE_PDEV_TLB, 8);
	assert_int_equal(VTD_QI_PDEVTLB_SID, 0xffff0000ull);
	assert_int_equal(VTD_QI_PIOTLB_HI_ADDR, ~0xfffull);
	assert_int_equal(VTD_QI_DESC256_SIZE, 2 * VTD_QI_DESC_SIZE);
	assert_int_equal(VTD_MSI_ADDR_HANDLE_LO, 0xfffe0ull);
	assert_int_equal(VTD_MSI_ADDR_HANDLE_15, 4);
	assert_int_equal(VTD_MSI_ADDR_IF, 0x10);
	assert_int_equal(VTD_MSI_ADDR_SHV, 0x8);
	assert_int_equal(VTD_FRCD_LO_IR_INDEX, 0xffff000000000000ull);
}

static void assert_disjoint(const uint64_t *masks, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (masks[i] & masks[j])
				fail_msg("fields %zu and %zu overlap", i, j);
}

/* Fields of one register or entry word never overlap. */
static void test_vtd_hw_fields_disjoint(void **state)
{
	const uint64_t cap[] = {
		VTD_CAP_ND,	VTD_CAP_AFL,  VTD_CAP_RWBF,  VTD_CAP_PLMR,
		VTD_CAP_PHMR,	VTD_CAP_CM,   VTD_CAP_SAGAW, VTD_CAP_MGAW,
		VTD_CAP_ZLR,	VTD_CAP_FRO,  VTD_CAP_SLLPS, VTD_CAP_PSI,
		VTD_CAP_NFR,	VTD_CAP_MAMV, VTD_CAP_DWD,   VTD_CAP_DRD,
		VTD_CAP_FL1GP,	VTD_CAP_PI,   VTD_CAP_FL5LP, VTD_CAP_ESIRTPS,
		VTD_CAP_ESRTPS,
	};
	const uint64_t ecap[] = {
		VTD_ECAP_C,	VTD_ECAP_QI,   VTD_ECAP_DT,   VTD_ECAP_IR,
		VTD_ECAP_EIM,	VTD_ECAP_PT,   VTD_ECAP_SC,   VTD_ECAP_IRO,
		VTD_ECAP_MHMV,	VTD_ECAP_NEST, VTD_ECAP_PRS,  VTD_ECAP_SRS,
		VTD_ECAP_NWFS,	VTD_ECAP_EAFS, VTD_ECAP_PSS,  VTD_ECAP_PASID,
		VTD_ECAP_DIT,	VTD_ECAP_PDS,  VTD_ECAP_SMTS, VTD_ECAP_VCS,
		VTD_ECAP_SLADS, VTD_ECAP_SLTS, VTD_ECAP_FLTS, VTD_ECAP_SMPWCS,
		VTD_ECAP_RPS,
	};
	const uint64_t irte_lo[] = {
		VTD_IRTE_LO_P,	   VTD_IRTE_LO_FPD, VTD_IRTE_LO_DM,
		VTD_IRTE_LO_RH,	   VTD_IRTE_LO_TM,  VTD_IRTE_LO_DLM,
		VTD_IRTE_LO_AVAIL, VTD_IRTE_LO_IM,  VTD_IRTE_LO_V,
		VTD_IRTE_LO_DST,
	};
	const uint64_t frcd_hi[] = {
		VTD_FRCD_HI_SID, VTD_FRCD_HI_T2, VTD_FRCD_HI_PRIV,
		VTD_FRCD_HI_EXE, VTD_FRCD_HI_PP, VTD_FRCD_HI_FR,
		VTD_FRCD_HI_PV,	 VTD_FRCD_HI_AT, VTD_FRCD_HI_T1,
		VTD_FRCD_HI_F,
	};
	const uint64_t ctx[] = {
		VTD_CTX_LO_P,
		VTD_CTX_LO_FPD,
		VTD_CTX_LO_TT,
		VTD_CTX_LO_SLPTPTR,
	};

	const uint64_t sm_ctx_lo[] = {
		VTD_SM_CTX_LO_P,    VTD_SM_CTX_LO_FPD,
		VTD_SM_CTX_LO_DTE,  VTD_SM_CTX_LO_PASIDE,
		VTD_SM_CTX_LO_PRE,  VTD_SM_CTX_LO_RSVD,
		VTD_SM_CTX_LO_PDTS, VTD_SM_CTX_LO_PASIDDIRPTR,
	};
	const uint64_t sm_ctx_hi[] = {
		VTD_SM_CTX_HI_RID_PASID,
		VTD_SM_CTX_HI_RID_PRIV,
		VTD_SM_CTX_HI_RSVD,
	};
	const uint64_t pde[] = { VTD_PDE_P, VTD_PDE_FPD, VTD_PDE_RSVD,
				 VTD_PDE_PTPTR };
	const uint64_t pasid_lo[] = {
		VTD_PASID_LO_P,	   VTD_PASID_LO_FPD,	 VTD_PASID_LO_AW,
		VTD_PASID_LO_SSEE, VTD_PASID_LO_PGTT,	 VTD_PASID_LO_SSADE,
		VTD_PASID_LO_RSVD, VTD_PASID_LO_SSPTPTR,
	};
	const uint64_t pasid_hi[] = {
		VTD_PASID_HI_DID,   VTD_PASID_HI_RSVD, VTD_PASID_HI_PWSNP,
		VTD_PASID_HI_PGSNP, VTD_PASID_HI_CD,   VTD_PASID_HI_EMTE,
		VTD_PASID_HI_EMT,   VTD_PASID_HI_PWT,  VTD_PASID_HI_PCD,
		VTD_PASID_HI_PAT,
	};
	const uint64_t pasid_w2[] = {
		VTD_PASID_W2_SRE,  VTD_PASID_W2_FSPM,	 VTD_PASID_W2_WPE,
		VTD_PASID_W2_NXE,  VTD_PASID_W2_SMEP,	 VTD_PASID_W2_EAFE,
		VTD_PASID_W2_RSVD, VTD_PASID_W2_FSPTPTR,
	};
	const uint64_t fspte[] = {
		VTD_FSPTE_P,   VTD_FSPTE_RW,   VTD_FSPTE_US, VTD_FSPTE_PWT,
		VTD_FSPTE_PCD, VTD_FSPTE_A,    VTD_FSPTE_D,  VTD_FSPTE_PS,
		VTD_FSPTE_EA,  VTD_FSPTE_ADDR, VTD_FSPTE_XD,
	};

	assert_disjoint(sm_ctx_lo, VTD_ARRAY_SIZE(sm_ctx_lo));
	assert_disjoint(sm_ctx_hi, VTD_ARRAY_SIZE(sm_ctx_hi));
	assert_disjoint(pde, VTD_ARRAY_SIZE(pde));
	assert_disjoint(pasid_lo, VTD_ARRAY_SIZE(pasid_lo));
	assert_disjoint(pasid_hi, VTD_ARRAY_SIZE(pasid_hi));
	assert_disjoint(pasid_w2, VTD_ARRAY_SIZE(pasid_w2));
	assert_disjoint(fspte, VTD_ARRAY_SIZE(fspte));
	/* And between them they cover every bit of the word. */
	assert_int_equal(VTD_PASID_LO_P | VTD_PASID_LO_FPD | VTD_PASID_LO_AW |
				 VTD_PASID_LO_SSEE | VTD_PASID_LO_PGTT |
				 VTD_PASID_LO_SSADE | VTD_PASID_LO_RSVD |
				 VTD_PASID_LO_SSPTPTR,
			 ~0ull);
	assert_int_equal(VTD_PASID_HI_DID | VTD_PASID_HI_RSVD |
				 VTD_PASID_HI_PWSNP | VTD_PASID_HI_PGSNP |
				 VTD_PASID_HI_CD | VTD_PASID_HI_EMTE |
				 VTD_PASID_HI_EMT | VTD_PASID_HI_PWT |
				 VTD_PASID_HI_PCD | VTD_PASID_HI_PAT,
			 ~0ull);
	assert_int_equal(VTD_SM_CTX_LO_P | VTD_SM_CTX_LO_FPD |
				 VTD_SM_CTX_LO_DTE | VTD_SM_CTX_LO_PASIDE |
				 VTD_SM_CTX_LO_PRE | VTD_SM_CTX_LO_RSVD |
				 VTD_SM_CTX_LO_PDTS | VTD_SM_CTX_LO_PASIDDIRPTR,
			 ~0ull);
	assert_disjoint(cap, VTD_ARRAY_SIZE(cap));
	assert_disjoint(ecap, VTD_ARRAY_SIZE(ecap));
	assert_disjoint(irte_lo, VTD_ARRAY_SIZE(irte_lo));
	assert_disjoint(frcd_hi, VTD_ARRAY_SIZE(frcd_hi));
	assert_disjoint(ctx, VTD_ARRAY_SIZE(ctx));
}

/* A source-id is bus 15:8, device 7:3, function 2:0 (3.4.1). */
static void test_vtd_hw_source_id_split(void **state)
{
	uint16_t sid = vtd_sid(0x3a, VTD_DEVFN(0x1c, 5));

	assert_int_equal(sid, 0x3ae5);
	assert_int_equal(vtd_sid_bus(sid), 0x3a);
	assert_int_equal(vtd_sid_devfn(sid), 0xe5);
	assert_int_equal(VTD_DEVFN_DEV(vtd_sid_devfn(sid)), 0x1c);
	assert_int_equal(VTD_DEVFN_FN(vtd_sid_devfn(sid)), 5);
	assert_int_equal(vtd_sid_bus(0xffff), 0xff);
	assert_int_equal(vtd_sid_devfn(0xffff), 0xff);
	assert_int_equal(vtd_sid_bus(0x00ff), 0);
	assert_int_equal(vtd_sid_devfn(0xff00), 0);
	/* Bus and devfn above 8 bits are cut, as the field is. */
	assert_int_equal(vtd_sid(0x1ff, 0x1ff), 0xffff);
	/* The one value every SID field of the spec holds. */
	assert_int_equal(VTD_SID_BUS | VTD_SID_DEVFN, VTD_IRTE_HI_SID);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_SID_BUS), VTD_ROOT_ENTRIES);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_SID_DEVFN), VTD_CTX_ENTRIES);
}

/*
 * PASID bits 19:6 pick the directory entry, bits 5:0 the entry of the
 * 64-entry PASID table it names (9.5); directory entries are 8 bytes,
 * PASID-table entries 64.
 */
static void test_vtd_hw_pasid_indexing(void **state)
{
	assert_int_equal(vtd_pasid_dir_index(0), 0);
	assert_int_equal(vtd_pasid_table_index(0), 0);
	assert_int_equal(vtd_pasid_dir_index(63), 0);
	assert_int_equal(vtd_pasid_table_index(63), 63);
	assert_int_equal(vtd_pasid_dir_index(64), 1);
	assert_int_equal(vtd_pasid_table_index(64), 0);
	assert_int_equal(vtd_pasid_dir_index(0xfffff), 0x3fff);
	assert_int_equal(vtd_pasid_table_index(0xfffff), 0x3f);
	assert_int_equal(vtd_pasid_dir_offset(0x12345), 0x48d * 8);
	assert_int_equal(vtd_pasid_table_offset(0x12345), 0x05 * 64);
	assert_int_equal(VTD_PDE_SIZE, 8);
	assert_int_equal(VTD_PASID_ENTRY_SIZE, 64);
	assert_int_equal(VTD_PASID_TABLE_ENTRIES, 64);
	/* The largest directory (PDTS 7) covers the whole PASID space. */
	assert_int_equal(vtd_pasid_dir_index((1u << VTD_PASID_BITS) - 1) + 1,
			 vtd_sm_ctx_pasid_dir_entries(VTD_SM_CTX_LO_PDTS));
}

/* The 2^16 limits, from the width of the fields that hold them. */
static void test_vtd_hw_limits_from_field_widths(void **state)
{
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_GENMASK(0, 0)), 2);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_GENMASK(11, 9)), 8);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_GENMASK(62, 0)), 1ull << 63);
	/* Domain ids: 16 bits (9.3 DID 87:72); CAP.ND 6 gives 2^16. */
	assert_int_equal(VTD_NR_DIDS_MAX, 65536);
	assert_int_equal(vtd_cap_ndoms(VTD_FIELD_PREP(VTD_CAP_ND, 6)),
			 VTD_NR_DIDS_MAX);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_QI_CC_DID), VTD_NR_DIDS_MAX);
	assert_int_equal(VTD_FIELD_NR_VALUES(VTD_IOTLB_DID), VTD_NR_DIDS_MAX);
	/* IRTEs: IRTA.S 3:0, at most 2^(15 + 1) entries (10.4.29). */
	assert_int_equal(VTD_IRTA_S_MAX, 15);
	assert_int_equal(VTD_NR_IRTES_MAX, 65536);
	assert_int_equal(vtd_irta_entries(VTD_IRTA_S), VTD_NR_IRTES_MAX);
	/* A remappable MSI's handle: 15 bits in 19:5 and bit 15 in bit 2. */
	assert_int_equal(1u << (VTD_MSI_ADDR_HANDLE_LO_BITS + 1),
			 VTD_NR_IRTES_MAX);
}

/* The note records RTADDR.TTM as it found it (10.4.6). */
static void test_vtd_hw_note_mode_is_ttm(void **state)
{
	assert_int_equal(VTD_TTM_LEGACY, 0);
	assert_int_equal(VTD_TTM_SCALABLE, 1);
	assert_int_equal(VTD_TTM_ABORT_DMA, 3);
	assert_int_equal(VTD_NOTE_MODE_LEGACY, VTD_TTM_LEGACY);
	assert_int_equal(VTD_NOTE_MODE_SCALABLE, VTD_TTM_SCALABLE);
	assert_int_equal(VTD_NOTE_MODE_ABORT_DMA, VTD_TTM_ABORT_DMA);
	assert_int_equal(VTD_FIELD_GET(VTD_RTADDR_TTM,
				       VTD_FIELD_PREP(VTD_RTADDR_TTM,
						      VTD_NOTE_MODE_SCALABLE)),
			 VTD_TTM_SCALABLE);
}

static void test_vtd_hw_fault_reasons(void **state)
{
	assert_int_equal(VTD_FR_ROOT_ENTRY_P, 1);
	assert_int_equal(VTD_FR_CTX_ENTRY_P, 2);
	assert_int_equal(VTD_FR_WRITE, 5);
	assert_int_equal(VTD_FR_READ, 6);
	assert_int_equal(VTD_FR_CTX_ENTRY_TT, 0xd);
	assert_int_equal(VTD_FR_IR_INDEX_OVER, 0x21);
	/* "fault reason 34" in Linux's log is 0x22. */
	assert_int_equal(VTD_FR_IR_ENTRY_P, 34);
	assert_int_equal(VTD_FR_IR_SID_ERR, 0x26);
	/* Scalable mode: a block per structure. */
	assert_int_equal(VTD_FR_SM_RTADDR_INV, 0x30);
	assert_int_equal(VTD_FR_SM_ROOT_ENTRY_P, 0x39);
	assert_int_equal(VTD_FR_SM_CTX_ENTRY_P, 0x41);
	assert_int_equal(VTD_FR_SM_CTX_RID_PASID, 0x48);
	assert_int_equal(VTD_FR_SM_PDE_P, 0x51);
	assert_int_equal(VTD_FR_SM_PASID_ENTRY_P, 0x59);
	assert_int_equal(VTD_FR_SM_PASID_ENTRY_INV, 0x5b);
	assert_int_equal(VTD_FR_SM_FS_ENTRY_P, 0x71);
	assert_int_equal(VTD_FR_SM_SS_ENTRY_P, 0x79);
	assert_int_equal(VTD_FR_SM_NON_CANONICAL, 0x80);
	assert_int_equal(VTD_FR_SM_WRITE, 0x85);
	assert_int_equal(VTD_FR_SM_INTERRUPT_ADDR, 0x87);
	assert_true(vtd_fault_is_irq(VTD_FR_IR_REQ_RSVD));
	assert_true(vtd_fault_is_irq(VTD_FR_IR_SID_ERR));
	assert_false(vtd_fault_is_irq(VTD_FR_CTX_ENTRY_TT));
	assert_false(vtd_fault_is_irq(VTD_FR_SM_RTADDR_INV));
	assert_false(vtd_fault_is_irq(VTD_FR_SM_WRITE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtd_hw_register_offsets),
		cmocka_unit_test(test_vtd_hw_command_status_bits),
		cmocka_unit_test(test_vtd_hw_field_macros),
		cmocka_unit_test(test_vtd_hw_cap_decoders),
		cmocka_unit_test(test_vtd_hw_irta_and_address_widths),
		cmocka_unit_test(test_vtd_hw_entry_layouts),
		cmocka_unit_test(test_vtd_hw_scalable_layouts),
		cmocka_unit_test(test_vtd_hw_invalidation_and_msi_formats),
		cmocka_unit_test(test_vtd_hw_fields_disjoint),
		cmocka_unit_test(test_vtd_hw_fault_reasons),
		cmocka_unit_test(test_vtd_hw_source_id_split),
		cmocka_unit_test(test_vtd_hw_pasid_indexing),
		cmocka_unit_test(test_vtd_hw_limits_from_field_widths),
		cmocka_unit_test(test_vtd_hw_note_mode_is_ttm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
