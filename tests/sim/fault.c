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

	if (reason < VTD_ARRAY_SIZE(dma))
		return dma[reason];
	if (reason >= VTD_FR_IR_REQ_RSVD &&
	    reason - VTD_FR_IR_REQ_RSVD < (int)VTD_ARRAY_SIZE(irq))
		return irq[reason - VTD_FR_IR_REQ_RSVD];
	return "Reason not in the specification's table";
}

char *sim_fault_str(const struct sim_event *ev, char *buf, size_t len)
{
	unsigned int bus = ev->sid >> 8;
	unsigned int dev = VTD_DEVFN_DEV(ev->sid & 0xff);
	unsigned int fn = VTD_DEVFN_FN(ev->sid & 0xff);

	if (ev->reason >= VTD_FR_IR_REQ_RSVD)
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
		ev.addr = ev.reason >= VTD_FR_IR_REQ_RSVD
				  ? VTD_FIELD_GET(VTD_FRCD_LO_IR_INDEX, lo)
				  : lo;
		out(ctx, sim_fault_str(&ev, line, sizeof(line)));
		n++;
	}
	return n;
}
