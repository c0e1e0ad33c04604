// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_readers.c - vtd-note's dump readers on dumps built by hand the way
 * makedumpfile 1.7.2 lays them out: ELF, kdump-compressed (every header
 * version with notes, every compression flag), flattened from a file and
 * from a pipe (records in makedumpfile's own order, reversed, rewritten),
 * plain dumps on a pipe and the parts of a split dump.  Each malformed
 * one must fail with one message naming the thing and its offset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vtd-note.h"
#include "dump.h"
#include "load.h"

#define BLOCK 4096

const char *vn_prog = "vtd-note";
static char errs[4096]; /* every message printed, one per line */

void vn_err(const char *fmt, ...)
{
	size_t len = strlen(errs);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errs + len, sizeof(errs) - len, fmt, ap);
	va_end(ap);
	len = strlen(errs);
	if (len + 1 < sizeof(errs))
		strcpy(errs + len, "\n");
}

/* A growable byte image: a dump, or a stream. */
struct blob {
	uint8_t *p;
	size_t len;
};

static void put(struct blob *b, size_t off, const void *data, size_t n)
{
	if (off + n > b->len) {
		b->p = realloc(b->p, off + n);
		assert_non_null(b->p);
		memset(b->p + b->len, 0, off + n - b->len);
		b->len = off + n;
	}
	memcpy(b->p + off, data, n);
}

static void put_le32(struct blob *b, size_t off, uint32_t v)
{
	uint8_t x[4];

	vtd_st_le32(x, v);
	put(b, off, x, 4);
}

static void put_le64(struct blob *b, size_t off, uint64_t v)
{
	uint8_t x[8];

	vtd_st_le64(x, v);
	put(b, off, x, 8);
}

static void put_be64(struct blob *b, size_t off, uint64_t v)
{
	uint8_t x[8];
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		x[i] = (uint8_t)v;
	put(b, off, x, 8);
}

/* The crashed kernel's notes: CORE, VMCOREINFO, then ours (no terminator). */
static uint8_t area[4096], notes[8192], *desc;
static size_t notes_len, desc_len, desc_at; /* desc_at: offset in notes */

static size_t put_note(uint8_t *buf, size_t len, const char *name,
		       uint32_t type, const void *d, uint32_t dsz)
{
	uint32_t nsz = (uint32_t)strlen(name) + 1;

	vtd_st_le32(buf + len, nsz);
	vtd_st_le32(buf + len + 4, dsz);
	vtd_st_le32(buf + len + 8, type);
	memset(buf + len + 12, 0, vtd_align_up(nsz, 4u));
	memcpy(buf + len + 12, name, nsz);
	len += 12 + vtd_align_up(nsz, 4u);
	memset(buf + len, 0, vtd_align_up(dsz, 4u));
	memcpy(buf + len, d, dsz);
	return len + vtd_align_up(dsz, 4u);
}

static int make_notes(void **state)
{
	static const char vmcoreinfo[] = "OSRELEASE=6.1.0\nPAGESIZE=4096\n";
	struct vtd_note_unit_info u = { .reg_base = 0xfed90000,
					.cap = 0xd2008c22260286,
					.ver = 0x10 };
	struct vtd_note_writer w;
	uint8_t prstatus[336] = { 1, 2, 3 };
	int used;

	assert_int_equal(vtd_note_init(&w, area, sizeof(area), 100), 0);
	assert_int_equal(vtd_note_add_unit(&w, &u), 0);
	assert_int_equal(vtd_note_add_root(&w, 0, 0x1001, 0), 0);
	assert_int_equal(vtd_note_add_ctx(&w, 0, 8, 0x1000, 0x2001, 0x102),
			 0);
	used = vtd_note_finish(&w, 200);
	assert_true(used > 0);
	notes_len = put_note(notes, 0, "CORE", 1, prstatus, sizeof(prstatus));
	notes_len = put_note(notes, notes_len, "VMCOREINFO", 0, vmcoreinfo,
			     sizeof(vmcoreinfo) - 1);
	desc_at = notes_len + VTD_NOTE_DESC_OFFSET;
	memcpy(notes + notes_len, area, (size_t)used - VTD_NOTE_TERM_SIZE);
	notes_len += (size_t)used - VTD_NOTE_TERM_SIZE;
	desc = area + VTD_NOTE_DESC_OFFSET;
	desc_len = vtd_ld_le32(area + 4);
	return 0;
}

