// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * input.c - read files, and find our note in whatever holds it.
 *
 * ELF files (a vmcore can be tens of gigabytes) are read through libelf,
 * which fetches only the PT_NOTE segments; everything else is small and
 * read whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vtd-note.h"

void vtd_buf_free(struct vtd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Read all of @path (sysfs files report no size, so read to EOF). */
int vtd_read_file(const char *path, size_t max, struct vtd_buf *out)
{
	size_t cap = 4096;
	ssize_t n;
	int fd;

	out->len = 0;
	out->data = malloc(cap);
	if (!out->data) {
		vtd_err("%s: out of memory", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vtd_err("%s: %s", path, strerror(errno));
		goto out_free;
	}
	for (;;) {
		if (out->len == cap) {
			uint8_t *p;

			if (cap > max) {
				vtd_err("%s: larger than %zu bytes", path, max);
				goto out_close;
			}
			p = realloc(out->data, cap * 2);
			if (!p) {
				vtd_err("%s: out of memory", path);
				goto out_close;
			}
			out->data = p;
			cap *= 2;
		}
		n = read(fd, out->data + out->len, cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vtd_err("%s: read: %s", path, strerror(errno));
			goto out_close;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	close(fd);
	if (out->len > max) {
		vtd_err("%s: larger than %zu bytes", path, max);
		vtd_buf_free(out);
		return -1;
	}
	return 0;

out_close:
	close(fd);
out_free:
	vtd_buf_free(out);
	return -1;
}

void vtd_loaded_note_free(struct vtd_loaded_note *ln)
{
	free(ln->desc);
	ln->desc = NULL;
	ln->desc_len = 0;
}

static int keep_desc(struct vtd_loaded_note *ln, const void *desc, size_t len,
		     uint64_t file_off, const char *container)
{
	ln->desc = malloc(len ? len : 1);
	if (!ln->desc) {
		vtd_err("out of memory");
		return -VTD_ERR_INTERNAL;
	}
	memcpy(ln->desc, desc, len);
	ln->desc_len = len;
	ln->file_off = file_off;
	ln->container = container;
	return 0;
}

/* Look through one PT_NOTE segment with libelf's note reader. */
static int find_in_segment(const char *path, Elf *elf, const GElf_Phdr *ph,
			   size_t idx, struct vtd_loaded_note *ln)
{
	size_t off = 0, next, name_off, desc_off;
	Elf_Data *data;
	GElf_Nhdr nh;

	if (ph->p_filesz == 0)
		return -VTD_ERR_NOTFOUND;
	data = elf_getdata_rawchunk(elf, (int64_t)ph->p_offset, ph->p_filesz,
				    ELF_T_NHDR);
	if (!data) {
		vtd_err("%s: PT_NOTE %zu at file offset 0x%llx: %s", path, idx,
			(unsigned long long)ph->p_offset, elf_errmsg(-1));
		return -VTD_ERR_TRUNCATED;
	}
	while ((next = gelf_getnote(data, off, &nh, &name_off, &desc_off))) {
		const char *name = (const char *)data->d_buf + name_off;

		if (nh.n_namesz == VTD_NOTE_NAMESZ &&
		    nh.n_type == VTD_NOTE_TYPE &&
		    !memcmp(name, VTD_NOTE_NAME, VTD_NOTE_NAMESZ))
			return keep_desc(
				ln, (const uint8_t *)data->d_buf + desc_off,
				nh.n_descsz, ph->p_offset + desc_off, "ELF");
		off = next;
	}
	return -VTD_ERR_NOTFOUND;
}

static int load_from_elf(const char *path, int fd, struct vtd_loaded_note *ln)
{
	size_t i, phnum;
	int ret = -VTD_ERR_NOTFOUND;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		vtd_err("%s: not a readable ELF file: %s", path,
			elf_errmsg(-1));
		ret = -VTD_ERR_BADMAGIC;
		goto out_end;
	}
	if (elf_getphdrnum(elf, &phnum) < 0) {
		vtd_err("%s: ELF program headers: %s", path, elf_errmsg(-1));
		ret = -VTD_ERR_TRUNCATED;
		goto out_end;
	}
	for (i = 0; i < phnum && ret == -VTD_ERR_NOTFOUND; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			vtd_err("%s: program header %zu: %s", path, i,
				elf_errmsg(-1));
			ret = -VTD_ERR_TRUNCATED;
			break;
		}
		if (ph.p_type == PT_NOTE)
			ret = find_in_segment(path, elf, &ph, i, ln);
	}
out_end:
	elf_end(elf);
	return ret;
}

/*
 * makedumpfile's kdump-compressed format ("KDUMP   ", header version 4
 * and later) keeps a copy of the ELF notes: the sub-header, one block
 * into the file, says where (struct disk_dump_header and struct
 * kdump_sub_header, x86_64 layout).
 */
#define KDUMP_SIGNATURE "KDUMP   "
#define KDUMP_OFF_HEADER_VERSION 8 /* int */
#define KDUMP_OFF_BLOCK_SIZE 428   /* int, after utsname and timeval */
#define KDUMP_SUB_OFF_NOTE 48	   /* off_t offset_note */
#define KDUMP_SUB_OFF_NOTE_SIZE 56 /* unsigned long size_note */
#define KDUMP_MIN_VERSION_NOTES 4

static int load_from_kdump(const char *path, int fd, struct vtd_loaded_note *ln)
{
	uint8_t hdr[KDUMP_OFF_BLOCK_SIZE + 4], sub[KDUMP_SUB_OFF_NOTE_SIZE + 8];
	uint64_t off, size;
	uint32_t block, version;
	const void *desc;
	size_t desc_len, bad_off = 0;
	uint8_t *area;
	int ret;

	if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr)) {
		vtd_err("%s: kdump-compressed header truncated", path);
		return -VTD_ERR_TRUNCATED;
	}
	version = vtd_ld_le32(hdr + KDUMP_OFF_HEADER_VERSION);
	block = vtd_ld_le32(hdr + KDUMP_OFF_BLOCK_SIZE);
	if (version < KDUMP_MIN_VERSION_NOTES) {
		vtd_err("%s: kdump-compressed version %u keeps no notes", path,
			version);
		return -VTD_ERR_BADVERSION;
	}
	if (block < 512 || block > (1u << 20) || (block & (block - 1))) {
		vtd_err("%s: kdump-compressed block size %u at offset 0x%x",
			path, block, KDUMP_OFF_BLOCK_SIZE);
		return -VTD_ERR_BADLEN;
	}
	if (pread(fd, sub, sizeof(sub), block) != (ssize_t)sizeof(sub)) {
		vtd_err("%s: kdump sub-header at 0x%x truncated", path, block);
		return -VTD_ERR_TRUNCATED;
	}
	off = vtd_ld_le64(sub + KDUMP_SUB_OFF_NOTE);
	size = vtd_ld_le64(sub + KDUMP_SUB_OFF_NOTE_SIZE);
	if (!size || size > 4 * (uint64_t)VTD_NOTE_AREA_MAX) {
		vtd_err("%s: kdump note size 0x%llx at offset 0x%llx", path,
			(unsigned long long)size,
			(unsigned long long)(block + KDUMP_SUB_OFF_NOTE_SIZE));
		return -VTD_ERR_BADLEN;
	}
	area = malloc(size);
	if (!area)
		return -VTD_ERR_INTERNAL;
	if (pread(fd, area, size, (off_t)off) != (ssize_t)size) {
		vtd_err("%s: kdump notes at 0x%llx+0x%llx run past the file",
			path, (unsigned long long)off,
			(unsigned long long)size);
		free(area);
		return -VTD_ERR_TRUNCATED;
	}
	ret = vtd_note_find(area, size, &desc, &desc_len, &bad_off);
	if (ret == 0)
		ret = keep_desc(ln, desc, desc_len,
				off + (uint64_t)((const uint8_t *)desc - area),
				"kdump-compressed");
	else if (ret != -VTD_ERR_NOTFOUND)
		vtd_err("%s: kdump notes: %s at note offset 0x%zx", path,
			vtd_strerror(ret), bad_off);
	free(area);
	return ret;
}

