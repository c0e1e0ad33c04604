// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_twin.c - the userspace twins of the driver's iommu.h and pasid.h
 * (tests/kernel/include/) and their <linux/...> shims, checked against
 * include/kexec-vtd/vtd-hw.h, the project's one statement of the VT-d
 * facts.  kernel/twin-check.sh holds the same twins against the driver's
 * own headers in a kernel tree; with this test, driver == twin == vtd-hw.h.
 *
 * Every helper is compared with its vtd-hw.h reading on the edges (0, all
 * ones, the field itself and its complement, each single bit) and on a
 * few thousand values from the model's seeded generator.  Entry helpers
 * get the value in the word they read and its complement in the others,
 * so reading the wrong word shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <string.h>
#include <cmocka.h>

#include <kexec-vtd/vtd-hw.h>

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/errno.h>

#include "iommu.h"
#include "pasid.h"

#include "rng.h"

#define NR_RANDOM 4096
#define NR_EDGES (2 + 64)

/* 0, all ones, each single bit, then the generator's values. */
static u64 inputs[NR_EDGES + NR_RANDOM];

static void make_inputs(void)
{
	struct sim_rng rng;
	size_t n = 0;

	inputs[n++] = 0;
	inputs[n++] = ~UINT64_C(0);
	for (unsigned int bit = 0; bit < 64; bit++)
		inputs[n++] = VTD_BIT(bit);
	sim_rng_init(&rng, sim_rng_seed_from_env(UINT64_C(0x7419e5d0c3a1b2f7)));
	while (n < VTD_ARRAY_SIZE(inputs))
		inputs[n++] = sim_rng_next(&rng);
}

/* One comparison; on a mismatch the helper and its input are named. */
static void same(const char *what, u64 in, u64 twin, u64 oracle)
{
	if (twin == oracle)
		return;
	print_error("%s(0x%016" PRIx64 "): twin 0x%" PRIx64
		    ", vtd-hw.h 0x%" PRIx64 "\n",
		    what, in, twin, oracle);
	fail();
}

/*
 * The values a helper reading the field @mask is tried on: every input,
 * the field alone and everything but the field.
 */
static void for_each_value(u64 mask, void (*fn)(u64 v, const void *arg),
			   const void *arg)
{
	for (size_t i = 0; i < VTD_ARRAY_SIZE(inputs); i++)
		fn(inputs[i], arg);
	fn(mask, arg);
	fn(~mask, arg);
}

static void test_twin_page(void **state)
{
	(void)state;
	assert_int_equal(VTD_PAGE_SHIFT, VTD_PAGE_SHIFT_4K);
	assert_int_equal(VTD_PAGE_SIZE, VTD_PAGE_SIZE_4K);
	assert_int_equal(VTD_PAGE_MASK, ~(VTD_PAGE_SIZE_4K - 1));
	/* The mask keeps a page-aligned address: the table pointers' field. */
	assert_int_equal(VTD_PAGE_MASK, VTD_RTADDR_RTA);
	assert_int_equal(VTD_PAGE_MASK, VTD_CTX_LO_SLPTPTR);
}

static void test_twin_register_offsets(void **state)
{
	(void)state;
	assert_int_equal(DMAR_VER_REG, VTD_REG_VER);
	assert_int_equal(DMAR_CAP_REG, VTD_REG_CAP);
	assert_int_equal(DMAR_ECAP_REG, VTD_REG_ECAP);
	assert_int_equal(DMAR_GSTS_REG, VTD_REG_GSTS);
	assert_int_equal(DMAR_RTADDR_REG, VTD_REG_RTADDR);
	assert_int_equal(DMAR_IRTA_REG, VTD_REG_IRTA);
}

static void test_twin_status_and_rtaddr_bits(void **state)
{
	(void)state;
	assert_int_equal(DMA_GSTS_TES, VTD_GSTS_TES);
	assert_int_equal(DMA_GSTS_IRES, VTD_GSTS_IRES);
	/* SMT is RTADDR.TTM saying scalable mode. */
	assert_int_equal(DMA_RTADDR_SMT,
			 VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE));
}

/* The CAP and ECAP readers: one field each, as vtd-hw.h places it. */
struct reg_field {
	const char *name;
	u64 (*twin)(u64 reg);
	u64 mask;
};

