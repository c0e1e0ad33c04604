// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * machine.c - read what the crash load needs from the running system, or
 * from a directory that recorded it (--machine-root): /proc/iomem,
 * /proc/cmdline, /proc/kcore's program headers, the ACPI DMAR table,
 * VMCOREINFO, each possible CPU's crash_notes, the EFI firmware the
 * first kernel uses, and what would make the kernel refuse kexec_load.
 * No other module of the loader reads /proc or /sys.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kexec-vtd/env.h>

#include "kexec.h"
#include "report.h"

#define KX_DEFAULT_NOTE_BYTES 1024 /* kernels without crash_notes_size */
#define KX_KERNEL_TEXT_VADDR 0xffffffff80000000ull
/*
 * The kernel image's mapping ends where the modules' begins: x86-64's
 * __START_KERNEL_map plus KERNEL_IMAGE_SIZE (1 GiB with KASLR, 512 MiB
 * without).  /proc/kcore also lists what lies above it (modules, the
 * vsyscall page, with no physical address), in an order of its own.
 */
#define KX_KERNEL_TEXT_END 0xffffffffc0000000ull
/*
 * Where the kernel's half of the address space starts: 0xffff800000000000
 * with 4-level paging, 0xff00000000000000 with 5-level (LA57), where the
 * direct map sits at 0xff11000000000000 plus the KASLR offset
 * (Documentation/arch/x86/x86_64/mm.rst).  The lower bound covers both.
 */
#define KX_KERNEL_HALF 0xff00000000000000ull
#define KX_PAGE_OFFSET_DEFAULT 0xffff888000000000ull /* without KASLR */

static void path_of(const struct kx_machine *m, const char *rel, char *out,
		    size_t len)
{
	snprintf(out, len, "%s%s", m->root, rel);
}

/* Read a whole small file; NULL (and a message if @must) on failure. */
static char *slurp(const struct kx_machine *m, const char *rel, size_t *len,
		   bool must)
{
	char path[4600];
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;
	int fd;

	path_of(m, rel, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		if (must)
			kx_err("%s: %s", path, strerror(errno));
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap) {
			char *b = realloc(buf, cap * 2 + 1);

			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
	}
	close(fd);
	if (r < 0) {
		kx_err("%s: %s", path, strerror(errno));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int read_vmcoreinfo(struct kx_machine *m)
{
	char *s = slurp(m, "/sys/kernel/vmcoreinfo", NULL, true);
	int ok;

	if (!s)
		return -1;
	ok = sscanf(s, "%" SCNx64 " %" SCNx64, &m->vmcoreinfo_addr,
		    &m->vmcoreinfo_size) == 2;
	free(s);
	if (!ok || !m->vmcoreinfo_size) {
		kx_err("%s/sys/kernel/vmcoreinfo: expected 'ADDRESS SIZE'",
		       m->root);
		return -1;
	}
	return 0;
}

/* "0-3,5": the highest CPU number plus one. */
static int read_possible_cpus(struct kx_machine *m)
{
	char *s = slurp(m, "/sys/devices/system/cpu/possible", NULL, true);
	char *p;
	long hi = -1;

	if (!s)
		return -1;
	for (p = s; *p;) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v > hi)
			hi = v;
		p = end;
		if (*p == '-' || *p == ',')
			p++;
	}
	free(s);
	if (hi < 0 || hi >= KX_MAX_CPUS) {
		kx_err("%s/sys/devices/system/cpu/possible: no CPU range",
		       m->root);
		return -1;
	}
	m->nr_cpus = (int)hi + 1;
	return 0;
}

static int read_crash_notes(struct kx_machine *m)
{
	char rel[128], *s;
	int cpu;

	m->crash_notes_size = KX_DEFAULT_NOTE_BYTES;
	s = slurp(m, "/sys/devices/system/cpu/cpu0/crash_notes_size", NULL,
		  false);
	if (s) {
		m->crash_notes_size = strtoull(s, NULL, 0);
		free(s);
	}
	for (cpu = 0; cpu < m->nr_cpus; cpu++) {
		snprintf(rel, sizeof(rel),
			 "/sys/devices/system/cpu/cpu%d/crash_notes", cpu);
		s = slurp(m, rel, NULL, false);
		/* A possible CPU that is not present has no notes yet. */
		m->crash_notes[cpu] = s ? strtoull(s, NULL, 16) : 0;
		free(s);
	}
	return 0;
}