static int load_from_bytes(const char *path, struct vtd_loaded_note *ln)
{
	struct vtd_buf b;
	const void *desc;
	size_t desc_len, bad_off = 0;
	int ret;

	/* Room for the largest area plus slack to tell "too big" apart. */
	if (vtd_read_file(path, 2 * VTD_NOTE_AREA_MAX, &b) < 0)
		return -VTD_ERR_ACCESS;
	if (b.len >= 4 && vtd_ld_le32(b.data) == VTD_NOTE_MAGIC) {
		ret = keep_desc(ln, b.data, b.len, 0, "descriptor");
		goto out_free;
	}
	ret = vtd_note_find(b.data, b.len, &desc, &desc_len, &bad_off);
	if (ret == 0)
		ret = keep_desc(ln, desc, desc_len,
				(uint64_t)((const uint8_t *)desc - b.data),
				"note area");
	else if (ret != -VTD_ERR_NOTFOUND)
		vtd_err("%s: note area: %s at offset 0x%zx", path,
			vtd_strerror(ret), bad_off);
out_free:
	vtd_buf_free(&b);
	return ret;
}

int vtd_load_note(const char *path, struct vtd_loaded_note *ln)
{
	unsigned char magic[sizeof(KDUMP_SIGNATURE) - 1];
	ssize_t n;
	int fd, ret;

	memset(ln, 0, sizeof(*ln));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vtd_err("%s: %s", path, strerror(errno));
		return -VTD_ERR_ACCESS;
	}
	n = pread(fd, magic, sizeof(magic), 0);
	if (n >= SELFMAG && !memcmp(magic, ELFMAG, SELFMAG))
		ret = load_from_elf(path, fd, ln);
	else if (n == (ssize_t)sizeof(magic) &&
		 !memcmp(magic, KDUMP_SIGNATURE, sizeof(magic)))
		ret = load_from_kdump(path, fd, ln);
	else
		ret = load_from_bytes(path, ln);
	close(fd);
	return ret;
}

void vtd_report_note_error(const char *path, const struct vtd_loaded_note *ln,
			   int err, size_t bad_off)
{
	vtd_err("%s: KEXEC-VTD note (%s, descriptor at file offset 0x%llx): "
		"%s at descriptor offset 0x%zx",
		path, ln->container, (unsigned long long)ln->file_off,
		vtd_strerror(err), bad_off);
}
