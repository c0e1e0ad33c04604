// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault.c - the model's faults as log lines.  The line shape is the one
 * Linux prints ("DMAR: [DMA Read] Request device [bb:dd.f] fault addr ...
 * [fault reason NN] text", "INTR-REMAP: ... [fault reason NN] text"), so a
 * test can hold the model's lines against a real kernel's log.  The
 * reason texts are the model's own wording of the VT-d specification's
 * fault-reason table (section 7.2.1 and appendix A); the two a test
 * compares with a real log word for word (reasons 1 and 34, the two
 * faults the handover exists to prevent) read as Linux prints them.
 */
#include <stdio.h>

#include "sim-internal.h"

const char *sim_fault_reason_str(uint8_t reason)
{
	static const char *const dma[] = {
		[0] = "Reserved reason",
		[VTD_FR_ROOT_ENTRY_P] = "Present bit in root entry is clear",
		[VTD_FR_CTX_ENTRY_P] = "No context entry for this requester",
		[VTD_FR_CTX_ENTRY_INV] = "Context entry holds an invalid value",
		[VTD_FR_ADDR_BEYOND_MGAW] =
			"Address above the guest address width",
		[VTD_FR_WRITE] = "Write to a page mapped without write access",
		[VTD_FR_READ] = "Read of a page mapped without read access",
		[VTD_FR_PAGING_ENTRY_INV] =
			"Paging entry points outside memory",
		[VTD_FR_ROOT_TABLE_INV] = "Root table pointer is unusable",
		[VTD_FR_CTX_TABLE_INV] = "Context table pointer is unusable",
		[VTD_FR_ROOT_ENTRY_RSVD] = "Root entry has reserved bits set",
		[VTD_FR_CTX_ENTRY_RSVD] = "Context entry has reserved bits set",
		[VTD_FR_PAGING_ENTRY_RSVD] =
			"Paging entry has reserved bits set",
		[VTD_FR_CTX_ENTRY_TT] =
			"Translation type forbids this translated request",
	};
	static const char *const irq[] = {
		"Interrupt request has reserved fields set",
		"Interrupt index past the end of the remapping table",
		"Present field in the IRTE entry is clear",
		"Interrupt remapping table could not be read",
		"Interrupt remapping entry has reserved fields set",
		"Compatibility-format interrupt blocked",
		"Source-id check of the interrupt entry failed",
	};

	/*
	 * Scalable mode: every condition of the table, in the model's own
	 * words, whether or not the model produces it.
	 */
	static const char *const sm[] = {
		[0x30 - 0x30] = "Scalable mode: root table pointer or mode "
				"unusable",
		[0x31 - 0x30] = "Scalable mode: request with PASID in legacy "
				"mode",
		[0x32 - 0x30] = "Scalable mode: page request in legacy mode",
		[0x38 - 0x30] = "Scalable mode: root entry could not be read",
		[0x39 - 0x30] = "Scalable mode: root entry half for this "
				"devfn not present",
		[0x3a - 0x30] = "Scalable mode: root entry has reserved bits "
				"set",
		[0x40 - 0x30] = "Scalable mode: context entry could not be "
				"read",
		[0x41 - 0x30] = "Scalable mode: no context entry for this "
				"requester",
		[0x42 - 0x30] = "Scalable mode: context entry has reserved "
				"bits set",
		[0x43 - 0x30] = "Scalable mode: context entry holds an invalid "
				"value",
		[0x44 - 0x30] = "Scalable mode: device-TLB use not enabled "
				"(DTE clear)",
		[0x45 - 0x30] = "Scalable mode: requests with PASID not "
				"enabled (PASIDE clear)",
		[0x46 - 0x30] = "Scalable mode: PASID beyond the PASID "
				"directory",
		[0x47 - 0x30] = "Scalable mode: page requests not enabled "
				"(PRE clear)",
		[0x48 - 0x30] = "Scalable mode: RID_PASID of the context entry "
				"unusable",
		[0x50 - 0x30] = "Scalable mode: PASID directory entry could "
				"not be read",
		[0x51 - 0x30] = "Scalable mode: PASID directory entry not "
				"present",
		[0x52 - 0x30] = "Scalable mode: PASID directory entry has "
				"reserved bits set",
		[0x58 - 0x30] = "Scalable mode: PASID table entry could not "
				"be read",
		[0x59 - 0x30] = "Scalable mode: PASID table entry not present",
		[0x5a - 0x30] = "Scalable mode: PASID table entry has reserved "
				"bits set",
		[0x5b - 0x30] = "Scalable mode: PASID table entry programmed "
				"with an invalid value",
		[0x5c - 0x30] = "Scalable mode: execute request, execute not "
				"enabled in the PASID entry",
		[0x5d - 0x30] = "Scalable mode: supervisor request, SRE clear "
				"in the PASID entry",
		[0x70 - 0x30] = "Scalable mode: first-stage entry could not "
				"be read",
		[0x71 - 0x30] = "Scalable mode: first-stage entry not present",
		[0x72 - 0x30] = "Scalable mode: first-stage entry has "
				"reserved bits set",
		[0x73 - 0x30] = "Scalable mode: nested: top first-stage entry "
				"could not be read",
		[0x74 - 0x30] = "Scalable mode: nested: first-stage table "
				"beyond the second stage's width",
		[0x75 - 0x30] = "Scalable mode: nested: top first-stage table "
				"not readable through the second stage",
		[0x76 - 0x30] = "Scalable mode: nested: first-stage table not "
				"readable through the second stage",
		[0x77 - 0x30] = "Scalable mode: nested: first-stage A/D "
				"update not writable through the second stage",
		[0x78 - 0x30] = "Scalable mode: second-stage entry could not "
				"be read",
		[0x79 - 0x30] = "Scalable mode: second-stage entry not "
				"present (R and W clear)",
		[0x7a - 0x30] = "Scalable mode: second-stage entry has "
				"reserved bits set",
		[0x7b - 0x30] = "Scalable mode: second-stage table pointer "
				"unusable",
		[0x7c - 0x30] = "Scalable mode: second-stage A/D update on a "
				"no-snoop walk",
		[0x80 - 0x30] = "Scalable mode: first-stage input address not "
				"canonical",
		[0x81 - 0x30] = "Scalable mode: user request to a supervisor "
				"page (U/S clear)",
		[0x82 - 0x30] = "Scalable mode: execute request to a page "
				"without execute rights",
		[0x83 - 0x30] = "Scalable mode: address above the address "
				"width",
		[0x84 - 0x30] = "Scalable mode: second-stage output address "
				"above the host width",
		[0x85 - 0x30] = "Scalable mode: write to a page mapped without "
				"write access",
		[0x86 - 0x30] = "Scalable mode: read of a page mapped without "
				"read access",
		[0x87 - 0x30] = "Scalable mode: translation lands in the "
				"interrupt address range",
		[0x90 - 0x30] = "Scalable mode: first-stage A/D update on a "
				"no-snoop walk",
	};

	if (reason < VTD_ARRAY_SIZE(dma))
		return dma[reason];
	if (vtd_fault_is_irq(reason) &&
	    reason - VTD_FR_IR_REQ_RSVD < (int)VTD_ARRAY_SIZE(irq))
		return irq[reason - VTD_FR_IR_REQ_RSVD];
	if (reason >= VTD_FR_SM_RTADDR_INV &&
	    reason - VTD_FR_SM_RTADDR_INV < (int)VTD_ARRAY_SIZE(sm) &&
	    sm[reason - VTD_FR_SM_RTADDR_INV])
		return sm[reason - VTD_FR_SM_RTADDR_INV];
	return "Reason not in the specification's table";
}

char *sim_fault_str(const struct sim_event *ev, char *buf, size_t len)
{
	unsigned int bus = vtd_sid_bus(ev->sid);
	unsigned int dev = VTD_DEVFN_DEV(vtd_sid_devfn(ev->sid));
	unsigned int fn = VTD_DEVFN_FN(vtd_sid_devfn(ev->sid));

	if (vtd_fault_is_irq(ev->reason))
		snprintf(buf, len,
			 "INTR-REMAP: Request device [%02x:%02x.%u] fault "
			 "index %llx [fault reason %02u] %s",
			 bus, dev, fn, (unsigned long long)ev->addr, ev->reason,
			 sim_fault_reason_str(ev->reason));
	else
		snprintf(buf, len,
			 "DMAR: [%s] Request device [%02x:%02x.%u] fault addr "
			 "%llx [fault reason %02u] %s",
			 ev->write ? "DMA Write" : "DMA Read", bus, dev, fn,
			 (unsigned long long)(ev->addr & VTD_FRCD_LO_FI),
			 ev->reason, sim_fault_reason_str(ev->reason));
	return buf;
}

int sim_fault_regs_format(struct sim *sim, int unit,
			  void (*out)(void *ctx, const char *line), void *ctx)
{
	struct sim_unit *u = &sim->unit[unit];
	unsigned int i, nfr = vtd_cap_num_fault_regs(u->cfg.cap);
	uint64_t fro = u->cfg.reg_base + vtd_cap_fault_reg_offset(u->cfg.cap);
	char line[256];
	int n = 0;

	for (i = 0; i < nfr; i++) {
		uint64_t lo = sim_mmio_read64(sim, fro + i * VTD_FRCD_SIZE);
		uint64_t hi = sim_mmio_read64(sim, fro + i * VTD_FRCD_SIZE + 8);
		struct sim_event ev = {
			.unit = unit,
			.reason = (uint8_t)VTD_FIELD_GET(VTD_FRCD_HI_FR, hi),
			.sid = (uint16_t)VTD_FIELD_GET(VTD_FRCD_HI_SID, hi),
			.write = !(hi & VTD_FRCD_HI_T1),
		};

		if (!(hi & VTD_FRCD_HI_F))
			continue;
		ev.addr = vtd_fault_is_irq(ev.reason)
				  ? VTD_FIELD_GET(VTD_FRCD_LO_IR_INDEX, lo)
				  : lo;
		out(ctx, sim_fault_str(&ev, line, sizeof(line)));
		n++;
	}
	return n;
}
