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

	assert_disjoint(cap, VTD_ARRAY_SIZE(cap));
	assert_disjoint(ecap, VTD_ARRAY_SIZE(ecap));
	assert_disjoint(irte_lo, VTD_ARRAY_SIZE(irte_lo));
	assert_disjoint(frcd_hi, VTD_ARRAY_SIZE(frcd_hi));
	assert_disjoint(ctx, VTD_ARRAY_SIZE(ctx));
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
		cmocka_unit_test(test_vtd_hw_invalidation_and_msi_formats),
		cmocka_unit_test(test_vtd_hw_fields_disjoint),
		cmocka_unit_test(test_vtd_hw_fault_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
