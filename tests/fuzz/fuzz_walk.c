// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_walk.c - libFuzzer target for the dump readers' table walker
 * (lib/walk.c, #23).
 *
 * The input is a 32-byte header (RTADDR, the device, an IOVA, the
 * memory's limit and the enumeration's budget) and then the crashed
 * machine's memory from address 0, up to 16 pages; every other address
 * is missing from the "dump".  The device is resolved, the IOVA
 * translated, and every mapping enumerated; then each run the
 * enumeration gives must translate, at its first and last byte, to the
 * memory and permissions the run says, runs must come in IOVA order
 * without overlapping, the budget must hold, and a translation must read
 * no more than one entry a level.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/err.h>
#include <kexec-vtd/walk.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR 32
#define MEM_PAGES 16

static const uint8_t *mem_data;
static size_t mem_len;
static unsigned int reads;

static int mem_read(void *ctx, u64 pa, void *buf, size_t len)
{
	(void)ctx;
	reads++;
	if (pa >= mem_len || len > mem_len - pa)
		return -1;
	memcpy(buf, mem_data + pa, len);
	return 0;
}

struct check {
	const struct vtd_mem *m;
	const struct vtd_dev *d;
	u64 next; /* the first IOVA a run may start at */
	bool any;
	unsigned int runs;
};

static void same(const struct check *c, u64 iova, u64 pa, bool r, bool w)
{
	struct vtd_xlate x;

	if (vtd_translate(c->m, c->d, iova, &x) != 0 || x.pa != pa ||
	    x.read != r || x.write != w)
		abort();
}

static int on_run(void *arg, const struct vtd_map_run *r)
{
	struct check *c = arg;

	if (r->every_address) {
		if (c->d->type != VTD_DEV_PASS_THROUGH || c->any)
			abort();
		c->any = true;
		return 0;
	}
	if (!r->size || (c->any && r->iova < c->next) ||
	    r->iova + r->size - 1 < r->iova)
		abort();
	c->any = true;
	c->next = r->iova + r->size;
	if (c->runs++ < 64) {
		same(c, r->iova, r->pa, r->read, r->write);
		same(c, r->iova + r->size - 1, r->pa + r->size - 1, r->read,
		     r->write);
	}
	return 0;
}

static void on_stop(void *arg, u64 iova, const struct vtd_walk_stop *s)
{
	(void)arg;
	(void)iova;
	if (s->why == VTD_WALK_OK || s->why >= VTD_WALK_WHY_MAX)
		abort();
}

static u64 ld64(const uint8_t *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static struct vtd_walk_scratch scratch;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtd_mem m = { .read = mem_read };
	struct vtd_walk_stats st;
	struct vtd_walk_ops ops;
	struct vtd_xlate x;
	struct vtd_dev d;
	struct check c = { .m = &m, .d = &d };
	u64 rtaddr, iova;
	int ret;

	if (size < HDR)
		return 0;
	rtaddr = ld64(data);
	iova = ld64(data + 8);
	/* A limit inside the pages given, past them, or none. */
	m.limit = (u64)data[18] << 12;
	mem_data = data + HDR;
	mem_len = size - HDR;
	if (mem_len > MEM_PAGES * 4096)
		mem_len = MEM_PAGES * 4096;

	if (vtd_dev_resolve(&m, rtaddr, data[16], data[17], &d) != 0)
		abort();
	if (d.type == VTD_DEV_BLOCKED && d.stop.why == VTD_WALK_OK)
		abort();

	reads = 0;
	ret = vtd_translate(&m, &d, iova, &x);
	if (reads > VTD_WALK_MAX_LEVELS || x.nr_steps > VTD_WALK_MAX_LEVELS)
		abort();
	if (ret == 0 && d.type != VTD_DEV_PASS_THROUGH &&
	    ((x.size != 4096 && x.size != 2u << 20 && x.size != 1u << 30) ||
	     (x.pa ^ iova) & (x.size - 1)))
		abort();
	if (ret != 0 && (ret != -VTD_ERR_NOTFOUND || x.stop.why == VTD_WALK_OK))
		abort();

	ops = (struct vtd_walk_ops){
		.run = on_run,
		.stop = on_stop,
		.arg = &c,
		.budget = 1 + data[19] % 64,
	};
	ret = vtd_walk_maps(&m, &d, &ops, &scratch, &st);
	if (ret != 0 && ret != -VTD_ERR_NOSPACE)
		abort();
	if (st.pages > ops.budget)
		abort();
	return 0;
}
