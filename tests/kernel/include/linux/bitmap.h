/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/bitmap.h>: the bitmap calls the adoption core and the
 * kernel's taker make.
 */
#ifndef TWIN_LINUX_BITMAP_H
#define TWIN_LINUX_BITMAP_H

#include <linux/bits.h>
#include <linux/types.h>

#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

/* Bits set among the first @nbits. */
static inline unsigned int bitmap_weight(const unsigned long *src,
					 unsigned int nbits)
{
	unsigned int i, w = 0;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		w += (unsigned int)__builtin_popcountl(src[i]);
	for (i = nbits / BITS_PER_LONG * BITS_PER_LONG; i < nbits; i++)
		w += test_bit(i, src);
	return w;
}

#endif
