// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_dmar.c - libFuzzer target for the DMAR parser: any bytes, and the
 * parser must either refuse them or decode them without reading outside
 * the input (ASan checks the reads, UBSan the arithmetic).
 */
#include <stddef.h>
#include <stdint.h>

#include <kexec-vtd/dmar.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtd_dmar_struct s;
	struct vtd_dmar_scope sc;
	struct vtd_dmar d;
	unsigned int sum = 0;
	int off, so;

	if (vtd_dmar_init(&d, data, size, NULL) < 0)
		return 0;
	sum += vtd_dmar_checksum_ok(&d) + vtd_dmar_host_address_width(&d);
	vtd_dmar_for_each_struct(&d, off) {
		if (vtd_dmar_get_struct(&d, off, &s) < 0)
			__builtin_trap();
		for (size_t i = 0; i < s.name_len; i++)
			sum += s.name[i];
		vtd_dmar_for_each_scope(&d, off, so) {
			if (vtd_dmar_get_scope(&d, so, &sc) < 0)
				__builtin_trap();
			for (unsigned int i = 0; i < 2 * sc.nr_hops; i++)
				sum += sc.path[i];
		}
	}
	return sum == 0xffffffffu;
}
