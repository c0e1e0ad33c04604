// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iomem.c - /proc/iomem: which physical ranges are RAM, ACPI, NVS or
 * reserved, where the crash kernel ranges and the kernel's code are.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kexec.h"
#include "report.h"

static int top_level_type(const char *name)
{
	if (!strcmp(name, "System RAM"))
		return KX_MEM_RAM;
	if (!strcmp(name, "ACPI Tables"))
		return KX_MEM_ACPI;
	if (!strcmp(name, "ACPI Non-volatile Storage"))
		return KX_MEM_NVS;
	if (!strcasecmp(name, "reserved"))
		return KX_MEM_RESERVED;
	return 0;
}

static int add_range(struct kx_machine *m, uint64_t start, uint64_t end,
		     int type, const char *what, int line)
{
	if (m->nr_mem == KX_MAX_RANGES) {
		kx_err("%s:%d: more than %d memory ranges", what, line,
		       KX_MAX_RANGES);
		return -1;
	}
	m->mem[m->nr_mem++] = (struct kx_range){ start, end, type };
	return 0;
}

/* Keep the crash ranges sorted: the last one is where segments go. */
static int add_crash_range(struct kx_machine *m, uint64_t start, uint64_t end,
			   const char *what, int line)
{
	int i;

	if (m->nr_crash == KX_MAX_CRASH_RANGES) {
		kx_err("%s:%d: more than %d 'Crash kernel' ranges", what, line,
		       KX_MAX_CRASH_RANGES);
		return -1;
	}
	for (i = m->nr_crash; i > 0 && m->crash[i - 1].start > start; i--)
		m->crash[i] = m->crash[i - 1];
	m->crash[i] = (struct kx_range){ start, end, KX_MEM_RAM };
	m->nr_crash++;
	return 0;
}

int kx_parse_iomem(struct kx_machine *m, const char *text, const char *what)
{
	const char *p = text;
	int line = 0, parent = 0;

	m->nr_mem = 0;
	m->nr_crash = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[256], name[200];
		uint64_t start, end;
		int indent = 0, type, n = 0;

		line++;
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += eol ? len + 1 : len;
		while (buf[indent] == ' ')
			indent++;
		if (!buf[indent])
			continue;
		if (sscanf(buf + indent,
			   "%" SCNx64 "-%" SCNx64 " : %199[^\n]%n", &start,
			   &end, name, &n) != 3 ||
		    end < start) {
			kx_err("%s:%d: cannot parse '%s'", what, line, buf);
			return -1;
		}
		if (!strcmp(name, "Crash kernel")) {
			if (add_crash_range(m, start, end, what, line) < 0)
				return -1;
			continue;
		}
		if (!strcmp(name, "Kernel code") && !m->kernel_code_start) {
			m->kernel_code_start = start;
			continue;
		}
		type = top_level_type(name);
		if (!indent)
			parent = type;
		/* Reserved inside a non-RAM window (PCI MMCONFIG) counts too. */
		if (indent && !(type == KX_MEM_RESERVED && !parent))
			continue;
		if (type && add_range(m, start, end, type, what, line) < 0)
			return -1;
	}
	if (!m->nr_crash) {
		kx_err("%s: no 'Crash kernel' range: boot with crashkernel= "
		       "to reserve memory for the crash kernel",
		       what);
		return -1;
	}
	return 0;
}