#define TWIN_READER(helper)                \
	static u64 twin_##helper(u64 reg)  \
	{                                  \
		return (u64)(helper(reg)); \
	}
TWIN_READER(cap_sagaw)
TWIN_READER(ecap_coherent)
TWIN_READER(ecap_dev_iotlb_support)
TWIN_READER(ecap_pass_through)
TWIN_READER(ecap_prs)
TWIN_READER(ecap_srs)
TWIN_READER(ecap_pasid)
TWIN_READER(ecap_smts)
TWIN_READER(ecap_slts)
TWIN_READER(ecap_flts)
#define REG_FIELD(helper, field)              \
	{                                     \
#helper, twin_##helper, field \
	}

static const struct reg_field reg_fields[] = {
	REG_FIELD(cap_sagaw, VTD_CAP_SAGAW),
	REG_FIELD(ecap_coherent, VTD_ECAP_C),
	REG_FIELD(ecap_dev_iotlb_support, VTD_ECAP_DT),
	REG_FIELD(ecap_pass_through, VTD_ECAP_PT),
	REG_FIELD(ecap_prs, VTD_ECAP_PRS),
	REG_FIELD(ecap_srs, VTD_ECAP_SRS),
	REG_FIELD(ecap_pasid, VTD_ECAP_PASID),
	REG_FIELD(ecap_smts, VTD_ECAP_SMTS),
	REG_FIELD(ecap_slts, VTD_ECAP_SLTS),
	REG_FIELD(ecap_flts, VTD_ECAP_FLTS),
};

static void check_reg_field(u64 v, const void *arg)
{
	const struct reg_field *f = arg;

	same(f->name, v, f->twin(v), VTD_FIELD_GET(f->mask, v));
}

static void check_cap_ndoms(u64 v, const void *arg)
{
	(void)arg;
	same("cap_ndoms", v, cap_ndoms(v), vtd_cap_ndoms(v));
}

static void test_twin_cap_ecap_readers(void **state)
{
	(void)state;
	for (size_t i = 0; i < VTD_ARRAY_SIZE(reg_fields); i++)
		for_each_value(reg_fields[i].mask, check_reg_field,
			       &reg_fields[i]);
	for_each_value(VTD_CAP_ND, check_cap_ndoms, NULL);
}

static void test_twin_root_and_context_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct root_entry), VTD_ROOT_ENTRY_SIZE);
	assert_int_equal(offsetof(struct root_entry, lo), 0);
	assert_int_equal(offsetof(struct root_entry, hi), sizeof(u64));
	assert_int_equal(sizeof(struct context_entry), VTD_CTX_ENTRY_SIZE);
	assert_int_equal(offsetof(struct context_entry, lo), 0);
	assert_int_equal(offsetof(struct context_entry, hi), sizeof(u64));
}

/*
 * A context entry with @v in the word the helper reads (@hi or not) and
 * its complement in the other one.
 */
static struct context_entry context_with(u64 v, bool hi)
{
	struct context_entry c = { .lo = hi ? ~v : v, .hi = hi ? v : ~v };

	return c;
}

static void check_context_helpers(u64 v, const void *arg)
{
	struct context_entry lo = context_with(v, false);
	struct context_entry hi = context_with(v, true);

	(void)arg;
	same("context_present", v, context_present(&lo),
	     VTD_FIELD_GET(VTD_CTX_LO_P, v));
	same("context_domain_id", v, (u64)context_domain_id(&hi),
	     VTD_FIELD_GET(VTD_CTX_HI_DID, v));
	/* PDTS of a scalable-mode context entry, whose low word it is. */
	same("get_pasid_dir_size", v, (u64)get_pasid_dir_size(&lo),
	     vtd_sm_ctx_pasid_dir_entries(v));
}

static void test_twin_context_helpers(void **state)
{
	(void)state;
	for_each_value(VTD_CTX_HI_DID, check_context_helpers, NULL);
	for_each_value(VTD_SM_CTX_LO_PDTS, check_context_helpers, NULL);
}

