#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write fuzz_fence's seeds into DIR: the header (walk: levels, format,
root page, budget; SLLPS; four fence and four more RAM ranges) and old
memory from address 0, a page at a time, laid out as fuzz_fence.c reads
them.  Each seed is a walk the fuzzer can grow from: second-stage
tables of four levels with 4 KiB, 2 MiB and 1 GiB leaves, one of which
reaches the fence; first-stage tables of five levels; and RAM ranges that
overlap, as x86's kernel-text PT_LOAD lies inside a RAM one.

  mkseed-fence.py DIR
"""
import struct
import sys

R, W, P, PS = 1, 2, 1, 1 << 7


def header(levels, fs, root, budget, sllps, fence, ram):
    h = bytes([levels, fs, root, budget, sllps]).ljust(8, b'\0')
    for start, pages in (fence + [(0, 0)] * 4)[:4]:
        h += struct.pack('<IHH', start, pages, 0)
    for start, pages in (ram + [(0, 0)] * 4)[:4]:
        h += struct.pack('<II', start, pages)
    return h.ljust(96, b'\0')


def pages(tables, n):
    mem = bytearray(4096 * n)
    for (page, index), value in tables.items():
        struct.pack_into('<Q', mem, 4096 * page + 8 * index, value)
    return bytes(mem)


seeds = {}
# Second stage, 4 levels: root 0 -> 1 -> 2 -> 3 (4 KiB leaves), and a
# 2 MiB and a 1 GiB leaf; the fence holds the 2 MiB page.
ss = {(0, 0): 0x1000 | R | W, (1, 0): 0x2000 | R | W,
      (1, 1): 0x40000000 | R | W | PS, (2, 0): 0x3000 | R | W,
      (2, 5): 0xa00000 | R | W | PS}
for i in range(8):
    ss[(3, i)] = (0x100 + i) << 12 | R | W
seeds['ss-4level-hit'] = header(4, 0, 0, 16, 3, [(0xa00, 1)], []) + \
    pages(ss, 4)
seeds['ss-4level-clear'] = header(4, 0, 0, 16, 3, [(0x5000, 16)], []) + \
    pages(ss, 4)
# First stage, 5 levels: 0 -> 1 -> 2 -> 3 -> 4, present bit only.
fs = {(0, 0): 0x1000 | P, (1, 0): 0x2000 | P, (2, 0): 0x3000 | P,
      (3, 0): 0x4000 | P, (3, 2): 0x600000 | P | PS}
for i in range(4):
    fs[(4, i)] = (0x200 + i) << 12 | P
seeds['fs-5level'] = header(5, 1, 0, 16, 1, [(0x202, 1)], []) + pages(fs, 5)
# Overlapping RAM ranges, a fence inside: the identity builder's case.
seeds['identity-overlap'] = header(4, 0, 0, 4, 3, [(0x2f000, 0x100)],
                                   [(0x100, 0x2ef00), (0x1000, 0x1a3e),
                                    (0x3f000, 0xfdf)]) + pages({}, 1)
for name, data in seeds.items():
    open('%s/%s.bin' % (sys.argv[1], name), 'wb').write(data)
