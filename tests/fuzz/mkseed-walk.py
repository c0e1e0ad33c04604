#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write fuzz_walk's seeds into DIR: the 32-byte header (RTADDR, IOVA,
bus, devfn, the memory's limit in pages, the budget) and the crashed
machine's memory from address 0, a page at a time, as fuzz_walk.c reads
them.  Seeds: a legacy device with four levels of second-stage tables and
4 KiB, 2 MiB and 1 GiB leaves; a scalable one whose PASID entry gives
five levels of first-stage tables; and a legacy one whose tables loop.

  mkseed-walk.py DIR
"""
import struct
import sys

R, W, P, PS = 1, 2, 1, 1 << 7


def seed(rtaddr, iova, bus, devfn, entries, npages=8):
    mem = bytearray(4096 * npages)
    for addr, value in entries.items():
        struct.pack_into('<Q', mem, addr, value)
    head = struct.pack('<QQBBBB', rtaddr, iova, bus, devfn, 0, 64)
    return head.ljust(32, b'\0') + bytes(mem)


def pg(n):
    return n * 4096


legacy = seed(pg(1), 0x5000, 0, 0x18, {
    pg(1): pg(2) | 1,                            # root entry, bus 0
    pg(2) + 0x18 * 16: pg(3) | 1,                # context: TT 0, AW 2
    pg(2) + 0x18 * 16 + 8: (2 << 0) | (5 << 8),
    pg(3): pg(4) | R | W,                        # level 4
    pg(4): pg(5) | R | W,                        # level 3
    pg(4) + 8: 0x40000000 | PS | R,              # 1 GiB
    pg(5): pg(6) | R | W,                        # level 2
    pg(5) + 8: 0x200000 | PS | R | W,            # 2 MiB
    pg(6) + 5 * 8: 0x12345000 | W,               # 4 KiB
    pg(6) + 6 * 8: 0x12346000 | R | W,
})
scalable = seed(pg(1) | (1 << 10), 0x1000, 0, 0x88, {
    pg(1) + 8: pg(2) | 1,                        # upper context table
    pg(2) + 8 * 32: pg(3) | 1,                   # PASID dir, PDTS 0
    pg(3): pg(4) | 1,                            # PASID table
    pg(4): 1 | (1 << 6),                         # PGTT 1: first stage
    pg(4) + 8: 9,                                # DID
    pg(4) + 16: pg(5) | (1 << 2),                # FSPM 1: five levels
    pg(5): pg(6) | 7,
    pg(6): pg(7) | 7,
    pg(7): pg(5) | 7,                            # a loop, level 3 to 5
    pg(7) + 8: 0x80000000 | PS | 7,              # 1 GiB
})
loop = seed(pg(1), 0, 0, 0, {
    pg(1): pg(2) | 1,
    pg(2): pg(3) | 1,
    pg(2) + 8: 1 << 0 | 1 << 8,                  # AW 1: three levels
    pg(3): pg(3) | R | W,
    pg(3) + 8: pg(4) | R | W,
    pg(4): pg(3) | R | W,
})
for name, data in (('legacy', legacy), ('scalable', scalable),
                   ('loop', loop)):
    with open('%s/%s' % (sys.argv[1], name), 'wb') as f:
        f.write(data)
