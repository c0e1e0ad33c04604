// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * twin-probe.c - prints what every name of the twin iommu.h and pasid.h
 * gives: constants with their size and signedness, struct layouts, and
 * each helper's result on a fixed list of inputs (0, all ones, each single
 * bit, then a fixed-seed sequence).  kernel/twin-check.sh builds it once
 * against the twins and once against the definitions it extracts from the
 * driver's own headers, and wants the two outputs identical; it also
 * wants every name the twins define to appear here.
 */
#include <stddef.h>
#include <stdio.h>
#include <inttypes.h>

#include "iommu.h"
#include "pasid.h"

#define NR_RANDOM 1024
#define NR_WORDS(a) (sizeof(a) / sizeof((a)[0]))

static u64 inputs[2 + 64 + NR_RANDOM];
static size_t nr_inputs;

/* xorshift64*, seeded with a constant: the same list every run. */
static void make_inputs(void)
{
	u64 x = UINT64_C(0x2545f4914f6cdd1d);

	inputs[nr_inputs++] = 0;
	inputs[nr_inputs++] = ~UINT64_C(0);
	for (unsigned int bit = 0; bit < 64; bit++)
		inputs[nr_inputs++] = UINT64_C(1) << bit;
	while (nr_inputs < NR_WORDS(inputs)) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		inputs[nr_inputs++] = x * UINT64_C(0x2545f4914f6cdd1d);
	}
}

/* Signed when the type's all-ones value is below one. */
#define IS_SIGNED(expr) ((__typeof__(expr))-1 < 1)

static void show_type(const char *name, size_t size, int is_signed)
{
	printf("%s: %zu bytes, %s\n", name, size,
	       is_signed ? "signed" : "unsigned");
}