/* An ELF64 core: ehdr, PT_NOTE, PT_LOAD, the notes, a page. */
static struct blob elf_dump(void)
{
	struct blob b = { 0 };
	Elf64_Ehdr eh = { .e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64,
				       ELFDATA2LSB, EV_CURRENT },
			  .e_type = ET_CORE, .e_machine = EM_X86_64,
			  .e_version = EV_CURRENT, .e_phoff = 64,
			  .e_ehsize = 64, .e_phentsize = 56, .e_phnum = 2 };
	Elf64_Phdr ph[2] = {
		{ .p_type = PT_NOTE, .p_offset = 64 + 2 * 56,
		  .p_filesz = notes_len },
		{ .p_type = PT_LOAD, .p_offset = BLOCK, .p_paddr = 0x100000,
		  .p_filesz = BLOCK, .p_memsz = BLOCK },
	};
	uint8_t page[BLOCK];

	memset(page, 0x5a, sizeof(page));
	put(&b, 0, &eh, sizeof(eh));
	put(&b, 64, ph, sizeof(ph));
	put(&b, 64 + 2 * 56, notes, notes_len);
	put(&b, BLOCK, page, sizeof(page));
	return b;
}

struct kdump_opts {
	uint32_t version, status;
	bool split;
	uint64_t start, end, max;
};

/* A kdump-compressed file: block 0, sub-header and notes, pages. */
static struct blob kdump_dump(const struct kdump_opts *o)
{
	struct blob b = { 0 };
	size_t sub = vtd_mdf_sub_size(o->version), i;
	uint8_t page[BLOCK];

	put(&b, 0, VTD_MDF_SIGNATURE, 8);
	put_le32(&b, 8, o->version);
	put(&b, 12, "Linux", 5);
	put_le64(&b, 0x198, 1700000000);
	put_le32(&b, 0x1a8, o->status);
	put_le32(&b, 0x1ac, BLOCK);
	put_le32(&b, 0x1b0, (uint32_t)((sub + notes_len + BLOCK - 1) / BLOCK));
	put_le32(&b, 0x1b8, (uint32_t)o->max);
	put_le32(&b, 0x1cc, 2);
	put_le32(&b, BLOCK + 8, 31);
	put_le32(&b, BLOCK + 12, o->split);
	put_le64(&b, BLOCK + 0x10, o->start);
	put_le64(&b, BLOCK + 0x18, o->end);
	put_le64(&b, BLOCK + 0x30, BLOCK + sub);
	put_le64(&b, BLOCK + 0x38, notes_len);
	if (o->version >= 6) {
		put_le64(&b, BLOCK + 0x50, o->start);
		put_le64(&b, BLOCK + 0x58, o->end);
		put_le64(&b, BLOCK + 0x60, o->max);
	}
	put(&b, BLOCK + sub, notes, notes_len);
	memset(page, 0xa5, sizeof(page));
	for (i = 0; i < 3; i++) /* bitmaps, descriptors, pages */
		put(&b, BLOCK * (2 + (sub + notes_len) / BLOCK + i), page,
		    sizeof(page));
	return b;
}

static const struct kdump_opts plain6 = { .version = 6,
					  .status = VTD_MDF_S_ZLIB,
					  .max = 0x40000 };

/* A record of a flattened stream: where its data goes in the dump. */
struct rec {
	size_t off, len;
	const uint8_t *data; /* NULL: the dump's own bytes */
};

