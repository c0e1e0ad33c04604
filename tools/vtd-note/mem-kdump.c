// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem-kdump.c - the memory of a kdump-compressed dump (mem-kdump.h):
 * libkdumpfile for the pages, our own look at their descriptors first.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include <kexec-vtd/makedumpfile.h>

#include "mem-kdump.h"
#include "vtd-note.h"

#define FRAMES_PER_RANK 4096u /* a rank entry per 512 bitmap bytes */
#define RANK_BYTES (FRAMES_PER_RANK / 8)

static bool read_at(int fd, uint64_t off, void *buf, size_t len)
{
	return pread(fd, buf, len, (off_t)off) == (ssize_t)len;
}

/* The headers, checked as vtd-note's note reader checks them. */
static int read_layout(struct vn_kdump_mem *km)
{
	uint8_t hdr[sizeof(struct vtd_mdf_hdr)];
	uint8_t sub[sizeof(struct vtd_mdf_sub)];
	struct vtd_mdf_info info;
	uint64_t bad = 0, blocks;
	size_t sub_len;
	int ret;

	if (!read_at(km->fd, 0, hdr, sizeof(hdr)))
		return -VTD_ERR_TRUNCATED;
	ret = vtd_mdf_check_header(hdr, sizeof(hdr), &info, &bad);
	if (ret < 0)
		return ret;
	sub_len = pread(km->fd, sub, sizeof(sub), (off_t)info.block_size);
	if ((ssize_t)sub_len < 0)
		return -VTD_ERR_TRUNCATED;
	ret = vtd_mdf_check_sub(sub, sub_len, &info, &bad);
	if (ret < 0)
		return ret;
	blocks = vtd_ld_le32(hdr + offsetof(struct vtd_mdf_hdr,
					    bitmap_blocks));
	if (!blocks || blocks % 2) {
		vn_err("%s: kdump-compressed header: bitmap_blocks %llu at "
		       "offset 0x%zx: not two bitmaps",
		       km->path, (unsigned long long)blocks,
		       offsetof(struct vtd_mdf_hdr, bitmap_blocks));
		return -VTD_ERR_BADLAYOUT;
	}
	km->block_size = info.block_size;
	km->bitmap_len = blocks / 2 * info.block_size;
	km->bitmap_off = info.meta_end + km->bitmap_len;
	km->desc_off = info.meta_end + 2 * km->bitmap_len;
	km->bitmap_avail = km->file_size > km->bitmap_off ?
				   km->file_size - km->bitmap_off :
				   0;
	if (km->bitmap_avail > km->bitmap_len)
		km->bitmap_avail = km->bitmap_len;
	if (info.status & VTD_MDF_S_INCOMPLETE)
		vn_err("%s: makedumpfile marked this dump incomplete (its "
		       "disk filled up): the pages it did not write read as "
		       "not in the dump",
		       km->path);
	return 0;
}

/* Dumped frames before each FRAMES_PER_RANK of the second bitmap. */
static int count_ranks(struct vn_kdump_mem *km)
{
	uint64_t n = (km->bitmap_avail + RANK_BYTES - 1) / RANK_BYTES, i;
	uint64_t total = 0;
	uint8_t chunk[RANK_BYTES];

	km->rank = calloc(n + 1, sizeof(*km->rank));
	if (!km->rank)
		return -VTD_ERR_INTERNAL;
	for (i = 0; i < n; i++) {
		size_t want = RANK_BYTES, j;

		if ((i + 1) * RANK_BYTES > km->bitmap_avail)
			want = km->bitmap_avail - i * RANK_BYTES;
		km->rank[i] = total;
		if (!read_at(km->fd, km->bitmap_off + i * RANK_BYTES, chunk,
			     want))
			return -VTD_ERR_TRUNCATED;
		for (j = 0; j < want; j++)
			total += (uint64_t)__builtin_popcount(chunk[j]);
	}
	km->rank[n] = total;
	return 0;
}

