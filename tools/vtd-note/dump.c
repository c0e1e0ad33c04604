// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump.c - a dump's bytes at their offsets: read in place, or kept from a
 * stream.
 *
 * A stream is read once.  A flattened one (makedumpfile -F) is a header
 * block and then records of (offset, size, data); each is applied where it
 * says, in order, so a later record overwrites an earlier one, exactly as
 * makedumpfile -R rebuilds the file.  A plain dump on a pipe is one record
 * at offset 0.  Only bytes below `limit` are kept: first the most any
 * dump's headers and notes take, then, as soon as the headers that have
 * arrived tell, just what they say.  The rest is skipped (lseek in a
 * file) or read and dropped (a pipe is drained, so whatever writes it,
 * makedumpfile or tee, finishes normally).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vtd-note.h"
#include "dump.h"

#define CHUNK (1u << 20) /* bytes read or dropped at a time */

const char *vn_dump_layout(const struct vn_dump *d)
{
	return d->flattened ? "flattened " : "";
}

/* Read up to @len bytes, fewer only at the end; -1 after printing why. */
static ssize_t read_full(struct vn_dump *d, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(d->fd, (uint8_t *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vn_err("%s: read: %s", d->path, strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Pass over @len bytes of the stream; returns how many there were. */
static int64_t skip(struct vn_dump *d, uint64_t len, bool seekable)
{
	static uint8_t sink[CHUNK];
	uint64_t done = 0;

	if (seekable) {
		off_t here = lseek(d->fd, 0, SEEK_CUR);
		struct stat st;

		if (here < 0 || fstat(d->fd, &st) < 0)
			return -1;
		if ((uint64_t)st.st_size - (uint64_t)here < len)
			len = (uint64_t)st.st_size - (uint64_t)here;
		if (lseek(d->fd, (off_t)len, SEEK_CUR) < 0)
			return -1;
		return (int64_t)len;
	}
	while (done < len) {
		size_t n = len - done < CHUNK ? (size_t)(len - done) : CHUNK;
		ssize_t got = read_full(d, sink, n);

		if (got < 0)
			return -1;
		done += (uint64_t)got;
		if ((size_t)got < n)
			break;
	}
	return (int64_t)done;
}

/* Make img (and have) cover [0, @end); new bytes are zero and unwritten. */
static int grow(struct vn_dump *d, uint64_t end)
{
	uint64_t cap = d->img_cap;
	uint8_t *img, *have;

	if (end <= d->img_len)
		return 0;
	if (end > cap) {
		/* Double, so a stream kept chunk by chunk is copied little. */
		cap = cap * 2 > end ? cap * 2 : end;
		if (cap > d->limit && end <= d->limit)
			cap = d->limit;
		img = realloc(d->img, cap);
		if (!img)
			goto out_nomem;
		d->img = img;
		have = realloc(d->have, (cap + 7) / 8);
		if (!have)
			goto out_nomem;
		d->have = have;
		d->img_cap = cap;
	}
	memset(d->img + d->img_len, 0, end - d->img_len);
	memset(d->have + (d->img_len + 7) / 8, 0,
	       (end + 7) / 8 - (d->img_len + 7) / 8);
	/* The partial byte of the old bitmap: clear the bits past img_len. */
	if (d->img_len % 8)
		d->have[d->img_len / 8] &=
			(uint8_t)((1u << (d->img_len % 8)) - 1);
	d->img_len = end;
	return 0;

out_nomem:
	vn_err("%s: out of memory", d->path);
	return -VTD_ERR_INTERNAL;
}

static void mark(struct vn_dump *d, uint64_t off, uint64_t len)
{
	for (; len && off % 8; off++, len--)
		d->have[off / 8] |= (uint8_t)(1u << (off % 8));
	memset(d->have + off / 8, 0xff, len / 8);
	off += len / 8 * 8;
	for (len %= 8; len; off++, len--)
		d->have[off / 8] |= (uint8_t)(1u << (off % 8));
}

static bool marked(const struct vn_dump *d, uint64_t off)
{
	return d->have[off / 8] & (1u << (off % 8));
}

/* Once the headers tell what the notes need, keep no more than that. */
static void narrow(struct vn_dump *d)
{
	uint64_t end;

	if (d->narrowed || !d->meta_end)
		return;
	d->quiet = true;
	end = d->meta_end(d);
	d->quiet = false;
	if (!end)
		return;
	d->narrowed = true;
	if (end < d->limit)
		d->limit = end;
	if (d->img_len > d->limit)
		d->img_len = d->limit; /* the tail stays allocated, unused */
}

/*
 * Take @len bytes at dump offset @off from the stream: the part below
 * limit into img (grown only by what arrives), the rest skipped.
 * Returns the bytes the stream had.
 */
static int64_t take(struct vn_dump *d, uint64_t off, uint64_t len,
		    bool seekable)
{
	static uint8_t buf[CHUNK];
	uint64_t keep = 0, done = 0;
	int64_t rest;

	if (off < d->limit)
		keep = d->limit - off < len ? d->limit - off : len;
	while (done < keep) {
		size_t n = keep - done < CHUNK ? (size_t)(keep - done) : CHUNK;
		ssize_t got = read_full(d, buf, n);

		if (got < 0 || grow(d, off + done + (uint64_t)got) < 0)
			return -1;
		if (got) {
			memcpy(d->img + off + done, buf, (size_t)got);
			mark(d, off + done, (uint64_t)got);
		}
		done += (uint64_t)got;
		if ((size_t)got < n)
			return (int64_t)done;
	}
	rest = skip(d, len - keep, seekable);
	if (rest < 0)
		return -1;
	return (int64_t)keep + rest;
}

/* makedumpfile -F: the header block, then records to the end record. */
static int read_flattened(struct vn_dump *d, bool seekable)
{
	uint64_t bad = 0, at = VTD_FLAT_HDR_SIZE;
	int ret;

	ret = vtd_flat_check_header(d->head, d->head_len, &bad);
	if (ret == 0 && d->head_len < VTD_FLAT_HDR_SIZE)
		ret = -VTD_ERR_TRUNCATED, bad = d->head_len;
	if (ret < 0) {
		vn_err("%s: flattened header: %s at offset 0x%llx", d->path,
		       vtd_strerror(ret), (unsigned long long)bad);
		return ret;
	}
	for (;;) {
		uint8_t rec[sizeof(struct vtd_flat_rec)];
		uint64_t off, size;
		size_t field = 0;
		ssize_t n = read_full(d, rec, sizeof(rec));
		int64_t got;

		if (n < 0)
			return -VTD_ERR_ACCESS;
		if ((size_t)n < sizeof(rec)) {
			vn_err("%s: flattened stream ends at offset 0x%llx "
			       "without its end record",
			       d->path, (unsigned long long)(at + n));
			return -VTD_ERR_TRUNCATED;
		}
		ret = vtd_flat_decode_rec(rec, &off, &size, &field);
		if (ret == 0)
			return 0;
		if (ret < 0) {
			vn_err("%s: flattened record at offset 0x%llx: %s at "
			       "offset 0x%llx (dump offset 0x%llx, size "
			       "0x%llx)",
			       d->path, (unsigned long long)at,
			       vtd_strerror(ret),
			       (unsigned long long)(at + field),
			       (unsigned long long)off,
			       (unsigned long long)size);
			return ret;
		}
		got = take(d, off, size, seekable);
		if (got < 0)
			return -VTD_ERR_ACCESS;
		if ((uint64_t)got < size) {
			vn_err("%s: flattened record at offset 0x%llx (dump "
			       "offset 0x%llx, size 0x%llx) runs past the "
			       "end of the stream at 0x%llx",
			       d->path, (unsigned long long)at,
			       (unsigned long long)off,
			       (unsigned long long)size,
			       (unsigned long long)(at + sizeof(rec) +
						    (uint64_t)got));
			return -VTD_ERR_TRUNCATED;
		}
		if (off + size > d->size)
			d->size = off + size;
		at += sizeof(rec) + size;
		narrow(d);
	}
}

/* A dump on a pipe: one record at offset 0, to the end. */
static int read_plain(struct vn_dump *d)
{
	if (grow(d, d->head_len) < 0)
		return -VTD_ERR_INTERNAL;
	if (d->head_len) {
		memcpy(d->img, d->head, d->head_len);
		mark(d, 0, d->head_len);
	}
	d->size = d->head_len;
	narrow(d);
	for (;;) {
		int64_t got = take(d, d->size, CHUNK, false);

		if (got < 0)
			return -VTD_ERR_ACCESS;
		d->size += (uint64_t)got;
		if (got < CHUNK)
			return 0;
		narrow(d);
	}
}

int vn_dump_open(struct vn_dump *d, const char *path,
		 uint64_t (*meta_end)(struct vn_dump *d))
{
	bool seekable;
	struct stat st;
	ssize_t n;
	int ret;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->limit = VN_DUMP_KEEP_MAX;
	d->meta_end = meta_end;
	if (!strcmp(path, "-")) {
		d->fd = STDIN_FILENO;
		d->path = "(standard input)";
	} else {
		d->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (d->fd < 0) {
			vn_err("%s: %s", path, strerror(errno));
			return -VTD_ERR_ACCESS;
		}
		d->own_fd = true;
	}
	if (fstat(d->fd, &st) < 0) {
		vn_err("%s: %s", d->path, strerror(errno));
		ret = -VTD_ERR_ACCESS;
		goto out_close;
	}
	/* A pipe, a socket or a terminal can be read only once. */
	seekable = S_ISREG(st.st_mode) && lseek(d->fd, 0, SEEK_CUR) == 0;
	n = read_full(d, d->head, sizeof(d->head));
	if (n < 0) {
		ret = -VTD_ERR_ACCESS;
		goto out_close;
	}
	d->head_len = (size_t)n;
	if (d->head_len >= sizeof(VTD_FLAT_SIGNATURE) &&
	    !memcmp(d->head, VTD_FLAT_SIGNATURE, sizeof(VTD_FLAT_SIGNATURE))) {
		d->stream = d->flattened = true;
		ret = read_flattened(d, seekable);
	} else if (!seekable) {
		d->stream = true;
		ret = read_plain(d);
	} else {
		d->size = (uint64_t)st.st_size;
		return 0;
	}
	if (ret < 0)
		goto out_close;
	return 0;

out_close:
	vn_dump_close(d);
	return ret;
}

void vn_dump_close(struct vn_dump *d)
{
	if (d->own_fd && d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->own_fd = false;
	free(d->img);
	free(d->have);
	d->img = d->have = NULL;
	d->img_len = d->img_cap = 0;
}

static int read_stream(struct vn_dump *d, uint64_t off, void *buf, size_t len,
		       const char *what)
{
	uint64_t i;

	if (off + len > d->img_len && off + len <= d->size) {
		if (!d->quiet)
			vn_err("%s: %s at 0x%llx+0x%zx lies past the first "
			       "0x%llx bytes of the %sdump, all that is kept "
			       "from a stream (save it to a file first)",
			       d->path, what, (unsigned long long)off, len,
			       (unsigned long long)d->limit, vn_dump_layout(d));
		return -VTD_ERR_TRUNCATED;
	}
	for (i = off; i < off + len; i++)
		if (!marked(d, i))
			break;
	if (i < off + len) {
		if (!d->quiet && d->flattened)
			vn_err("%s: %s at 0x%llx+0x%zx: byte 0x%llx of the "
			       "dump is in no record of the flattened stream",
			       d->path, what, (unsigned long long)off, len,
			       (unsigned long long)i);
		else if (!d->quiet)
			vn_err("%s: %s at 0x%llx+0x%zx runs past the end of "
			       "the stream (0x%llx bytes)",
			       d->path, what, (unsigned long long)off, len,
			       (unsigned long long)d->size);
		return -VTD_ERR_TRUNCATED;
	}
	if (buf)
		memcpy(buf, d->img + off, len);
	return 0;
}

int vn_dump_read(struct vn_dump *d, uint64_t off, void *buf, size_t len,
		 const char *what)
{
	size_t got = 0;

	if (off > UINT64_MAX - len || off + len > d->size) {
		if (!d->quiet)
			vn_err("%s: %s at 0x%llx+0x%zx runs past the end of "
			       "the %sdump (0x%llx bytes)",
			       d->path, what, (unsigned long long)off, len,
			       vn_dump_layout(d), (unsigned long long)d->size);
		return -VTD_ERR_TRUNCATED;
	}
	if (d->stream)
		return read_stream(d, off, buf, len, what);
	if (!buf)
		return 0;
	while (got < len) {
		ssize_t n = pread(d->fd, (uint8_t *)buf + got, len - got,
				  (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!d->quiet)
				vn_err("%s: %s at 0x%llx+0x%zx: %s", d->path,
				       what, (unsigned long long)off, len,
				       n ? strerror(errno)
					 : "the file ends before it");
			return n ? -VTD_ERR_ACCESS : -VTD_ERR_TRUNCATED;
		}
		got += (size_t)n;
	}
	return 0;
}

int vn_dump_peek(struct vn_dump *d, uint64_t off, void *buf, size_t len)
{
	bool quiet = d->quiet;
	int ret;

	d->quiet = true;
	ret = vn_dump_read(d, off, buf, len, "bytes");
	d->quiet = quiet;
	return ret;
}
