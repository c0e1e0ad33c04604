#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seeds of the dump readers' fuzz targets around a note area
(one of fuzz_note's seeds), laid out as makedumpfile 1.7.2 writes them:
an ELF core, a kdump-compressed file, both flattened in makedumpfile's
own record order, and two parts of a split dump.  Small: one page of
"memory" each.

  mkseed-dump.py NOTE-AREA CORPUSDIR
"""
import os
import struct
import sys

area = open(sys.argv[1], 'rb').read()
out = sys.argv[2]


def note(name, ntype, desc):
    n = name + b'\0'
    return (struct.pack('<III', len(n), len(desc), ntype) +
            n.ljust((len(n) + 3) & ~3, b'\0') +
            desc.ljust((len(desc) + 3) & ~3, b'\0'))


# The crashed kernel's notes: CORE, VMCOREINFO, ours (no terminator).
ours_len = 24 + struct.unpack_from('<I', area, 4)[0]
notes = (note(b'CORE', 1, bytes(336)) +
         note(b'VMCOREINFO', 0, b'OSRELEASE=6.1.0\nPAGESIZE=4096\n') +
         area[:ours_len])
page = bytes([0x5a]) * 4096

# ELF64 core: ehdr, PT_NOTE, PT_LOAD, notes, a page at 0x2000.
ehdr = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
ehdr += struct.pack('<HHIQQQIHHHHHH', 4, 62, 1, 0, 64, 0, 0, 64, 56, 2,
                    0, 0, 0)
phdrs = struct.pack('<IIQQQQQQ', 4, 0, 64 + 112, 0, 0, len(notes), 0, 0)
phdrs += struct.pack('<IIQQQQQQ', 1, 7, 0x2000, 0xffff888000100000,
                     0x100000, 4096, 4096, 4096)
elf = (ehdr + phdrs + notes).ljust(0x2000, b'\0') + page


def kdump(split=0, start=0, end=0, mapnr=0x100):
    sub_blocks = (104 + len(notes) + 4095) // 4096
    hdr = bytearray(4096)
    hdr[0:8] = b'KDUMP   '
    struct.pack_into('<i', hdr, 8, 6)
    hdr[12:17] = b'Linux'
    struct.pack_into('<qq', hdr, 0x198, 1700000000, 0)
    struct.pack_into('<IiiIIIIIIi', hdr, 0x1a8, 1, 4096, sub_blocks, 1,
                     mapnr, 0, 0, 0, 0, 1)
    sub = struct.pack('<QiiQQQQQQQQQQQ', 0, 31, split, start, end, 0, 0,
                      4096 + 104, len(notes), 0, 0, start, end, mapnr)
    body = (bytes(hdr) + sub + notes).ljust((1 + sub_blocks) * 4096, b'\0')
    return body + bytes([0xff]) * 64 + page  # a bitmap, a page


def rec(off, data):
    return struct.pack('>qq', off, len(data)) + data


flat_hdr = (b'makedumpfile'.ljust(16, b'\0') +
            struct.pack('>qq', 1, 1)).ljust(4096, b'\0')
end = struct.pack('>qq', -1, -1)
kd = kdump()
rest = 4096 + 104 + len(notes)
flat_kdump = (flat_hdr + rec(0, kd[:0x1d0]) + rec(4200, notes) +
              rec(4096, kd[4096:4200]) + rec(rest, kd[rest:]) + end)
nph = 64 + 112
flat_elf = (flat_hdr + rec(64, bytes(112)) + rec(0, elf[:64]) +
            rec(nph, notes) + rec(0x2000, page) + rec(64, elf[64:nph]) + end)
part1 = kdump(1, 0, 0x80)
part2 = kdump(1, 0x80, 0x100)
split = struct.pack('<H', len(part1)) + part1 + part2

for d, name, data in (('elf', 'vmcore.elf', elf),
                      ('makedumpfile', 'zlib.kdump', kd),
                      ('flat', 'kdump.flat', flat_kdump),
                      ('flat', 'elf.flat', flat_elf),
                      ('split', 'two-parts.bin', split)):
    os.makedirs(os.path.join(out, d), exist_ok=True)
    open(os.path.join(out, d, name), 'wb').write(data)
    assert len(data) <= 65536, name