int vn_kdump_mem_open(struct vn_kdump_mem *km, const char *path)
{
	struct stat st;
	kdump_ctx_t *ctx;
	int ret;

	memset(km, 0, sizeof(*km));
	km->path = path;
	km->fd = open(path, O_RDONLY);
	if (km->fd < 0) {
		vn_err("%s: cannot open: %m", path);
		return -VTD_ERR_ACCESS;
	}
	if (fstat(km->fd, &st) < 0) {
		vn_err("%s: cannot stat: %m", path);
		vn_kdump_mem_close(km);
		return -VTD_ERR_ACCESS;
	}
	km->file_size = (uint64_t)st.st_size;
	ret = read_layout(km);
	if (ret == 0)
		ret = count_ranks(km);
	if (ret < 0) {
		if (ret != -VTD_ERR_BADLAYOUT)
			vn_err("%s: kdump-compressed headers: %s", path,
			       vtd_strerror(ret));
		vn_kdump_mem_close(km);
		return ret;
	}
	/*
	 * Cut short before its first page descriptor, the dump has no page
	 * to give: libkdumpfile is not asked (it would allocate the whole
	 * bitmap the header claims) and each read says "cut short".
	 */
	if (km->desc_off > km->file_size)
		return 0;
	ctx = kdump_new();
	if (!ctx) {
		vn_kdump_mem_close(km);
		return -VTD_ERR_INTERNAL;
	}
	km->ctx = ctx;
	/* read(2), never mmap(2), which would SIGBUS past the end. */
	if (kdump_set_number_attr(ctx, KDUMP_ATTR_FILE_MMAP_POLICY,
				  KDUMP_MMAP_NEVER) != KDUMP_OK ||
	    kdump_open_fd(ctx, km->fd) != KDUMP_OK) {
		vn_err("%s: libkdumpfile cannot read its memory: %s", path,
		       kdump_get_err(ctx));
		/*
		 * Left allocated: libkdumpfile 0.5.1's kdump_free() of a
		 * context whose open failed half way can crash (found by
		 * fuzz_tables), and vtd-note exits next.
		 */
		km->ctx = NULL;
		vn_kdump_mem_close(km);
		return -VTD_ERR_BADLAYOUT;
	}
	return 0;
}

void vn_kdump_mem_close(struct vn_kdump_mem *km)
{
	if (km->ctx)
		kdump_free(km->ctx);
	if (km->fd >= 0)
		close(km->fd);
	free(km->rank);
	km->ctx = NULL;
	km->fd = -1;
	km->rank = NULL;
}

/*
 * Whether the data of frame @pfn, if the dump holds it, lies within the
 * file: false (and said once) when the file ends first.
 */
static bool in_file(struct vn_kdump_mem *km, uint64_t pfn)
{
	uint8_t chunk[RANK_BYTES], d[sizeof(struct vtd_mdf_page_desc)];
	uint64_t byte = pfn / 8, first = pfn / FRAMES_PER_RANK * RANK_BYTES;
	uint64_t idx, off = 0, size = 0;
	size_t j;

	if (byte >= km->bitmap_len)
		return true; /* past the bitmap: libkdumpfile says absent */
	if (byte >= km->bitmap_avail)
		goto cut;
	if (!read_at(km->fd, km->bitmap_off + first, chunk, byte - first + 1))
		goto cut;
	if (!(chunk[byte - first] >> (pfn % 8) & 1))
		return true; /* not dumped: libkdumpfile says so */
	idx = km->rank[pfn / FRAMES_PER_RANK];
	for (j = 0; j < byte - first; j++)
		idx += (uint64_t)__builtin_popcount(chunk[j]);
	idx += (uint64_t)__builtin_popcount(chunk[byte - first] &
					    ((1u << (pfn % 8)) - 1));
	if (read_at(km->fd, km->desc_off + idx * sizeof(d), d, sizeof(d))) {
		off = vtd_ld_le64(d + offsetof(struct vtd_mdf_page_desc,
					       offset));
		size = vtd_ld_le32(d + offsetof(struct vtd_mdf_page_desc,
						size));
		if (size > km->block_size) {
			/* Never written so: a page that does not shrink
			 * is stored whole. */
			vn_err("%s: the page descriptor of physical 0x%llx "
			       "(at 0x%llx) says %llu bytes, more than a page",
			       km->path,
			       (unsigned long long)(pfn * km->block_size),
			       (unsigned long long)(km->desc_off +
						    idx * sizeof(d)),
			       (unsigned long long)size);
			return false;
		}
		if (off <= km->file_size && size <= km->file_size - off)
			return true;
	}
cut:
	if (!km->cut_said)
		vn_err("%s: cut short at 0x%llx bytes: the page at physical "
		       "0x%llx lies past its end; such pages read as not in "
		       "the dump",
		       km->path, (unsigned long long)km->file_size,
		       (unsigned long long)(pfn * km->block_size));
	km->cut_said = true;
	return false;
}

int vn_kdump_mem_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct vn_kdump_mem *km = ctx;
	uint64_t end = pa + len, p;
	size_t got = len;
	kdump_status s;

	if (end < pa)
		return -VTD_ERR_NOTFOUND;
	for (p = pa - pa % km->block_size; p < end; p += km->block_size)
		if (!in_file(km, p / km->block_size))
			return -VTD_ERR_TRUNCATED;
	if (!km->ctx)
		return -VTD_ERR_NOTFOUND;
	s = kdump_read(km->ctx, KDUMP_MACHPHYSADDR, pa, buf, &got);
	if (s == KDUMP_OK)
		return 0;
	if (s == KDUMP_ERR_NODATA)
		return -VTD_ERR_NOTFOUND;
	/* A page the dump holds but cannot give: one line a read. */
	vn_err("%s: physical 0x%llx (%zu bytes): %s", km->path,
	       (unsigned long long)pa, len, kdump_get_err(km->ctx));
	return s == KDUMP_ERR_EOF ? -VTD_ERR_TRUNCATED : -VTD_ERR_BADLAYOUT;
}