/* makedumpfile -F: header block, the records in the given order, end. */
static struct blob flatten(const struct blob *dump, const struct rec *r,
			   size_t n, bool end)
{
	struct blob s = { 0 };
	size_t i, at = VTD_FLAT_HDR_SIZE;

	put(&s, 0, VTD_FLAT_SIGNATURE, sizeof(VTD_FLAT_SIGNATURE));
	put_be64(&s, 16, VTD_FLAT_TYPE);
	put_be64(&s, 24, 1);
	put(&s, VTD_FLAT_HDR_SIZE - 1, "", 1);
	for (i = 0; i < n; i++) {
		put_be64(&s, at, r[i].off);
		put_be64(&s, at + 8, r[i].len);
		put(&s, at + 16, r[i].data ? r[i].data : dump->p + r[i].off,
		    r[i].len);
		at += 16 + r[i].len;
	}
	if (end) {
		put_be64(&s, at, UINT64_MAX);
		put_be64(&s, at + 8, UINT64_MAX);
	}
	return s;
}

/* The whole dump in records of @chunk bytes, in file order. */
static struct blob flatten_in_order(const struct blob *dump, size_t chunk)
{
	struct rec r[64];
	size_t n = 0, off;

	for (off = 0; off < dump->len; off += chunk, n++) {
		r[n].off = off;
		r[n].len = dump->len - off < chunk ? dump->len - off : chunk;
		r[n].data = NULL;
	}
	return flatten(dump, r, n, true);
}

static char paths[4][64];
static pid_t writers[4];

static const char *to_file(int slot, const struct blob *b)
{
	int fd;

	strcpy(paths[slot], "/tmp/test_readers.XXXXXX");
	fd = mkstemp(paths[slot]);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->p, b->len), (ssize_t)b->len);
	close(fd);
	return paths[slot];
}

/* A pipe that a child fills with @b; the path names its read end. */
static const char *to_pipe(int slot, const struct blob *b)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	writers[slot] = fork();
	assert_true(writers[slot] >= 0);
	if (!writers[slot]) {
		size_t done = 0;

		close(p[0]);
		while (done < b->len) {
			ssize_t n = write(p[1], b->p + done, b->len - done);

			if (n <= 0)
				_exit(1);
			done += (size_t)n;
		}
		_exit(0);
	}
	close(p[1]);
	snprintf(paths[slot], sizeof(paths[slot]), "/proc/self/fd/%d", p[0]);
	return paths[slot];
}

static void cleanup(void)
{
	int i, fd;

	for (i = 0; i < 4; i++) {
		if (!strncmp(paths[i], "/tmp/", 5))
			unlink(paths[i]);
		if (sscanf(paths[i], "/proc/self/fd/%d", &fd) == 1)
			close(fd);
		if (writers[i] > 0)
			waitpid(writers[i], NULL, 0);
		paths[i][0] = 0;
		writers[i] = 0;
	}
}

/* Load the note from @n paths; the container it was found in, or NULL. */
static const char *load(int n, int *ret)
{
	static char container[64];
	struct vn_loaded_note ln;
	char *argv[4];
	int i;

	errs[0] = 0;
	for (i = 0; i < n; i++)
		argv[i] = paths[i];
	*ret = vn_load_note(argv, n, &ln);
	cleanup();
	if (*ret < 0)
		return NULL;
	assert_int_equal(ln.desc_len, desc_len);
	assert_memory_equal(ln.desc, desc, desc_len);
	snprintf(container, sizeof(container), "%s", ln.container);
	vn_loaded_note_free(&ln);
	assert_string_equal(errs, "");
	return container;
}

/* The note is found, in @want. */
static void expect_found(int n, const char *want)
{
	int ret;
	const char *got = load(n, &ret);

	if (!got)
		fail_msg("not found (%d): %s", ret, errs);
	assert_string_equal(got, want);
}

/* The load fails with @code, one message that contains @want. */
static void expect_error(int n, int code, const char *want)
{
	int ret;

	assert_null(load(n, &ret));
	if (ret != code || !strstr(errs, want))
		fail_msg("got %d (want %d), message:\n%s\nwant: %s", ret, code,
			 errs, want);
	/* Exactly one line. */
	assert_ptr_equal(strchr(errs, '\n'), errs + strlen(errs) - 1);
}

static void test_readers_elf_file_and_pipe(void **state)
{
	struct blob b = elf_dump();

	to_file(0, &b);
	expect_found(1, "ELF dump");
	to_pipe(0, &b);
	expect_found(1, "ELF dump");
	free(b.p);
}

