/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arch.h (host) - purgatory's instructions as calls into a test's machine,
 * so purgatory.c itself runs in a host test: control registers, port I/O
 * for the console, MMIO that faults unless the current page tables map
 * the register page uncached, and a halt the test can catch.  The test
 * program defines every function below.
 */
#ifndef VTD_PURGATORY_ARCH_H
#define VTD_PURGATORY_ARCH_H

#include <kexec-vtd/env.h>

uint64_t arch_rdtsc(void);
uint64_t arch_read_cr3(void);
void arch_write_cr3(uint64_t v);
uint64_t arch_read_cr4(void);
void arch_invlpg(uint64_t va);
void arch_outb(uint16_t port, uint8_t v);
uint8_t arch_inb(uint16_t port);
_Noreturn void arch_halt_forever(void);
uint32_t arch_mmio_read32(uint64_t addr);
uint64_t arch_mmio_read64(uint64_t addr);

#endif /* VTD_PURGATORY_ARCH_H */
