/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump.h - the bytes of one dump file at their offsets, however they reach
 * vtd-note: a file read in place (pread), or a stream read once from start
 * to end (a flattened file, rebuilt as makedumpfile -R would, or any dump
 * on a pipe) of which only the first bytes are kept: the headers and the
 * notes, which every format puts there.
 */
#ifndef VN_DUMP_H
#define VN_DUMP_H

#include <stdbool.h>
#include <stdint.h>

#include <kexec-vtd/makedumpfile.h>

/*
 * The most of a stream kept in memory: the notes at their largest plus
 * room for the headers before them.
 */
#define VN_DUMP_KEEP_MAX (VTD_DUMP_NOTES_MAX + (2u << 20))

struct vn_dump {
	const char *path;
	int fd;
	bool own_fd;	/* opened here (not standard input) */
	bool stream;	/* read once: the bytes are in img */
	bool flattened; /* a makedumpfile -F stream */
	bool quiet;	/* print nothing (probing a stream while it is read) */
	bool narrowed;	/* limit is what the format needs */
	uint64_t size;	/* the file's size, or the rebuilt dump's */
	uint8_t head[VTD_FLAT_HDR_SIZE]; /* the first bytes, to tell formats */
	size_t head_len;
	/* A stream: bytes [0, img_len) of the dump, and which were written. */
	uint8_t *img;
	uint8_t *have; /* one bit per byte of img */
	uint64_t img_len, img_cap; /* bytes in use, allocated */
	uint64_t limit; /* bytes from here on are not kept */
	/*
	 * How much of the dump's start holds its headers and notes, judged
	 * from what a stream brought so far; 0 while that cannot be told
	 * yet.  Given by whoever opens the dump, which knows the formats
	 * (this file does not); NULL keeps VN_DUMP_KEEP_MAX.
	 */
	uint64_t (*meta_end)(struct vn_dump *d);
};

/*
 * Open @path ("-" for standard input) and, for a stream, read it through
 * to its end, keeping what @meta_end says (see struct vn_dump).  Returns
 * 0 or a negative code after printing why.
 */
int vn_dump_open(struct vn_dump *d, const char *path,
		 uint64_t (*meta_end)(struct vn_dump *d));
void vn_dump_close(struct vn_dump *d);

/*
 * Copy @len bytes at dump offset @off into @buf (NULL: only check that
 * they are there).  @what names them in the message printed when they
 * are not: past the end, not kept from a stream, or in no record of a
 * flattened one.  Returns 0 or -VTD_ERR_TRUNCATED / -VTD_ERR_ACCESS.
 */
int vn_dump_read(struct vn_dump *d, uint64_t off, void *buf, size_t len,
		 const char *what);

/* vn_dump_read() printing nothing: to tell formats by their bytes. */
int vn_dump_peek(struct vn_dump *d, uint64_t off, void *buf, size_t len);

/* "flattened " for a flattened stream, else "". */
const char *vn_dump_layout(const struct vn_dump *d);

#endif /* VN_DUMP_H */