/* Every header version with notes, every compression flag. */
static void test_readers_kdump_versions_and_compressions(void **state)
{
	static const uint32_t status[] = { 0,
					   VTD_MDF_S_ZLIB,
					   VTD_MDF_S_LZO,
					   VTD_MDF_S_SNAPPY,
					   VTD_MDF_S_ZSTD,
					   VTD_MDF_S_ZLIB |
						   VTD_MDF_S_INCOMPLETE };
	static const char *const names[] = {
		"kdump-compressed dump, none",
		"kdump-compressed dump, zlib",
		"kdump-compressed dump, lzo",
		"kdump-compressed dump, snappy",
		"kdump-compressed dump, zstd",
		"kdump-compressed dump, zlib",
	};
	struct kdump_opts o = plain6;
	struct blob b;
	size_t i;

	for (o.version = 4; o.version <= 6; o.version++)
		for (i = 0; i < VTD_ARRAY_SIZE(status); i++) {
			o.status = status[i];
			b = kdump_dump(&o);
			to_file(0, &b);
			expect_found(1, names[i]);
			free(b.p);
		}
	/* Through a pipe, plain (not flattened). */
	b = kdump_dump(&plain6);
	to_pipe(0, &b);
	expect_found(1, "kdump-compressed dump, zlib");
	free(b.p);
}

static void test_readers_kdump_malformed(void **state)
{
	struct blob b = kdump_dump(&plain6);
	struct blob cut = { b.p, 300 };

	to_file(0, &cut);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "kdump-compressed header at 0x0+0x1d0 runs past the end "
		     "of the dump (0x12c bytes)");
	put_le32(&b, 8, 3);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADVERSION,
		     "kdump-compressed header: unsupported version at offset "
		     "0x8 (header_version 0x3): the notes came with version 4");
	put_le32(&b, 8, 6);
	put_le32(&b, 0x1ac, 4097);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADLEN,
		     "impossible length at offset 0x1ac (block_size 0x1001)");
	put_le32(&b, 0x1ac, BLOCK);
	/* The notes placed past the end of the sub-header blocks. */
	put_le64(&b, BLOCK + 0x30, 3 * BLOCK);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADLAYOUT,
		     "kdump-compressed sub-header: inconsistent sizes or "
		     "counts at offset 0x1030 (offset_note 0x3000; the "
		     "sub-header blocks end at 0x2000)");
	put_le64(&b, BLOCK + 0x30, BLOCK + 0x68);
	/* A size that would wrap around. */
	put_le64(&b, BLOCK + 0x38, UINT64_MAX - 0x10);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADLAYOUT,
		     "inconsistent sizes or counts at offset 0x1038 "
		     "(size_note 0xffffffffffffffef");
	put_le64(&b, BLOCK + 0x38, notes_len);
	/* The file ends inside the notes. */
	cut.len = BLOCK + 0x68 + 100;
	to_file(0, &cut);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "kdump-compressed ELF notes at 0x1068+0x");
	/* A note record whose size runs past the notes. */
	vtd_st_le32(b.p + BLOCK + 0x68 + 4, 0x10000);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "kdump-compressed ELF notes at 0x1068+0x");
	assert_non_null(strstr(errs, "note record truncated at offset "
				     "0x106c"));
	free(b.p);
}

static void test_readers_flattened_file_and_pipe(void **state)
{
	struct blob d = kdump_dump(&plain6), s;

	s = flatten_in_order(&d, 1000);
	to_file(0, &s);
	expect_found(1, "flattened kdump-compressed dump, zlib");
	to_pipe(0, &s);
	expect_found(1, "flattened kdump-compressed dump, zlib");
	free(s.p);
	free(d.p);
	d = elf_dump();
	s = flatten_in_order(&d, 4096);
	to_file(0, &s);
	expect_found(1, "flattened ELF dump");
	to_pipe(0, &s);
	expect_found(1, "flattened ELF dump");
	free(s.p);
	free(d.p);
}

/*
 * makedumpfile's own order (write_kdump_header): block 0, then the notes,
 * then the sub-header that points at them, then the rest; and an ELF dump
 * whose program headers are written as zeros first and for real after
 * the pages (write_elf_header, write_elf_pages_cyclic).
 */
