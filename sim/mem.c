// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem.c - the model's physical memory: 4 KiB pages created on first
 * write, found through an open-addressing hash of their frame numbers.
 * Reading a page never written gives zeros, as fresh RAM does here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

#define SIM_MEM_INITIAL_SLOTS 1024u

int sim_mem_init(struct sim_mem *m)
{
	memset(m, 0, sizeof(*m));
	m->cap = SIM_MEM_INITIAL_SLOTS;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	m->last_pfn = UINT64_MAX;
	return m->slots ? 0 : -1;
}

void sim_mem_fini(struct sim_mem *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].data);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static size_t slot_of(const struct sim_mem *m, uint64_t pfn)
{
	uint64_t h = pfn * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 32) & (m->cap - 1);
}

static struct sim_page *find_slot(const struct sim_mem *m, uint64_t pfn)
{
	size_t i = slot_of(m, pfn);

	while (m->slots[i].data && m->slots[i].pfn != pfn)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void grow(struct sim_mem *m)
{
	struct sim_page *old = m->slots;
	size_t i, old_cap = m->cap;

	m->cap *= 2;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		fprintf(stderr, "sim: out of memory for %zu page slots\n",
			m->cap);
		abort();
	}
	for (i = 0; i < old_cap; i++)
		if (old[i].data)
			*find_slot(m, old[i].pfn) = old[i];
	free(old);
}

/* The page holding @pa, or NULL when it was never written. */
static uint8_t *page_get(struct sim_mem *m, uint64_t pa, bool create)
{
	uint64_t pfn = (pa & ((UINT64_C(1) << SIM_PA_BITS) - 1)) >> 12;
	struct sim_page *p;

	if (pfn == m->last_pfn)
		return m->last_data;
	p = find_slot(m, pfn);
	if (!p->data) {
		if (!create)
			return NULL;
		if (2 * (m->used + 1) > m->cap) {
			grow(m);
			p = find_slot(m, pfn);
		}
		p->data = calloc(1, SIM_PAGE_SIZE);
		if (!p->data) {
			fprintf(stderr, "sim: out of memory for a page\n");
			abort();
		}
		p->pfn = pfn;
		m->used++;
	}
	m->last_pfn = pfn;
	m->last_data = p->data;
	return p->data;
}

/* Does [@pa, @pa + @len) stay within one page? */
static bool in_one_page(uint64_t pa, size_t len)
{
	return (pa & (SIM_PAGE_SIZE - 1)) + len <= SIM_PAGE_SIZE;
}

void sim_mem_read(struct sim *sim, uint64_t pa, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		size_t off = pa & (SIM_PAGE_SIZE - 1);
		size_t n =
			SIM_PAGE_SIZE - off < len ? SIM_PAGE_SIZE - off : len;
		uint8_t *page = page_get(&sim->mem, pa, false);

		if (page)
			memcpy(out, page + off, n);
		else
			memset(out, 0, n);
		out += n;
		pa += n;
		len -= n;
	}
}

void sim_mem_write(struct sim *sim, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *in = buf;

	while (len) {
		size_t off = pa & (SIM_PAGE_SIZE - 1);
		size_t n =
			SIM_PAGE_SIZE - off < len ? SIM_PAGE_SIZE - off : len;

		memcpy(page_get(&sim->mem, pa, true) + off, in, n);
		in += n;
		pa += n;
		len -= n;
	}
}

/* The word accessors take the page once when the word does not cross. */
uint64_t sim_mem_read64(struct sim *sim, uint64_t pa)
{
	const uint8_t *page;
	uint8_t b[8];

	if (in_one_page(pa, sizeof(b))) {
		page = page_get(&sim->mem, pa, false);
		return page ? vtd_ld_le64(page + (pa & (SIM_PAGE_SIZE - 1))) :
			      0;
	}
	sim_mem_read(sim, pa, b, sizeof(b));
	return vtd_ld_le64(b);
}

void sim_mem_write64(struct sim *sim, uint64_t pa, uint64_t v)
{
	uint8_t b[8];

	if (in_one_page(pa, sizeof(b))) {
		vtd_st_le64(page_get(&sim->mem, pa, true) +
				    (pa & (SIM_PAGE_SIZE - 1)),
			    v);
		return;
	}
	vtd_st_le64(b, v);
	sim_mem_write(sim, pa, b, sizeof(b));
}

uint32_t sim_mem_read32(struct sim *sim, uint64_t pa)
{
	uint8_t b[4];

	sim_mem_read(sim, pa, b, sizeof(b));
	return vtd_ld_le32(b);
}

void sim_mem_write32(struct sim *sim, uint64_t pa, uint32_t v)
{
	uint8_t b[4];

	vtd_st_le32(b, v);
	sim_mem_write(sim, pa, b, sizeof(b));
}

const void *sim_mem_map_page(struct sim *sim, uint64_t pa)
{
	return page_get(&sim->mem, pa, true);
}

uint64_t sim_alloc_page(struct sim *sim)
{
	static const uint8_t zero[SIM_PAGE_SIZE];
	uint64_t pa = sim->next_page;

	if (pa + SIM_PAGE_SIZE > sim->ram_end) {
		fprintf(stderr, "sim: RAM exhausted at 0x%llx\n",
			(unsigned long long)pa);
		abort();
	}
	sim->next_page += SIM_PAGE_SIZE;
	if (page_get(&sim->mem, pa, false))
		sim_mem_write(sim, pa, zero, sizeof(zero));
	return pa;
}

size_t sim_mem_pages(const struct sim *sim)
{
	return sim->mem.used;
}