static void test_twin_pasid_constants(void **state)
{
	(void)state;
	assert_int_equal(PASID_PTE_PRESENT, VTD_PASID_LO_P);
	assert_int_equal(PASID_PTE_PRESENT, VTD_PDE_P);
	assert_int_equal(PDE_PFN_MASK, VTD_PDE_PTPTR);
	assert_int_equal(PASID_PDE_SHIFT, VTD_PASID_DIR_SHIFT);
	assert_int_equal(PASID_TBL_ENTRIES, VTD_PASID_TABLE_ENTRIES);
	assert_int_equal(PASID_ENTRY_PGTT_FL_ONLY, VTD_PGTT_FS);
	assert_int_equal(PASID_ENTRY_PGTT_SL_ONLY, VTD_PGTT_SS);
	assert_int_equal(PASID_ENTRY_PGTT_NESTED, VTD_PGTT_NESTED);
	assert_int_equal(PASID_ENTRY_PGTT_PT, VTD_PGTT_PT);
}

static void test_twin_pasid_layout(void **state)
{
	struct pasid_entry pe;

	(void)state;
	assert_int_equal(sizeof(struct pasid_dir_entry), VTD_PDE_SIZE);
	assert_int_equal(offsetof(struct pasid_dir_entry, val), 0);
	assert_int_equal(sizeof(struct pasid_entry), VTD_PASID_ENTRY_SIZE);
	assert_int_equal(offsetof(struct pasid_entry, val), 0);
	assert_int_equal(VTD_ARRAY_SIZE(pe.val), VTD_PASID_ENTRY_WORDS);
}

/* A PASID table entry with @v in word @word, its complement elsewhere. */
static struct pasid_entry pasid_entry_with(u64 v, unsigned int word)
{
	struct pasid_entry pe;

	for (unsigned int i = 0; i < VTD_PASID_ENTRY_WORDS; i++)
		pe.val[i] = i == word ? v : ~v;
	return pe;
}

static void check_pasid_helpers(u64 v, const void *arg)
{
	struct pasid_dir_entry pde = { .val = v };
	struct pasid_entry w0 = pasid_entry_with(v, 0);
	struct pasid_entry w1 = pasid_entry_with(v, 1);

	(void)arg;
	same("pasid_pde_is_present", v, pasid_pde_is_present(&pde),
	     VTD_FIELD_GET(VTD_PDE_P, v));
	same("pasid_pte_is_present", v, pasid_pte_is_present(&w0),
	     VTD_FIELD_GET(VTD_PASID_LO_P, v));
	same("pasid_pte_get_pgtt", v, pasid_pte_get_pgtt(&w0),
	     VTD_FIELD_GET(VTD_PASID_LO_PGTT, v));
	same("pasid_get_domain_id", v, pasid_get_domain_id(&w1),
	     VTD_FIELD_GET(VTD_PASID_HI_DID, v));
	/* The directory entry's table pointer, as the driver masks it. */
	same("PDE_PFN_MASK", v, v & PDE_PFN_MASK,
	     VTD_FIELD_PREP(VTD_PDE_PTPTR, VTD_FIELD_GET(VTD_PDE_PTPTR, v)));
}

static void test_twin_pasid_helpers(void **state)
{
	(void)state;
	for_each_value(VTD_PASID_LO_PGTT, check_pasid_helpers, NULL);
	for_each_value(VTD_PASID_HI_DID, check_pasid_helpers, NULL);
}

static void test_twin_shim_bits(void **state)
{
	(void)state;
	for (unsigned int n = 0; n < 64; n++) {
		same("BIT", n, BIT(n), VTD_BIT(n));
		same("BIT_ULL", n, BIT_ULL(n), VTD_BIT(n));
		for (unsigned int l = 0; l <= n; l++)
			same("GENMASK_ULL", (u64)n << 8 | l, GENMASK_ULL(n, l),
			     VTD_GENMASK(n, l));
	}
}

/*
 * FIELD_GET takes a constant mask: each field the twins read, and the
 * widest and narrowest ends of the word.
 */