static void test_readers_flattened_makedumpfile_order(void **state)
{
	struct blob d = kdump_dump(&plain6), s;
	size_t sub = 0x68, rest = BLOCK + sub + notes_len;
	uint8_t zeros[2 * 56] = { 0 };
	struct rec r[] = {
		{ 0, 0x1d0, NULL },
		{ BLOCK + sub, notes_len, NULL },
		{ BLOCK, sub, NULL },
		{ rest, d.len - rest, NULL },
	};
	struct rec e[] = {
		{ 64, sizeof(zeros), zeros },
		{ 0, 64, NULL },
		{ 64 + 2 * 56, 0, NULL }, /* the notes, sized below */
		{ BLOCK, BLOCK, NULL },
		{ 64, 2 * 56, NULL },
	};

	s = flatten(&d, r, VTD_ARRAY_SIZE(r), true);
	to_pipe(0, &s);
	expect_found(1, "flattened kdump-compressed dump, zlib");
	free(s.p);
	free(d.p);
	d = elf_dump();
	e[2].len = notes_len;
	s = flatten(&d, e, VTD_ARRAY_SIZE(e), true);
	to_pipe(0, &s);
	expect_found(1, "flattened ELF dump");
	free(s.p);
	free(d.p);
}

/* A later record overwrites an earlier one, as makedumpfile -R does. */
static void test_readers_flattened_rewrites(void **state)
{
	struct blob d = kdump_dump(&plain6), s;
	static uint8_t junk[65536];
	struct rec r[] = {
		{ 0, d.len, junk }, /* garbage everywhere first */
		{ 0, d.len, NULL }, /* then the real dump */
	};

	memset(junk, 0xee, sizeof(junk));
	assert_true(d.len <= sizeof(junk));
	s = flatten(&d, r, 2, true);
	to_file(0, &s);
	expect_found(1, "flattened kdump-compressed dump, zlib");
	free(s.p);
	/* The other way round, the garbage wins: no dump at all. */
	r[0].data = NULL;
	r[1].data = junk;
	s = flatten(&d, r, 2, true);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_BADMAGIC,
		     "the flattened stream rebuilds neither an ELF nor a "
		     "kdump-compressed dump");
	free(s.p);
	/* Only the notes rewritten afterwards: their first record is junk. */
	r[0].data = NULL;
	r[1].off = BLOCK + 0x68;
	r[1].len = 16;
	s = flatten(&d, r, 2, true);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "note record truncated at offset 0x1068");
	free(s.p);
	free(d.p);
}

static void test_readers_flattened_malformed(void **state)
{
	struct blob d = kdump_dump(&plain6), s;
	struct rec r[] = {
		{ 0, BLOCK + 0x68, NULL }, /* the notes' records left out */
		{ BLOCK + 0x68 + notes_len, 100, NULL },
	};

	s = flatten_in_order(&d, 1000);
	/* Type 2. */
	s.p[0x17] = 2;
	to_file(0, &s);
	expect_error(1, -VTD_ERR_BADVERSION,
		     "flattened header: unsupported version at offset 0x10");
	s.p[0x17] = 1;
	/* A record of size 0, of size -2, at offset -1, that wraps. */
	put_be64(&s, VTD_FLAT_HDR_SIZE + 8, 0);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_BADLEN,
		     "flattened record at offset 0x1000: impossible length at "
		     "offset 0x1008 (dump offset 0x0, size 0x0)");
	put_be64(&s, VTD_FLAT_HDR_SIZE + 8, UINT64_MAX - 1);
	to_pipe(0, &s);
	expect_error(1, -VTD_ERR_BADLEN, "impossible length at offset 0x1008");
	put_be64(&s, VTD_FLAT_HDR_SIZE + 8, 1000);
	put_be64(&s, VTD_FLAT_HDR_SIZE, UINT64_MAX);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_BADLAYOUT,
		     "flattened record at offset 0x1000: inconsistent sizes or "
		     "counts at offset 0x1000 (dump offset 0xffffffffffffffff");
	put_be64(&s, VTD_FLAT_HDR_SIZE, 0x7ffffffffffffff0);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_BADLAYOUT, "at offset 0x1000 (dump offset "
					    "0x7ffffffffffffff0, size 0x3e8)");
	put_be64(&s, VTD_FLAT_HDR_SIZE, 0);
	/* No end record; a record cut short. */
	s.len -= 16;
	to_pipe(0, &s);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "flattened stream ends at offset 0x");
	assert_non_null(strstr(errs, "without its end record"));
	s.len -= 100;
	to_file(0, &s);
	expect_error(1, -VTD_ERR_TRUNCATED, "runs past the end of the stream");
	free(s.p);
	/* A hole: bytes of the notes that no record wrote. */
	s = flatten(&d, r, 2, true);
	to_file(0, &s);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "kdump-compressed ELF notes at 0x1068+0x");
	assert_non_null(strstr(errs, ": byte 0x1068 of the dump is in no "
				     "record of the flattened stream"));
	free(s.p);
	free(d.p);
}

