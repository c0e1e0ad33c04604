// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vtd.c - the crash extension's side that knows crash (built against its
 * defs.h): the "vtd" command's registration and help, the dump's
 * physical memory through readmem(), and, for a dump without the
 * KEXEC-VTD note, the units as the crashed kernel's DMAR structures
 * describe them.  The answers themselves are vtd-run.c's.
 *
 *   crash> extend vtd.so
 *   crash> vtd [-d [BDF] | -t BDF IOVA | -r PADDR | -i]
 */
#include "defs.h"

#include "vtd-crash.h"

static void cmd_vtd(void);

static char *help_vtd[] = {
	"vtd",
	"the Intel VT-d IOMMU at the crash: units, devices, translations",
	"[-d [BDF] | -t BDF IOVA | -r PADDR | -i]",
	"  The remapping units and their tables as they were when the kernel",
	"  crashed, from the KEXEC-VTD note kexec-vtd's handover put in the",
	"  dump, or from the kernel's own DMAR structures when it has none.",
	"  Page tables are read from the dump's memory.",
	"",
	"  (no option)  each unit: registers, modes, the faults pending",
	"  -d [BDF]     each device (or BDF): root, context and PASID entries",
	"               in the columns of Linux's dmar_translation_struct",
	"               debugfs file, then its domain, translation, and what",
	"               the dump's memory holds there now: the same entry,",
	"               or one the crash kernel wrote",
	"  -t BDF IOVA  translate IOVA for BDF level by level",
	"  -r PADDR     every device and IOVA that maps PADDR",
	"  -i           the interrupt remapping table entries, in the columns",
	"               of the ir_translation_struct debugfs file",
	"",
	"  A page the dump lacks (makedumpfile -d 31, a truncated file), an",
	"  entry the format forbids, a loop or a pointer past memory is named",
	"  in one line and the rest is still printed.",
	"\nEXAMPLE",
	"    crash> vtd -t 00:02.0 0xfffff000",
	"    crash> vtd -r 0x1234000",
	NULL
};

static struct command_table_entry command_table[] = {
	{ "vtd", cmd_vtd, help_vtd, 0 },
	{ NULL },
};

void __attribute__((constructor)) vtd_init(void)
{
	register_extension(command_table);
}

void __attribute__((destructor)) vtd_fini(void)
{
}

static void cmd_vtd(void)
{
	/* crash reads a dump file, or live memory (no note there). */
	const char *dumpfile = pc->dumpfile;

	if (vtd_crash_run(argcnt, args, fp, dumpfile) == 2)
		cmd_usage(pc->curcmd, SYNOPSIS);
}

int vtd_crash_read_phys(uint64_t pa, void *buf, size_t len)
{
	return readmem(pa, PHYSADDR, buf, (long)len, "vtd table",
		       RETURN_ON_ERROR | QUIET) ? 0 : -1;
}

/* --- the kernel's structures (drivers/iommu/intel, include/linux/dmar.h) --- */

static bool read_kv(ulong addr, void *buf, long len)
{
	return readmem(addr, KVADDR, buf, len, "vtd kernel structure",
		       RETURN_ON_ERROR | QUIET);
}

/* A global int by name, or @def when the kernel has none. */
static int kernel_int(char *name, int def)
{
	int v;

	if (!symbol_exists(name) || !read_kv(symbol_value(name), &v, sizeof(v)))
		return def;
	return v;
}

#define IRT_SIZE_FIELD 0xfull	/* IRTA.S: 2^16 entries, as Linux sets it */
#define IRTA_EIME (1ull << 11)
#define ECAP_SMTS (1ull << 43)

int vtd_crash_kernel_units(struct vtd_crash_unit *u, int max, FILE *out)
{
	long o_list = MEMBER_OFFSET("dmar_drhd_unit", "list");
	long o_base = MEMBER_OFFSET("dmar_drhd_unit", "reg_base_addr");
	long o_seg = MEMBER_OFFSET("dmar_drhd_unit", "segment");
	long o_iommu = MEMBER_OFFSET("dmar_drhd_unit", "iommu");
	long o_cap = MEMBER_OFFSET("intel_iommu", "cap");
	long o_ecap = MEMBER_OFFSET("intel_iommu", "ecap");
	long o_gcmd = MEMBER_OFFSET("intel_iommu", "gcmd");
	long o_root = MEMBER_OFFSET("intel_iommu", "root_entry");
	long o_irt = MEMBER_OFFSET("intel_iommu", "ir_table");
	long o_irt_base = MEMBER_OFFSET("ir_table", "base");
	int sm = kernel_int("intel_iommu_sm", 0);
	int eim = kernel_int("eim_mode", 0);
	ulong head, next, drhd, iommu, vaddr;
	physaddr_t pa;
	int n = 0;

	if (!symbol_exists("dmar_drhd_units") || o_list < 0 || o_base < 0 ||
	    o_iommu < 0 || o_cap < 0 || o_ecap < 0 || o_root < 0) {
		fprintf(out, "vtd: no KEXEC-VTD note, and the kernel's DMAR "
			     "structures are not known to crash (no "
			     "dmar_drhd_units, or no debug information for "
			     "struct dmar_drhd_unit and intel_iommu)\n");
		return -1;
	}
	head = symbol_value("dmar_drhd_units");
	if (!read_kv(head, &next, sizeof(next))) {
		fprintf(out, "vtd: dmar_drhd_units at 0x%lx: not in the dump\n",
			head);
		return -1;
	}
	while (next != head && n < max) {
		struct vtd_crash_unit *v = &u[n];
		uint32_t gcmd = 0;
		uint16_t seg = 0;

		drhd = next - o_list;
		memset(v, 0, sizeof(*v));
		if (!read_kv(drhd + o_base, &v->reg_base, sizeof(v->reg_base)) ||
		    !read_kv(drhd + o_iommu, &iommu, sizeof(iommu))) {
			fprintf(out, "vtd: DMAR unit at 0x%lx: not in the "
				     "dump; the list ends here\n", drhd);
			break;
		}
		if (o_seg >= 0 && read_kv(drhd + o_seg, &seg, sizeof(seg)))
			v->segment = seg;
		if (iommu) {
			read_kv(iommu + o_cap, &v->cap, sizeof(v->cap));
			read_kv(iommu + o_ecap, &v->ecap, sizeof(v->ecap));
			if (o_gcmd >= 0 &&
			    read_kv(iommu + o_gcmd, &gcmd, sizeof(gcmd))) {
				v->translating = gcmd & (1u << 31);
				v->remapping = gcmd & (1u << 25);
			}
			if (read_kv(iommu + o_root, &vaddr, sizeof(vaddr)) &&
			    vaddr && kvtop(NULL, vaddr, &pa, 0))
				v->root_pa = pa;
			if (o_irt >= 0 && o_irt_base >= 0 &&
			    read_kv(iommu + o_irt, &vaddr, sizeof(vaddr)) &&
			    vaddr &&
			    read_kv(vaddr + o_irt_base, &vaddr, sizeof(vaddr)) &&
			    vaddr && kvtop(NULL, vaddr, &pa, 0))
				v->irta = pa | IRT_SIZE_FIELD |
					  (eim ? IRTA_EIME : 0);
			v->scalable = sm && (v->ecap & ECAP_SMTS);
		}
		n++;
		if (!read_kv(next, &next, sizeof(next)))
			break;
	}
	return n;
}
