/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/bitfield.h>: FIELD_GET and FIELD_PREP for a constant,
 * non-zero mask.
 */
#ifndef TWIN_LINUX_BITFIELD_H
#define TWIN_LINUX_BITFIELD_H

#define FIELD_GET(mask, reg)                                              \
	({                                                                \
		_Static_assert((mask) != 0, "FIELD_GET: empty mask");     \
		(__typeof__(mask))(((reg) & (mask)) >>                    \
				   __builtin_ctzll(mask));                \
	})

#define FIELD_PREP(mask, val)                                             \
	({                                                                \
		_Static_assert((mask) != 0, "FIELD_PREP: empty mask");    \
		(__typeof__(mask))(((__typeof__(mask))(val)                \
				    << __builtin_ctzll(mask)) & (mask));  \
	})

#endif