/* The kernel text mapping, as /proc/kcore describes it. */
static int read_kcore(struct kx_machine *m)
{
	char path[4600];
	size_t i, n;
	Elf *elf;
	int fd, ret = -1;

	path_of(m, "/proc/kcore", path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kx_err("%s: %s (CONFIG_PROC_KCORE is needed for the kernel "
		       "text segment)",
		       path, strerror(errno));
		return -1;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getphdrnum(elf, &n) < 0) {
		kx_err("%s: %s", path, elf_errmsg(-1));
		goto out;
	}
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (ph.p_vaddr >= KX_KERNEL_TEXT_VADDR &&
		    ph.p_vaddr < KX_KERNEL_TEXT_END &&
		    ph.p_paddr != UINT64_MAX && ret < 0) {
			m->ktext_vaddr = ph.p_vaddr;
			m->ktext_paddr = ph.p_paddr;
			m->ktext_size = ph.p_memsz;
			ret = 0;
		} else if (ph.p_vaddr >= KX_KERNEL_HALF &&
			   ph.p_vaddr < KX_KERNEL_TEXT_VADDR &&
			   ph.p_paddr != UINT64_MAX && !m->page_offset) {
			/* A direct-map segment: vaddr = page_offset + paddr. */
			m->page_offset = ph.p_vaddr - ph.p_paddr;
		}
	}
	if (ret < 0)
		kx_err("%s: no kernel text segment at 0x%llx-0x%llx", path,
		       KX_KERNEL_TEXT_VADDR, KX_KERNEL_TEXT_END - 1);
	if (!m->page_offset)
		m->page_offset = KX_PAGE_OFFSET_DEFAULT;
out:
	elf_end(elf);
	close(fd);
	return ret;
}

/* A file holding one hexadecimal number (sysfs writes them so). */
static bool read_hex(const struct kx_machine *m, const char *rel, uint64_t *v)
{
	char *s = slurp(m, rel, NULL, false), *end;
	bool ok;

	if (!s)
		return false;
	*v = strtoull(s, &end, 16);
	ok = end != s;
	free(s);
	return ok;
}

/*
 * The EFI system table's list, as the first kernel prints it: the ACPI
 * RSDP (2.0 first), which a crash kernel booted by EFI cannot find by
 * scanning low memory, and SMBIOS, which goes in its setup_data.
 */
static void read_efi_systab(struct kx_machine *m)
{
	char *s = slurp(m, "/sys/firmware/efi/systab", NULL, false);
	char *p;

	if (!s)
		return;
	p = strstr(s, "ACPI20=");
	if (p)
		m->acpi_rsdp = strtoull(p + 7, NULL, 0);
	else if ((p = strstr(s, "ACPI=")))
		m->acpi_rsdp = strtoull(p + 5, NULL, 0);
	p = strstr(s, "SMBIOS=");
	if (p)
		m->efi.smbios = strtoull(p + 7, NULL, 0);
	free(s);
}

/* Entries of /sys/firmware/efi/runtime-map (CONFIG_EFI_RUNTIME_MAP). */
static int read_efi_runtime_map(struct kx_machine *m)
{
	static const char *const field[] = { "type", "phys_addr", "virt_addr",
					     "num_pages", "attribute" };
	struct kx_efi *e = &m->efi;
	int i;

	e->map = kx_zalloc(KX_MAX_EFI_REGIONS * sizeof(*e->map),
			   "the EFI runtime map");
	if (!e->map)
		return -1;
	for (i = 0; i < KX_MAX_EFI_REGIONS; i++) {
		uint64_t v[sizeof(field) / sizeof(field[0])];
		size_t f;

		for (f = 0; f < sizeof(field) / sizeof(field[0]); f++) {
			char rel[128];

			snprintf(rel, sizeof(rel),
				 "/sys/firmware/efi/runtime-map/%d/%s", i,
				 field[f]);
			if (!read_hex(m, rel, &v[f]))
				break;
		}
		if (f < sizeof(field) / sizeof(field[0]))
			break;
		e->map[i] = (struct kx_efi_region){ (uint32_t)v[0], v[1], v[2],
						    v[3], v[4] };
	}
	e->nr_map = i;
	return 0;
}

