// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sha256.c - SHA-256 as FIPS 180-4 defines it, freestanding, for the
 * digest of the kexec segments.  Byte-at-a-time buffering, one block
 * function; tests/unit/test_sha256.c checks it against the standard's
 * vectors and against sha256sum on random data.
 */
#include <kexec-vtd/sha256.h>

/* The first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (FIPS 180-4, 4.2.2).
 */
static const u32 k_[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline u32 ror_(u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline u32 ld_be32_(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void block_(u32 h[8], const u8 *p)
{
	u32 w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = ld_be32_(p + 4 * i);
	for (i = 16; i < 64; i++) {
		u32 s0 = ror_(w[i - 15], 7) ^ ror_(w[i - 15], 18) ^
			 (w[i - 15] >> 3);
		u32 s1 = ror_(w[i - 2], 17) ^ ror_(w[i - 2], 19) ^
			 (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3];
	e = h[4], f = h[5], g = h[6], hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ror_(e, 6) ^ ror_(e, 11) ^ ror_(e, 25)) +
		     ((e & f) ^ (~e & g)) + k_[i] + w[i];
		t2 = (ror_(a, 2) ^ ror_(a, 13) ^ ror_(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void vtd_sha256_init(struct vtd_sha256 *s)
{
	/* Fractional parts of the square roots of the first 8 primes. */
	static const u32 h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	int i;

	for (i = 0; i < 8; i++)
		s->h[i] = h0[i];
	s->len = 0;
	s->fill = 0;
}

void vtd_sha256_update(struct vtd_sha256 *s, const void *data, size_t len)
{
	const u8 *p = data;

	s->len += len;
	if (s->fill) {
		while (len && s->fill < VTD_SHA256_BLOCK_SIZE) {
			s->buf[s->fill++] = *p++;
			len--;
		}
		if (s->fill < VTD_SHA256_BLOCK_SIZE)
			return;
		block_(s->h, s->buf);
		s->fill = 0;
	}
	while (len >= VTD_SHA256_BLOCK_SIZE) {
		block_(s->h, p);
		p += VTD_SHA256_BLOCK_SIZE;
		len -= VTD_SHA256_BLOCK_SIZE;
	}
	while (len--)
		s->buf[s->fill++] = *p++;
}

void vtd_sha256_final(struct vtd_sha256 *s, u8 digest[VTD_SHA256_DIGEST_SIZE])
{
	u64 bits = s->len * 8;
	int i;

	/* Append 0x80, zeros to 56 mod 64, then the length in bits (BE). */
	s->buf[s->fill++] = 0x80;
	if (s->fill > VTD_SHA256_BLOCK_SIZE - 8) {
		while (s->fill < VTD_SHA256_BLOCK_SIZE)
			s->buf[s->fill++] = 0;
		block_(s->h, s->buf);
		s->fill = 0;
	}
	while (s->fill < VTD_SHA256_BLOCK_SIZE - 8)
		s->buf[s->fill++] = 0;
	for (i = 0; i < 8; i++)
		s->buf[VTD_SHA256_BLOCK_SIZE - 1 - i] = (u8)(bits >> (8 * i));
	block_(s->h, s->buf);
	for (i = 0; i < 32; i++)
		digest[i] = (u8)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}
