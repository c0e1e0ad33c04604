// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_crc32.c - lib/crc32.c against zlib's crc32(), the oracle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <zlib.h>

#include <kexec-vtd/crc32.h>

#include "rng.h"

/*
 * Table 0 is each byte's remainder, computed bit by bit from the
 * polynomial; table k is that of the byte followed by k zero bytes, i.e.
 * eight more steps of the same division per table.
 */
static void test_crc32_table_matches_polynomial(void **state)
{
	uint32_t i, bit, k, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++) {
			for (bit = 0; bit < 8; bit++)
				c = (c & 1) ? (c >> 1) ^
						      VTD_CRC32_POLY_REFLECTED
					    : c >> 1;
			assert_int_equal(vtd_crc32_table[k][i], c);
		}
	}
}

static void test_crc32_known_vectors(void **state)
{
	/* The standard check value of CRC-32/ISO-HDLC. */
	assert_int_equal(vtd_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(vtd_crc32(0, "", 0), 0);
	assert_int_equal(vtd_crc32(0, "a", 1), 0xe8b7be43u);
}

static void test_crc32_equals_zlib_on_random_buffers(void **state)
{
	static uint8_t buf[8192];
	struct sim_rng r;
	int round;

	sim_rng_init(&r, sim_rng_seed_from_env(0xc4c32));
	for (round = 0; round < 300; round++) {
		size_t len = sim_rng_below(&r, sizeof(buf) + 1);
		size_t split = sim_rng_below(&r, len + 1);
		uint32_t ours;
		size_t i;

		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)sim_rng_next(&r);
		/* Whole, and in two pieces chained through the running crc. */
		assert_int_equal(vtd_crc32(0, buf, len),
				 (uint32_t)crc32(0, buf, (uInt)len));
		ours = vtd_crc32(vtd_crc32(0, buf, split), buf + split,
				 len - split);
		assert_int_equal(ours, (uint32_t)crc32(0, buf, (uInt)len));
	}
}

/*
 * Long buffers go in three lanes joined at the end.  Every length up to
 * 9 KiB (past the one where the lanes start, and every remainder of the
 * lanes' 24-byte rounds), at each misalignment, from a running crc that
 * is not zero; then lengths as long as the largest note.
 */
static void test_crc32_lanes_equal_zlib(void **state)
{
	static uint8_t buf[(2u << 20) + 64];
	static const size_t big[] = { 65536, 166480, 200003, 1u << 20,
				      (2u << 20) + 7 };
	struct sim_rng r;
	uint32_t seed;
	size_t len, i;

	sim_rng_init(&r, sim_rng_seed_from_env(0x1a9e5));
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)sim_rng_next(&r);
	seed = (uint32_t)crc32(0, buf, 13);
	for (len = 0; len <= 9216; len++) {
		const uint8_t *p = buf + len % 8;

		assert_int_equal(vtd_crc32(seed, p, len),
				 (uint32_t)crc32(seed, p, (uInt)len));
	}
	for (i = 0; i < VTD_ARRAY_SIZE(big); i++)
		assert_int_equal(vtd_crc32(seed, buf + i, big[i]),
				 (uint32_t)crc32(seed, buf + i, (uInt)big[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_table_matches_polynomial),
		cmocka_unit_test(test_crc32_known_vectors),
		cmocka_unit_test(test_crc32_equals_zlib_on_random_buffers),
		cmocka_unit_test(test_crc32_lanes_equal_zlib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