static void check_field_get(u64 v, const void *arg)
{
	(void)arg;
#define SAME_FIELD_GET(mask)                                \
	same("FIELD_GET(" #mask ")", v, FIELD_GET(mask, v), \
	     VTD_FIELD_GET(mask, v))
	SAME_FIELD_GET(VTD_CAP_ND);
	SAME_FIELD_GET(VTD_CAP_SAGAW);
	SAME_FIELD_GET(VTD_RTADDR_TTM);
	SAME_FIELD_GET(VTD_CTX_HI_DID);
	SAME_FIELD_GET(VTD_SM_CTX_LO_PDTS);
	SAME_FIELD_GET(VTD_PASID_LO_PGTT);
	SAME_FIELD_GET(VTD_PASID_HI_DID);
	SAME_FIELD_GET(VTD_PDE_PTPTR);
	SAME_FIELD_GET(VTD_BIT(0));
	SAME_FIELD_GET(VTD_BIT(63));
	SAME_FIELD_GET(VTD_GENMASK(63, 0));
#undef SAME_FIELD_GET
}

static void test_twin_shim_field_get(void **state)
{
	(void)state;
	for_each_value(VTD_GENMASK(63, 0), check_field_get, NULL);
}

/*
 * __set_bit and test_bit on a bitmap of every domain id: bit @nr is bit
 * nr % 64 of word nr / 64, and nothing else changes.
 */
static unsigned long did_map[BITS_TO_LONGS(VTD_NR_DIDS_MAX)];

static void check_one_bit(unsigned long nr)
{
	memset(did_map, 0, sizeof(did_map));
	__set_bit(nr, did_map);
	for (size_t w = 0; w < VTD_ARRAY_SIZE(did_map); w++)
		same("__set_bit", nr, did_map[w],
		     w == nr / 64 ? VTD_BIT(nr % 64) : 0);
	for (unsigned long b = nr & ~63UL; b <= (nr | 63); b++)
		same("test_bit", b, test_bit(b, did_map), b == nr);
}

static void test_twin_shim_bitmap(void **state)
{
	static bool set[VTD_NR_DIDS_MAX];
	struct sim_rng rng;

	(void)state;
	assert_int_equal(sizeof(did_map) * 8, VTD_NR_DIDS_MAX);
	for (unsigned long nr = 0; nr < 2 * 64; nr++)
		check_one_bit(nr);
	check_one_bit(VTD_NR_DIDS_MAX - 1);
	for (size_t i = 0; i < VTD_ARRAY_SIZE(inputs); i++)
		check_one_bit(inputs[i] % VTD_NR_DIDS_MAX);

	/* Many bits at once: each set bit reads back, no other does. */
	memset(did_map, 0, sizeof(did_map));
	memset(set, 0, sizeof(set));
	sim_rng_init(&rng, sim_rng_seed_from_env(UINT64_C(0x5e7b17)));
	for (unsigned int i = 0; i < NR_RANDOM; i++) {
		unsigned long nr = sim_rng_below(&rng, VTD_NR_DIDS_MAX);

		__set_bit(nr, did_map);
		set[nr] = true;
	}
	for (unsigned long nr = 0; nr < VTD_NR_DIDS_MAX; nr++)
		same("test_bit", nr, test_bit(nr, did_map), set[nr]);
}

/*
 * The error numbers the adoption core returns, as x86-64 Linux has them
 * (its uapi asm-generic/errno*.h): the shim must define them at all, which
 * a shim going through the C library's <errno.h> would not.
 */
static void test_twin_shim_errno(void **state)
{
	(void)state;
	assert_int_equal(ENOENT, 2);
	assert_int_equal(EIO, 5);
	assert_int_equal(ENOEXEC, 8);
	assert_int_equal(ENOMEM, 12);
	assert_int_equal(EINVAL, 22);
	assert_int_equal(EBADMSG, 74);
	assert_int_equal(EOPNOTSUPP, 95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twin_page),
		cmocka_unit_test(test_twin_register_offsets),
		cmocka_unit_test(test_twin_status_and_rtaddr_bits),
		cmocka_unit_test(test_twin_cap_ecap_readers),
		cmocka_unit_test(test_twin_root_and_context_layout),
		cmocka_unit_test(test_twin_context_helpers),
		cmocka_unit_test(test_twin_pasid_constants),
		cmocka_unit_test(test_twin_pasid_layout),
		cmocka_unit_test(test_twin_pasid_helpers),
		cmocka_unit_test(test_twin_shim_bits),
		cmocka_unit_test(test_twin_shim_field_get),
		cmocka_unit_test(test_twin_shim_bitmap),
		cmocka_unit_test(test_twin_shim_errno),
	};

	make_inputs();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
