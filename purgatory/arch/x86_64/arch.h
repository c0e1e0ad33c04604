/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arch.h - the few x86_64 instructions purgatory needs, as inline
 * functions, so the C code stays portable to host tests.
 */
#ifndef VTD_PURGATORY_ARCH_H
#define VTD_PURGATORY_ARCH_H

#include <kexec-vtd/env.h>

static inline uint64_t arch_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t arch_read_cr3(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void arch_write_cr3(uint64_t v)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t arch_read_cr4(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void arch_invlpg(uint64_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"((uintptr_t)va) : "memory");
}

static inline void arch_outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t arch_inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void arch_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static inline uint32_t arch_mmio_read32(uint64_t addr)
{
	return *(volatile const uint32_t *)(uintptr_t)addr;
}

static inline uint64_t arch_mmio_read64(uint64_t addr)
{
	return *(volatile const uint64_t *)(uintptr_t)addr;
}

#endif /* VTD_PURGATORY_ARCH_H */
