// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault.c - faults in the words Linux uses in its log, so a test can
 * compare the model's output with a real kernel's line for line.
 */
#include <stdio.h>

#include "sim-internal.h"

const char *sim_fault_reason_str(uint8_t reason)
{
	static const char *const dma[] = {
		[0] = "Software",
		[VTD_FR_ROOT_ENTRY_P] = "Present bit in root entry is clear",
		[VTD_FR_CTX_ENTRY_P] = "Present bit in context entry is clear",
		[VTD_FR_CTX_ENTRY_INV] = "Invalid context entry",
		[VTD_FR_ADDR_BEYOND_MGAW] = "Access beyond MGAW",
		[VTD_FR_WRITE] = "PTE Write access is not set",
		[VTD_FR_READ] = "PTE Read access is not set",
		[VTD_FR_PAGING_ENTRY_INV] = "Next page table ptr is invalid",
		[VTD_FR_ROOT_TABLE_INV] = "Root table address invalid",
		[VTD_FR_CTX_TABLE_INV] = "Context table ptr is invalid",
		[VTD_FR_ROOT_ENTRY_RSVD] = "non-zero reserved fields in RTP",
		[VTD_FR_CTX_ENTRY_RSVD] = "non-zero reserved fields in CTP",
		[VTD_FR_PAGING_ENTRY_RSVD] = "non-zero reserved fields in PTE",
		[VTD_FR_CTX_ENTRY_TT] =
			"PCE for translation request specifies blocking",
	};
	static const char *const irq[] = {
		"Detected reserved fields in the decoded interrupt-remapped request",
		"Interrupt index exceeded the interrupt-remapping table size",
		"Present field in the IRTE entry is clear",
		"Error accessing interrupt-remapping table pointed by IRTA_REG",
		"Detected reserved fields in the IRTE entry",
		"Blocked a compatibility format interrupt request",
		"Blocked an interrupt request due to source-id verification failure",
	};

	if (reason < VTD_ARRAY_SIZE(dma))
		return dma[reason];
	if (reason >= VTD_FR_IR_REQ_RSVD &&
	    reason - VTD_FR_IR_REQ_RSVD < (int)VTD_ARRAY_SIZE(irq))
		return irq[reason - VTD_FR_IR_REQ_RSVD];
	return "Unknown";
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
