// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * segments.c - where each crash segment goes: bottom-up in the crash
 * kernel range that takes them (the highest), page-aligned, never
 * overlapping, at most 16.
 */
#include <stdlib.h>
#include <string.h>

#include "kexec.h"
#include "report.h"

int kx_plan_alloc(struct kx_plan *p, uint64_t memsz, uint64_t align,
		  uint64_t *addr)
{
	uint64_t a = align < X86_PAGE_SIZE ? X86_PAGE_SIZE : align;
	uint64_t at = (p->next + a - 1) & ~(a - 1);
	uint64_t size = (memsz + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1);

	if (at < p->next || at + size > p->limit || at + size < at) {
		kx_err("crash kernel range too small: 0x%llx bytes more needed "
		       "at 0x%llx (range ends at 0x%llx)",
		       (unsigned long long)size, (unsigned long long)at,
		       (unsigned long long)p->limit);
		return -1;
	}
	*addr = at;
	p->next = at + size;
	return 0;
}

int kx_plan_add(struct kx_plan *p, const char *name, void *buf, size_t bufsz,
		uint64_t mem, size_t memsz, bool in_digest)
{
	struct kx_segment *s;

	if (p->nr_seg == KX_MAX_SEGMENTS) {
		kx_err("more than %d segments", KX_MAX_SEGMENTS);
		free(buf);
		return -1;
	}
	s = &p->seg[p->nr_seg++];
	s->name = name;
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = (memsz + X86_PAGE_SIZE - 1) & ~(size_t)(X86_PAGE_SIZE - 1);
	s->in_digest = in_digest;
	return 0;
}

void kx_plan_free(struct kx_plan *p)
{
	int i;

	for (i = 0; i < p->nr_seg; i++)
		free(p->seg[i].buf);
	memset(p, 0, sizeof(*p));
}

int kx_plan_check(const struct kx_plan *p, const struct kx_machine *m)
{
	const struct kx_range *load = kx_crash_load_range(m);
	int i, j;

	for (i = 0; i < p->nr_seg; i++) {
		const struct kx_segment *s = &p->seg[i];

		if (s->mem % X86_PAGE_SIZE || s->memsz % X86_PAGE_SIZE ||
		    !s->memsz || s->bufsz > s->memsz || s->mem < load->start ||
		    s->mem + s->memsz - 1 > load->end) {
			kx_err("segment %s at 0x%llx+0x%zx is misplaced",
			       s->name, (unsigned long long)s->mem, s->memsz);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (s->mem < p->seg[j].mem + p->seg[j].memsz &&
			    p->seg[j].mem < s->mem + s->memsz) {
				kx_err("segments %s and %s overlap", s->name,
				       p->seg[j].name);
				return -1;
			}
	}
	return 0;
}