/* A stream keeps only what the headers say: memory bounded by notes. */
static void test_readers_stream_keeps_only_the_notes(void **state)
{
	struct kdump_opts o = plain6;
	struct vn_dump dd;
	struct blob d, s;

	d = kdump_dump(&o);
	/* 40 MiB of pages after the notes. */
	d.p = realloc(d.p, 40u << 20);
	assert_non_null(d.p);
	memset(d.p + d.len, 0x77, (40u << 20) - d.len);
	d.len = 40u << 20;
	s = flatten_in_order(&d, 1u << 20);
	to_pipe(0, &s);
	assert_int_equal(vn_load_open(&dd, paths[0]), 0);
	assert_int_equal(dd.size, 40u << 20);
	assert_true(dd.narrowed);
	assert_int_equal(dd.limit, 2 * BLOCK); /* block 0 + sub-header */
	assert_true(dd.img_len <= 2 * BLOCK);
	vn_dump_close(&dd);
	cleanup();
	to_pipe(0, &d); /* plain */
	assert_int_equal(vn_load_open(&dd, paths[0]), 0);
	assert_int_equal(dd.size, 40u << 20);
	assert_int_equal(dd.limit, 2 * BLOCK);
	vn_dump_close(&dd);
	cleanup();
	free(s.p);
	free(d.p);
	d = elf_dump();
	to_pipe(0, &d);
	assert_int_equal(vn_load_open(&dd, paths[0]), 0);
	assert_int_equal(dd.limit, 64 + 2 * 56 + notes_len);
	vn_dump_close(&dd);
	cleanup();
	free(d.p);
}

static void test_readers_elf_malformed(void **state)
{
	struct blob b = elf_dump();

	/* The PT_NOTE past the end of the file. */
	put_le64(&b, 64 + 8, 0x100000);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "PT_NOTE 0 at 0x100000+0x");
	assert_non_null(strstr(errs, "runs past the end of the dump"));
	put_le64(&b, 64 + 8, 64 + 2 * 56);
	/* A huge PT_NOTE. */
	put_le64(&b, 64 + 32, 1ull << 40);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADLEN, "PT_NOTE 0 at offset 0xb0: "
					 "0x10000000000 bytes");
	put_le64(&b, 64 + 32, notes_len);
	/* Program headers past the end. */
	put_le64(&b, 0x20, 0x7fff0000);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "ELF program headers at 0x7fff0000+0x70 runs past");
	put_le64(&b, 0x20, 64);
	/* A record of the CORE note cut by a wrong n_descsz. */
	vtd_st_le32(b.p + 64 + 2 * 56 + 4, 0x7fffffff);
	to_pipe(0, &b);
	expect_error(1, -VTD_ERR_TRUNCATED,
		     "note record truncated at offset 0xb4");
	free(b.p);
}

