// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_digest.c - purgatory's segment check, built for the host: the
 * digest the loader would compute passes, any changed byte in any region
 * fails, and a zero length ends the region list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <kexec-vtd/err.h>
#include <kexec-vtd/sha256.h>

#include "digest.h"

static uint8_t seg_a[5000], seg_b[300];

static void loader_digest(const struct vtd_purgatory_range *r, int n,
			  uint8_t *d)
{
	struct vtd_sha256 s;
	int i;

	vtd_sha256_init(&s);
	for (i = 0; i < n; i++)
		vtd_sha256_update(&s, (const void *)(uintptr_t)r[i].start,
				  r[i].len);
	vtd_sha256_final(&s, d);
}

static void test_digest_accepts_good_rejects_changed(void **state)
{
	struct vtd_purgatory_range r[VTD_PURGATORY_MAX_REGIONS] = {
		{ (uintptr_t)seg_a, sizeof(seg_a) },
		{ (uintptr_t)seg_b, sizeof(seg_b) },
	};
	uint8_t want[32];
	size_t i;

	for (i = 0; i < sizeof(seg_a); i++)
		seg_a[i] = (uint8_t)(i * 7);
	memset(seg_b, 0x5c, sizeof(seg_b));
	loader_digest(r, 2, want);
	assert_int_equal(digest_verify(r, VTD_PURGATORY_MAX_REGIONS, want), 0);
	for (i = 0; i < sizeof(seg_a); i += 499) {
		seg_a[i] ^= 1;
		assert_int_equal(
			digest_verify(r, VTD_PURGATORY_MAX_REGIONS, want),
			-VTD_ERR_BADCSUM);
		seg_a[i] ^= 1;
	}
	seg_b[sizeof(seg_b) - 1] ^= 0x80;
	assert_int_equal(digest_verify(r, VTD_PURGATORY_MAX_REGIONS, want),
			 -VTD_ERR_BADCSUM);
	seg_b[sizeof(seg_b) - 1] ^= 0x80;
	/* Regions after a zero length are not hashed. */
	r[3] = (struct vtd_purgatory_range){ (uintptr_t)seg_b, 10 };
	assert_int_equal(digest_verify(r, VTD_PURGATORY_MAX_REGIONS, want), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_accepts_good_rejects_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
