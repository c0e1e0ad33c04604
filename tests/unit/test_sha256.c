// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_sha256.c - lib/sha256.c against FIPS 180-4's example vectors and
 * against coreutils' sha256sum (the oracle) on seeded random data split
 * at random points.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kexec-vtd/sha256.h>

#include "rng.h"

static void hex(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < VTD_SHA256_DIGEST_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void digest_hex(const void *data, size_t len, char *out)
{
	struct vtd_sha256 s;
	uint8_t d[VTD_SHA256_DIGEST_SIZE];

	vtd_sha256_init(&s);
	vtd_sha256_update(&s, data, len);
	vtd_sha256_final(&s, d);
	hex(d, out);
}

static void test_sha256_standard_vectors(void **state)
{
	char out[65];
	struct vtd_sha256 s;
	uint8_t d[32];
	static char million[1000000];

	digest_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	digest_hex("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	digest_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		   56, out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039"
				 "a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	/* In pieces of 7: the buffering across blocks must not matter. */
	vtd_sha256_init(&s);
	for (size_t i = 0; i < sizeof(million); i += 7)
		vtd_sha256_update(&s, million + i,
				  sizeof(million) - i < 7 ? sizeof(million) - i
							  : 7);
	vtd_sha256_final(&s, d);
	hex(d, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67"
				 "f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_equals_sha256sum(void **state)
{
	static uint8_t buf[20000];
	char path[] = "/tmp/vtd-sha256-XXXXXX", cmd[64], want[65], out[65];
	struct sim_rng r;
	int round;

	sim_rng_init(&r, sim_rng_seed_from_env(0x5a256));
	for (round = 0; round < 12; round++) {
		size_t len = sim_rng_below(&r, sizeof(buf));
		size_t cut = sim_rng_below(&r, len + 1);
		struct vtd_sha256 s;
		uint8_t d[32];
		FILE *f;
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)sim_rng_next(&r);
		assert_int_equal(write(fd, buf, len), (ssize_t)len);
		close(fd);
		snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
		f = popen(cmd, "r");
		assert_non_null(f);
		assert_int_equal(fscanf(f, "%64s", want), 1);
		pclose(f);
		unlink(path);
		strcpy(path, "/tmp/vtd-sha256-XXXXXX");

		vtd_sha256_init(&s);
		vtd_sha256_update(&s, buf, cut);
		vtd_sha256_update(&s, buf + cut, len - cut);
		vtd_sha256_final(&s, d);
		hex(d, out);
		assert_string_equal(out, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_standard_vectors),
		cmocka_unit_test(test_sha256_equals_sha256sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
