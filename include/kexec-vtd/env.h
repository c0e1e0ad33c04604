/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * env.h - the only file of lib/ that knows the host.
 *
 * lib/ runs in userspace, in purgatory (no libc) and in the Linux kernel.
 * Everything it needs from its surroundings comes from here: fixed-width
 * types, little-endian loads and stores that work at any alignment, and
 * memcpy/memset.  Under sparse (__CHECKER__) the little-endian types are
 * __bitwise so that a raw use of a wire field is a warning.
 */
#ifndef KEXEC_VTD_ENV_H
#define KEXEC_VTD_ENV_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/unaligned.h>
#define VTD_PACKED __packed
#define VTD_ALWAYS_INLINE __always_inline
/* The <stdint.h> spellings lib/ uses, in the kernel's terms. */
#define UINT32_C(c) c##U
#define UINT64_C(c) c##ULL
#define UINT32_MAX U32_MAX
#define UINT64_MAX U64_MAX
#else
#include <kexec-vtd/env-host.h>
#endif

#ifdef __CHECKER__
#define VTD_BITWISE __attribute__((bitwise))
#else
#define VTD_BITWISE
#endif

typedef u16 VTD_BITWISE vtd_le16;
typedef u32 VTD_BITWISE vtd_le32;
typedef u64 VTD_BITWISE vtd_le64;
typedef u64 VTD_BITWISE vtd_be64;

/*
 * GCC and clang inline these or call the symbol; purgatory and the kernel
 * provide memcpy and memset, so nothing here pulls in libc.
 */
#define vtd_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define vtd_memset(d, c, n) __builtin_memset((d), (c), (n))
#define vtd_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

#ifdef __KERNEL__
/* The kernel's own unaligned little-endian accessors. */
static inline u16 vtd_ld_le16(const void *p)
{
	return get_unaligned_le16(p);
}

static inline u32 vtd_ld_le32(const void *p)
{
	return get_unaligned_le32(p);
}

static inline u64 vtd_ld_le64(const void *p)
{
	return get_unaligned_le64(p);
}

static inline void vtd_st_le16(void *p, u16 v)
{
	put_unaligned_le16(v, p);
}

static inline void vtd_st_le32(void *p, u32 v)
{
	put_unaligned_le32(v, p);
}

static inline void vtd_st_le64(void *p, u64 v)
{
	put_unaligned_le64(v, p);
}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * Little-endian hosts: a fixed-size __builtin_memcpy is one unaligned
 * load or store, and it stays inline even under -fno-builtin.
 */
#define VTD_DEFINE_LE_ACCESS(bits)                             \
	static inline u##bits vtd_ld_le##bits(const void *p)   \
	{                                                      \
		u##bits v;                                     \
		__builtin_memcpy(&v, p, sizeof(v));            \
		return v;                                      \
	}                                                      \
	static inline void vtd_st_le##bits(void *p, u##bits v) \
	{                                                      \
		__builtin_memcpy(p, &v, sizeof(v));            \
	}
VTD_DEFINE_LE_ACCESS(16)
VTD_DEFINE_LE_ACCESS(32)
VTD_DEFINE_LE_ACCESS(64)
#undef VTD_DEFINE_LE_ACCESS
#else
static inline u16 vtd_ld_le16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] | b[1] << 8);
}

static inline u32 vtd_ld_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static inline u64 vtd_ld_le64(const void *p)
{
	const u8 *b = p;

	return (u64)vtd_ld_le32(b) | (u64)vtd_ld_le32(b + 4) << 32;
}

static inline void vtd_st_le16(void *p, u16 v)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
}

static inline void vtd_st_le32(void *p, u32 v)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
	b[2] = (u8)(v >> 16);
	b[3] = (u8)(v >> 24);
}

static inline void vtd_st_le64(void *p, u64 v)
{
	u8 *b = p;

	vtd_st_le32(b, (u32)v);
	vtd_st_le32(b + 4, (u32)(v >> 32));
}

#endif /* little-endian host */

/* Load or store a little-endian field of @size bytes (1, 2, 4 or 8). */
static inline u64 vtd_ld_le(const void *p, size_t size)
{
	switch (size) {
	case 1:
		return *(const u8 *)p;
	case 2:
		return vtd_ld_le16(p);
	case 4:
		return vtd_ld_le32(p);
	default:
		return vtd_ld_le64(p);
	}
}

static inline void vtd_st_le(void *p, size_t size, u64 v)
{
	/* Masks, not casts: sparse reads a cast of a constant as a loss. */
	switch (size) {
	case 1:
		*(u8 *)p = v & 0xff;
		break;
	case 2:
		vtd_st_le16(p, v & 0xffff);
		break;
	case 4:
		vtd_st_le32(p, v & 0xffffffff);
		break;
	default:
		vtd_st_le64(p, v);
		break;
	}
}

/*
 * Big-endian loads, for the few formats that store their integers so
 * (makedumpfile's flattened stream).  Byte by byte: any host, any
 * alignment.
 */
static inline u32 vtd_ld_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | (u32)b[3];
}

static inline u64 vtd_ld_be64(const void *p)
{
	const u8 *b = p;

	return (u64)vtd_ld_be32(b) << 32 | vtd_ld_be32(b + 4);
}

/*
 * Wire structures are described by C structs (for offsets, sizes and the
 * static asserts) but never dereferenced: untrusted bytes may sit at any
 * alignment.  These read and write the field at @ptr, a member of such a
 * struct (&((const struct x *)base)->field), its width from its type;
 * every wire struct is VTD_PACKED (alignment 1), so a member's address
 * may be taken at any base.
 */
#define vtd_ld_field(ptr) vtd_ld_le((ptr), sizeof((ptr)[0]))
#define vtd_st_field(ptr, v) vtd_st_le((ptr), sizeof((ptr)[0]), (u64)(v))

/*
 * @n little-endian 64-bit words at @p (any alignment) into @out: one
 * copy where the host is little-endian (the kernel's x86, every host
 * here), a load per word elsewhere.
 */
static inline void vtd_ld_le64_words(u64 *out, const void *p, size_t n)
{
#if (defined(__KERNEL__) && defined(__LITTLE_ENDIAN)) ||      \
	(!defined(__KERNEL__) && defined(__BYTE_ORDER__) && \
	 __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
	vtd_memcpy(out, p, n * sizeof(u64));
#else
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = vtd_ld_le64((const u8 *)p + i * sizeof(u64));
#endif
}

/* @x rounded up to a multiple of @align (not 0). */
static inline u64 vtd_align_up(u64 x, u64 align)
{
	return (x + align - 1) / align * align;
}

#define VTD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* KEXEC_VTD_ENV_H */