#define CONSTANT(name)                                              \
	do {                                                        \
		show_type(#name, sizeof(name), IS_SIGNED(name));    \
		printf("%s = 0x%" PRIx64 "\n", #name, (u64)(name)); \
	} while (0)

#define LAYOUT(type, member)                                     \
	printf("%s.%s: offset %zu, %zu bytes\n", #type, #member, \
	       offsetof(type, member), sizeof(((type *)0)->member))

/*
 * A helper on every input: @setup puts the input in the argument, @call
 * is the helper's call on it.
 */
#define EACH_INPUT(name, setup, call)                                          \
	do {                                                                   \
		u64 v = 0;                                                     \
		setup;                                                         \
		show_type(name, sizeof(call), IS_SIGNED(call));                \
		for (size_t i = 0; i < nr_inputs; i++) {                       \
			v = inputs[i];                                         \
			setup;                                                 \
			printf("%s(0x%016" PRIx64 ") = 0x%" PRIx64 "\n", name, \
			       v, (u64)(call));                                \
		}                                                              \
	} while (0)

#define REG_READER(helper) EACH_INPUT(#helper, (void)0, helper(v))

/* Entries carry the input in the word the helper reads, ~input elsewhere. */
static void fill(u64 *words, size_t nr, size_t word, u64 v)
{
	for (size_t i = 0; i < nr; i++)
		words[i] = i == word ? v : ~v;
}

/*
 * The descriptor fields on every input; qi_desc_dev_iotlb() with its
 * five arguments cut from each input (the mask over 0..52 and beyond
 * the queue-depth limit), each word printed.
 */
static void probe_qi(void)
{
	struct qi_desc d;

	printf("struct qi_desc: %zu bytes\n", sizeof(struct qi_desc));
	LAYOUT(struct qi_desc, qw0);
	LAYOUT(struct qi_desc, qw1);
	LAYOUT(struct qi_desc, qw2);
	LAYOUT(struct qi_desc, qw3);
	CONSTANT(QI_CC_TYPE);
	CONSTANT(QI_IOTLB_TYPE);
	CONSTANT(QI_DIOTLB_TYPE);
	CONSTANT(QI_PC_TYPE);
	CONSTANT(DMA_CCMD_INVL_GRANU_OFFSET);
	CONSTANT(DMA_CCMD_GLOBAL_INVL);
	CONSTANT(DMA_CCMD_DEVICE_INVL);
	CONSTANT(DMA_CCMD_MASK_NOBIT);
	CONSTANT(DMA_TLB_FLUSH_GRANU_OFFSET);
	CONSTANT(DMA_TLB_GLOBAL_FLUSH);
	CONSTANT(QI_EIOTLB_TYPE);
	CONSTANT(QI_GRAN_NONG_PASID);
	CONSTANT(DMA_TLB_DSI_FLUSH);
	CONSTANT(QI_PC_ALL_PASIDS);
	CONSTANT(QI_DEV_IOTLB_SIZE);
	CONSTANT(QI_DEV_IOTLB_MAX_INVS);
	CONSTANT(MAX_AGAW_WIDTH);
	CONSTANT(MAX_AGAW_PFN_WIDTH);
	REG_READER(QI_CC_FM);
	REG_READER(QI_CC_SID);
	REG_READER(QI_CC_DID);
	REG_READER(QI_CC_GRAN);
	REG_READER(QI_IOTLB_DID);
	REG_READER(QI_IOTLB_DR);
	REG_READER(QI_IOTLB_DW);
	REG_READER(QI_IOTLB_GRAN);
	REG_READER(QI_EIOTLB_PASID);
	REG_READER(QI_EIOTLB_DID);
	REG_READER(QI_EIOTLB_GRAN);
	REG_READER(QI_PC_PASID);
	REG_READER(QI_PC_DID);
	REG_READER(QI_PC_GRAN);
	REG_READER(QI_DEV_IOTLB_SID);
	REG_READER(QI_DEV_IOTLB_QDEP);
	REG_READER(QI_DEV_IOTLB_ADDR);
	REG_READER(QI_DEV_IOTLB_PFSID);
#define DEV_IOTLB(v)                                                         \
	qi_desc_dev_iotlb((u16)(v), (u16)((v) >> 16), (u16)((v) >> 32) & 0x3f, \
			  (v), (unsigned int)((v) >> 40) % 53, &d)
	EACH_INPUT("qi_desc_dev_iotlb.qw0", DEV_IOTLB(v), d.qw0);
	EACH_INPUT("qi_desc_dev_iotlb.qw1", DEV_IOTLB(v), d.qw1);
	EACH_INPUT("qi_desc_dev_iotlb.qw2", DEV_IOTLB(v), d.qw2 | d.qw3);
#undef DEV_IOTLB
}

static void probe_iommu_h(void)
{
	struct context_entry ce;

	CONSTANT(VTD_PAGE_SHIFT);
	CONSTANT(VTD_PAGE_SIZE);
	CONSTANT(VTD_PAGE_MASK);
	CONSTANT(DMAR_VER_REG);
	CONSTANT(DMAR_CAP_REG);
	CONSTANT(DMAR_ECAP_REG);
	CONSTANT(DMAR_GSTS_REG);
	CONSTANT(DMAR_RTADDR_REG);
	CONSTANT(DMAR_IRTA_REG);
	CONSTANT(DMA_GSTS_TES);
	CONSTANT(DMA_GSTS_IRES);
	CONSTANT(DMA_RTADDR_SMT);

	REG_READER(cap_ndoms);
	REG_READER(cap_sagaw);
	REG_READER(cap_write_drain);
	REG_READER(cap_read_drain);
	REG_READER(ecap_coherent);
	REG_READER(ecap_dev_iotlb_support);
	REG_READER(ecap_pass_through);
	REG_READER(ecap_prs);
	REG_READER(ecap_srs);
	REG_READER(ecap_pasid);
	REG_READER(ecap_dit);
	REG_READER(ecap_smts);
	REG_READER(ecap_slts);
	REG_READER(ecap_flts);

	printf("struct root_entry: %zu bytes\n", sizeof(struct root_entry));
	LAYOUT(struct root_entry, lo);
	LAYOUT(struct root_entry, hi);
	printf("struct context_entry: %zu bytes\n",
	       sizeof(struct context_entry));
	LAYOUT(struct context_entry, lo);
	LAYOUT(struct context_entry, hi);

	EACH_INPUT("context_present", (ce.lo = v, ce.hi = ~v),
		   context_present(&ce));
	EACH_INPUT("context_domain_id", (ce.lo = ~v, ce.hi = v),
		   context_domain_id(&ce));
	probe_qi();
}

static void probe_pasid_h(void)
{
	struct context_entry ce;
	struct pasid_dir_entry pde;
	struct pasid_entry pe;

	CONSTANT(PASID_PTE_PRESENT);
	CONSTANT(PDE_PFN_MASK);
	CONSTANT(PASID_PDE_SHIFT);
	CONSTANT(PASID_TBL_ENTRIES);
	CONSTANT(PASID_ENTRY_PGTT_FL_ONLY);
	CONSTANT(PASID_ENTRY_PGTT_SL_ONLY);
	CONSTANT(PASID_ENTRY_PGTT_NESTED);
	CONSTANT(PASID_ENTRY_PGTT_PT);

	printf("struct pasid_dir_entry: %zu bytes\n",
	       sizeof(struct pasid_dir_entry));
	LAYOUT(struct pasid_dir_entry, val);
	printf("struct pasid_entry: %zu bytes\n", sizeof(struct pasid_entry));
	LAYOUT(struct pasid_entry, val);

	EACH_INPUT("get_pasid_dir_size", (ce.lo = v, ce.hi = ~v),
		   get_pasid_dir_size(&ce));
	EACH_INPUT("pasid_pde_is_present", pde.val = v,
		   pasid_pde_is_present(&pde));
	EACH_INPUT("pasid_pte_is_present", fill(pe.val, NR_WORDS(pe.val), 0, v),
		   pasid_pte_is_present(&pe));
	EACH_INPUT("pasid_pte_get_pgtt", fill(pe.val, NR_WORDS(pe.val), 0, v),
		   pasid_pte_get_pgtt(&pe));
	EACH_INPUT("pasid_get_domain_id", fill(pe.val, NR_WORDS(pe.val), 1, v),
		   pasid_get_domain_id(&pe));
}

int main(void)
{
	make_inputs();
	probe_iommu_h();
	probe_pasid_h();
	return 0;
}
