// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load.c - find our note in whatever holds it: an ELF dump
 * (/proc/vmcore, makedumpfile -E, a copy), a kdump-compressed one (any
 * compression), either of them flattened (a file or a pipe), the parts of
 * a split dump, a snapshot area or a bare descriptor.  Here the files are
 * opened, the format told from the first bytes and its reader called
 * (read-*.c); the readers know nothing of each other or of this file.
 *
 * Dumps are never read whole: libelf reads the ELF headers,
 * lib/makedumpfile.c checks the kdump-compressed ones, and only the notes
 * they point at are read, then walked by lib/ (vtd_note_find).  Memory is
 * bounded by the notes, not by the dump.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vtd-note.h"
#include "dump.h"
#include "load.h"
#include "read.h"

void vn_buf_free(struct vn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Read all of @path (sysfs files report no size, so read to EOF). */
int vn_read_file(const char *path, size_t max, struct vn_buf *out)
{
	size_t cap = 4096;
	ssize_t n;
	int fd;

	out->len = 0;
	out->data = malloc(cap);
	if (!out->data) {
		vn_err("%s: out of memory", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vn_err("%s: %s", path, strerror(errno));
		goto out_free;
	}
	for (;;) {
		if (out->len == cap) {
			uint8_t *p;

			if (cap > max) {
				vn_err("%s: larger than %zu bytes", path, max);
				goto out_close;
			}
			p = realloc(out->data, cap * 2);
			if (!p) {
				vn_err("%s: out of memory", path);
				goto out_close;
			}
			out->data = p;
			cap *= 2;
		}
		n = read(fd, out->data + out->len, cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vn_err("%s: read: %s", path, strerror(errno));
			goto out_close;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	close(fd);
	if (out->len > max) {
		vn_err("%s: larger than %zu bytes", path, max);
		vn_buf_free(out);
		return -1;
	}
	return 0;

out_close:
	close(fd);
out_free:
	vn_buf_free(out);
	return -1;
}

/* The kind of dump, from its first bytes. */
enum dump_kind { DUMP_OTHER, DUMP_ELF, DUMP_MDF, DUMP_DISKDUMP };

static enum dump_kind dump_kind(struct vn_dump *d)
{
	uint8_t m[VTD_MDF_SIG_LEN];

	if (vn_dump_peek(d, 0, m, SELFMAG) < 0)
		return DUMP_OTHER;
	if (!memcmp(m, ELFMAG, SELFMAG))
		return DUMP_ELF;
	if (vn_dump_peek(d, 0, m, sizeof(m)) < 0)
		return DUMP_OTHER;
	if (!memcmp(m, VTD_MDF_SIGNATURE, sizeof(m)))
		return DUMP_MDF;
	if (!memcmp(m, VTD_DISKDUMP_SIGNATURE, sizeof(m)))
		return DUMP_DISKDUMP;
	return DUMP_OTHER;
}

/* How much of a stream to keep: what the headers of its format say. */
static uint64_t meta_end(struct vn_dump *d)
{
	switch (dump_kind(d)) {
	case DUMP_MDF:
		return vn_mdf_meta_end(d);
	case DUMP_ELF:
		return vn_elf_meta_end(d);
	default:
		return 0;
	}
}

int vn_load_open(struct vn_dump *d, const char *path)
{
	return vn_dump_open(d, path, meta_end);
}

static int load_one(struct vn_dump *d, struct vn_loaded_note *ln)
{
	switch (dump_kind(d)) {
	case DUMP_ELF:
		return vn_find_in_elf(d, ln);
	case DUMP_MDF:
		return vn_find_in_mdf(d, ln);
	case DUMP_DISKDUMP:
		vn_err("%s: %sdiskdump file (\"%s\"): that format keeps no "
		       "ELF notes",
		       d->path, vn_dump_layout(d), VTD_DISKDUMP_SIGNATURE);
		return -VTD_ERR_BADVERSION;
	default:
		if (d->flattened) {
			vn_err("%s: the flattened stream rebuilds neither an "
			       "ELF nor a kdump-compressed dump",
			       d->path);
			return -VTD_ERR_BADMAGIC;
		}
		return vn_find_in_bytes(d, ln);
	}
}

int vn_load_note(char *const *paths, int n, struct vn_loaded_note *ln)
{
	struct stat st;
	struct vn_dump d;
	int ret;

	memset(ln, 0, sizeof(*ln));
	if (n > 1)
		return vn_find_in_split(paths, n, ln);
	/* A directory: debugfs' iommu/intel of a running kernel, or a copy. */
	if (!stat(paths[0], &st) && S_ISDIR(st.st_mode))
		return vn_note_from_debugfs(paths[0], ln);
	ret = vn_load_open(&d, paths[0]);
	if (ret < 0)
		return ret;
	ret = load_one(&d, ln);
	vn_dump_close(&d);
	return ret;
}

void vn_loaded_note_free(struct vn_loaded_note *ln)
{
	free(ln->desc);
	ln->desc = NULL;
	ln->desc_len = 0;
}

void vn_report_note_error(const char *path, const struct vn_loaded_note *ln,
			  int err, size_t bad_off)
{
	vn_err("%s: KEXEC-VTD note (%s, descriptor at offset 0x%llx): "
	       "%s at descriptor offset 0x%zx",
	       path, ln->container, (unsigned long long)ln->file_off,
	       vtd_strerror(err), bad_off);
}

int vn_open_note(char *const *paths, int n_paths, struct vn_loaded_note *ln,
		 struct vtd_note *n)
{
	size_t bad_off = 0;
	int ret;

	ret = vn_load_note(paths, n_paths, ln);
	if (ret == -VTD_ERR_NOTFOUND)
		vn_err("%s: no KEXEC-VTD note found", paths[0]);
	if (ret < 0)
		return ret;
	ret = vtd_note_open(n, ln->desc, ln->desc_len, &bad_off);
	if (ret < 0) {
		vn_report_note_error(paths[0], ln, ret, bad_off);
		vn_loaded_note_free(ln);
	}
	return ret;
}
