#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Rewrite an ELF dump (mkcore's) as a kdump-compressed one, as
makedumpfile -c writes it, for vtd-note tables' memory through
libkdumpfile (whose reader, not ours, must take it):

  mkdiskdump.py ELF OUT [--exclude PA]... [--corrupt PA] [--raw PA]...

The layout (makedumpfile's disk_dump_header, version 6, and
kdump_sub_header; two bitmaps, the RAM and the dumped pages; a page
descriptor per dumped page; the pages, zlib-compressed):
--exclude PA   the page holding PA is RAM but left out (makedumpfile -d)
--corrupt PA   the page holding PA is stored as bytes zlib refuses
--raw PA       the page holding PA is stored uncompressed
"""
import struct
import sys
import zlib

PAGE = 4096


def main(argv):
    src, out = argv[1], argv[2]
    exclude, raw, corrupt = set(), set(), set()
    i = 3
    while i < len(argv):
        pfn = int(argv[i + 1], 0) // PAGE
        {'--exclude': exclude, '--raw': raw,
         '--corrupt': corrupt}[argv[i]].add(pfn)
        i += 2
    elf = open(src, 'rb').read()
    phoff, = struct.unpack_from('<Q', elf, 0x20)
    phentsize, phnum = struct.unpack_from('<HH', elf, 0x36)
    notes, pages = b'', {}
    for n in range(phnum):
        typ, _, off, _, pa, filesz, memsz, _ = struct.unpack_from(
            '<IIQQQQQQ', elf, phoff + n * phentsize)
        if typ == 4:                            # PT_NOTE
            notes += elf[off:off + filesz]
        elif typ == 1:                          # PT_LOAD, page-aligned here
            for at in range(0, memsz, PAGE):
                data = elf[off + at:off + min(at + PAGE, filesz)]
                pages[(pa + at) // PAGE] = data.ljust(PAGE, b'\0')
    max_pfn = max(pages) + 1
    bitmap_len = (max_pfn + 7) // 8
    bitmap_blocks = 2 * ((bitmap_len + PAGE - 1) // PAGE)
    sub_blocks = (104 + len(notes) + PAGE - 1) // PAGE

    hdr = bytearray(PAGE)
    hdr[0:8] = b'KDUMP   '
    struct.pack_into('<i', hdr, 8, 6)               # header_version
    for k, s in enumerate((b'Linux', b'mkdiskdump', b'6.1.0', b'#1',
                           b'x86_64', b'(none)')):  # new_utsname
        hdr[12 + 65 * k:12 + 65 * k + len(s)] = s
    struct.pack_into('<IiiIIIIIIi', hdr, 0x1a8, 1, PAGE, sub_blocks,
                     bitmap_blocks, max_pfn, 0, 0, 0, 0, 1)
    sub = bytearray(104)
    struct.pack_into('<QiiQQqQqQqQQQQ', sub, 0, 0, 0, 0, 0, max_pfn, 0, 0,
                     PAGE + 104, len(notes), 0, 0, 0, max_pfn, max_pfn)
    ram = bytearray(bitmap_blocks // 2 * PAGE)
    dumped = bytearray(len(ram))
    for pfn in pages:
        ram[pfn // 8] |= 1 << (pfn % 8)
        if pfn not in exclude:
            dumped[pfn // 8] |= 1 << (pfn % 8)
    head = bytes(hdr) + bytes(sub) + notes
    head += bytes(-len(head) % PAGE) + bytes(ram) + bytes(dumped)
    kept = sorted(p for p in pages if p not in exclude)
    data_at = len(head) + 24 * len(kept)
    descs, body = b'', b''
    for pfn in kept:
        if pfn in raw:
            blob, flags = pages[pfn], 0
        elif pfn in corrupt:
            blob, flags = b'\x78\x9c' + b'\xff' * 64, 1
        else:
            blob, flags = zlib.compress(pages[pfn]), 1
        descs += struct.pack('<qIIQ', data_at + len(body), len(blob), flags,
                             0)
        body += blob
    open(out, 'wb').write(head + descs + body)


if __name__ == '__main__':
    main(sys.argv)