static void test_readers_split(void **state)
{
	struct kdump_opts o = plain6;
	struct blob a, b, c;

	o.split = true;
	o.end = 0x10000;
	a = kdump_dump(&o);
	o.start = 0x10000;
	o.end = 0x40000;
	b = kdump_dump(&o);
	to_file(0, &b);
	to_file(1, &a);
	expect_found(2, "split kdump-compressed dump of 2 parts, zlib");
	/* One part alone is a dump of its own. */
	to_file(0, &a);
	expect_found(1, "kdump-compressed dump, zlib");
	/* A part missing, a part given twice. */
	o.start = 0x20000;
	c = kdump_dump(&o);
	to_file(0, &a);
	to_file(1, &c);
	expect_error(2, -VTD_ERR_BADLAYOUT,
		     "split dump: page frames 0x10000-0x20000 are in none of "
		     "the files given (a part is missing)");
	free(c.p);
	/* The last part missing: the frames end before max_mapnr. */
	o.start = 0x10000;
	o.end = 0x20000;
	c = kdump_dump(&o);
	to_file(0, &c);
	to_file(1, &a);
	expect_error(2, -VTD_ERR_BADLAYOUT,
		     "split dump: page frames 0x20000-0x40000 are in none of "
		     "the files given (a part is missing)");
	free(c.p);
	o.start = 0x20000;
	o.end = 0x40000;
	to_file(0, &a);
	to_file(1, &a);
	to_file(2, &b);
	expect_error(3, -VTD_ERR_BADLAYOUT, "page frames from 0x0 are in ");
	/* Not of the same crash: another time. */
	c = kdump_dump(&o);
	memcpy(c.p, b.p, c.len < b.len ? c.len : b.len);
	put_le64(&c, 0x198, 1700000001);
	to_file(0, &a);
	to_file(1, &c);
	expect_error(2, -VTD_ERR_BADLAYOUT,
		     ": not a part of the same dump as ");
	assert_non_null(strstr(errs, ": timestamp at offset 0x198 differs"));
	/* The notes differ. */
	memcpy(c.p, b.p, b.len);
	c.p[BLOCK + 0x68 + 20] ^= 1;
	to_file(0, &a);
	to_file(1, &c);
	expect_error(2, -VTD_ERR_BADLAYOUT,
		     "its ELF notes differ from those of ");
	assert_non_null(strstr(errs, "at offset 0x107c"));
	free(c.p);
	/* A whole dump among the parts; an ELF file among them. */
	c = kdump_dump(&plain6);
	to_file(0, &a);
	to_file(1, &c);
	expect_error(2, -VTD_ERR_BADLAYOUT,
		     "not a part of a split dump (split is 0 at offset 0x100c)");
	free(c.p);
	c = elf_dump();
	to_file(0, &a);
	to_file(1, &c);
	expect_error(2, -VTD_ERR_BADMAGIC, "not kdump-compressed: several "
					   "files are read as the parts");
	free(c.p);
	free(a.p);
	free(b.p);
}

/* Not a dump and too large for a note area: say both. */
static void test_readers_not_a_dump(void **state)
{
	struct blob b = { 0 };
	uint8_t z[1] = { 0 };

	put(&b, (5u << 20) - 1, z, 1);
	memcpy(b.p, "KDUMP  X", 8);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADMAGIC,
		     "no ELF, kdump-compressed or flattened signature, and at "
		     "0x500000 bytes too large for a note area (0x400000 at "
		     "most)");
	memcpy(b.p, "DISKDUMP", 8);
	to_file(0, &b);
	expect_error(1, -VTD_ERR_BADVERSION,
		     "diskdump file (\"DISKDUMP\"): that format keeps no ELF "
		     "notes");
	free(b.p);
	/* The snapshot area itself still reads, from a pipe too. */
	b.p = area;
	b.len = sizeof(area);
	to_pipe(0, &b);
	expect_found(1, "note area");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readers_elf_file_and_pipe),
		cmocka_unit_test(test_readers_kdump_versions_and_compressions),
		cmocka_unit_test(test_readers_kdump_malformed),
		cmocka_unit_test(test_readers_flattened_file_and_pipe),
		cmocka_unit_test(test_readers_flattened_makedumpfile_order),
		cmocka_unit_test(test_readers_flattened_rewrites),
		cmocka_unit_test(test_readers_flattened_malformed),
		cmocka_unit_test(test_readers_stream_keeps_only_the_notes),
		cmocka_unit_test(test_readers_elf_malformed),
		cmocka_unit_test(test_readers_split),
		cmocka_unit_test(test_readers_not_a_dump),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, make_notes, NULL);
}