/*
 * Booted by EFI (the first kernel's boot_params carry the loader's
 * signature), the crash kernel needs the firmware's tables and the
 * runtime map the first kernel set up.  Not booted by EFI, or a kernel
 * that exports no runtime map: e->present stays false.
 */
static int read_efi(struct kx_machine *m)
{
	struct kx_efi *e = &m->efi;
	size_t len = 0;
	uint8_t *bp = (uint8_t *)slurp(m, "/sys/kernel/boot_params/data", &len,
				       false);

	read_efi_systab(m);
	if (!bp)
		return 0;
	if (len >= X86_BP_SIZE)
		memcpy(e->efi_info, bp + X86_BP_EFI_INFO, X86_EFI_INFO_SIZE);
	free(bp);
	if (!vtd_ld_le32(e->efi_info) ||
	    !read_hex(m, "/sys/firmware/efi/fw_vendor", &e->fw_vendor) ||
	    !read_hex(m, "/sys/firmware/efi/runtime", &e->runtime) ||
	    !read_hex(m, "/sys/firmware/efi/config_table", &e->tables))
		return 0;
	if (read_efi_runtime_map(m) < 0)
		return -1;
	e->present = e->nr_map > 0;
	return 0;
}

bool kx_kernel_takes_snapshot(const char *root, char *where, size_t len)
{
	struct kx_machine *m = calloc(1, sizeof(*m));
	char *s, *nl;
	bool yes;

	if (!m)
		return false;
	snprintf(m->root, sizeof(m->root), "%s", root ? root : "");
	s = slurp(m, "/sys/kernel/crash_device_note", NULL, false);
	free(m);
	if (!s)
		return false;
	nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	/* "ADDR SIZE" with a size: empty when no area is named. */
	yes = strchr(s, ' ') && strtoull(strchr(s, ' ') + 1, NULL, 16);
	snprintf(where, len, "%s", s);
	free(s);
	return yes;
}

/* kernel.kexec_load_disabled, and the lockdown LSM's mode ("[mode]"). */
static void read_kexec_load_limits(struct kx_machine *m)
{
	char *s = slurp(m, "/proc/sys/kernel/kexec_load_disabled", NULL, false);
	char *open_br, *close_br;

	if (s) {
		m->kexec_load_disabled = s[0] == '1';
		free(s);
	}
	s = slurp(m, "/sys/kernel/security/lockdown", NULL, false);
	if (!s)
		return;
	open_br = strchr(s, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	if (close_br)
		snprintf(m->lockdown, sizeof(m->lockdown), "%.*s",
			 (int)(close_br - open_br - 1), open_br + 1);
	free(s);
}

int kx_read_machine(struct kx_machine *m, const char *root)
{
	char *s;
	int ret;

	memset(m, 0, sizeof(*m));
	snprintf(m->root, sizeof(m->root), "%s", root ? root : "");
	s = slurp(m, "/proc/iomem", NULL, true);
	if (!s)
		return -1;
	ret = kx_parse_iomem(m, s, "/proc/iomem");
	free(s);
	if (ret < 0)
		return -1;
	s = slurp(m, "/proc/cmdline", NULL, false);
	if (s) {
		s[strcspn(s, "\n")] = '\0';
		snprintf(m->cmdline, sizeof(m->cmdline), "%s", s);
		free(s);
	}
	read_kexec_load_limits(m);
	if (read_efi(m) < 0)
		return -1;
	/* No DMAR table: no VT-d, nothing to hand over; not an error here. */
	m->dmar = (uint8_t *)slurp(m, "/sys/firmware/acpi/tables/DMAR",
				   &m->dmar_len, false);
	if (read_vmcoreinfo(m) < 0 || read_possible_cpus(m) < 0 ||
	    read_crash_notes(m) < 0 || read_kcore(m) < 0)
		return -1;
	return 0;
}

void kx_free_machine(struct kx_machine *m)
{
	free(m->dmar);
	m->dmar = NULL;
	free(m->efi.map);
	m->efi.map = NULL;
}
