#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a crashed machine for `vtd-note tables`: the note (as the JSON
`vtd-note make` reads) and its memory (MEM, loaded at BASE by mkcore),
whose tables were laid out here by hand from the VT-d formats (9.1, 9.3,
9.8, 9.10).  One legacy unit, bus 0 and bus 1:

  00:02.0  domain 4, 3 levels: IOVA 0x1000 -> 0x1100000 (4 KiB, rw),
           0x2000 -> 0x1101000 (read-only), 0x200000 -> 0x1200000 (2 MiB)
           IOVA 0x40000000 -> a level-2 table that points back at level 3
           IOVA 0x80000000 -> a table page not in the dump
  00:03.0  pass-through
  00:05.0  domain 7: its entry in memory is not the note's (rewritten)
  01:00.0  bus 1, whose context table is not in the dump
and two IRTEs; and a second unit in scalable mode (9.2, 9.4-9.7), bus 3:
  03:02.0  RID_PASID 0, first-stage, 4 levels, domain 9:
           IOVA 0x5000 -> 0x1300000 (4 KiB, rw)
  03:11.0  (the root entry's upper half) second-stage, 3 levels, domain
           10: 00:02.0's tables
With --segments the scalable unit is segment 1's and its devices are on
bus 0 there: 0001:00:02.0 and 0001:00:11.0, beside segment 0's 00:02.0.

  mktables.py NOTE.json MEM [--segments]     (prints BASE)
"""
import json
import struct
import sys

BASE = 0x1000000
(ROOT, CT0, L3, L2, L1, L2LOOP, IRT, DATA, SROOT, SCT_LO, SCT_HI, DIR,
 PTBL, FS4, FS3, FS2, FS1, DIR2, PTBL2) = (BASE + i * 0x1000
                                         for i in range(19))
CT1 = 0x5000000      # bus 1's context table: outside the dump's memory
MISSING = 0x6000000  # a table page the dump lacks
R, W, PS = 1, 2, 1 << 7
mem = bytearray(0x100000)


def put(pa, v):
    struct.pack_into('<Q', mem, pa - BASE, v)


def ctx(devfn, lo, hi):
    put(CT0 + devfn * 16, lo)
    put(CT0 + devfn * 16 + 8, hi)
    return {'bus': 0, 'devfn': devfn, 'table': hex(CT0), 'lo': hex(lo),
            'hi': hex(hi)}


put(ROOT, CT0 | 1)
put(ROOT + 16, CT1 | 1)
contexts = [
    ctx(0x10, L3 | 1, 4 << 8 | 1),          # TT 0, AW 1: 3 levels
    ctx(0x18, 2 << 2 | 1, 5 << 8 | 1),      # TT 2: pass-through
    ctx(0x28, L3 | 1, 7 << 8 | 1),
    {'bus': 1, 'devfn': 0, 'table': hex(CT1), 'lo': hex(L3 | 1),
     'hi': hex(8 << 8 | 1)},
]
put(CT0 + 0x28 * 16 + 8, 9 << 8 | 1)        # rewritten since: domain 9
put(L3, L2 | R | W)
put(L3 + 8, L2LOOP | R | W)                 # IOVA 1 GiB
put(L3 + 16, MISSING | R | W)               # IOVA 2 GiB
put(L2, L1 | R | W)
put(L2 + 8, 0x1200000 | PS | R | W)         # IOVA 2 MiB: a 2 MiB page
put(L1 + 8, 0x1100000 | R | W)
put(L1 + 16, 0x1101000 | R)
put(L2LOOP, L3 | R | W)                     # back at the top
irtes = [(0, 0x0000010000230001 | 0xc, 0x40010),
         (1, 0x0000020000240001, 0x40028)]
for idx, lo, hi in irtes:
    put(IRT + idx * 16, lo)
    put(IRT + idx * 16 + 8, hi)

# The scalable unit.
SEGMENTS = sys.argv[3:] == ['--segments']
SEG, SBUS = (1, 0) if SEGMENTS else (0, 3)
US = 1 << 2
put(SROOT + SBUS * 16, SCT_LO | 1)
put(SROOT + SBUS * 16 + 8, SCT_HI | 1)
sm_contexts, pasids = [], []


def sm_dev(devfn, table, pe):
    ct = SCT_HI if devfn >= 128 else SCT_LO
    dirpa = DIR if devfn < 128 else DIR2      # each a page (9.4, 9.5)
    ptbl = PTBL if devfn < 128 else PTBL2
    val = [dirpa | 1, 0, 0, 0]            # PDTS 0, RID_PASID 0
    for i, v in enumerate(val):
        put(ct + (devfn % 128) * 32 + i * 8, v)
    put(dirpa, ptbl | 1)
    for i, v in enumerate(pe):
        put(ptbl + i * 8, v)
    sm_contexts.append({'bus': SBUS, 'devfn': devfn, 'table': hex(ct),
                        'val': [hex(v) for v in val]})
    pasids.append({'bus': SBUS, 'devfn': devfn, 'pasid': 0,
                   'dir': hex(ptbl | 1), 'table': hex(ptbl),
                   'val': [hex(v) for v in pe]})


sm_dev(0x10, FS4, [1 << 6 | 1, 9, FS4, 0, 0, 0, 0, 0])      # PGTT 1, FSPM 0
sm_dev(0x88, L3, [L3 | 2 << 6 | 1 << 2 | 1, 10, 0, 0, 0, 0, 0, 0])  # SS
put(FS4, FS3 | 1 | W | US)
put(FS3, FS2 | 1 | W | US)
put(FS2, FS1 | 1 | W | US)
put(FS1 + 5 * 8, 0x1300000 | 1 | W | US)

note = {'tsc_start': '0x1', 'tsc_end': '0x2', 'units': [{
    'register_base': '0xfed90000', 'segment': 0, 'mode': 'legacy',
    'ver': '0x10', 'cap': '0xd2008c22260286', 'ecap': '0xf00f5e',
    'gsts': '0xc7000000', 'fsts': '0x0', 'rtaddr': hex(ROOT),
    'irta': hex(IRT | 0xf),
    'roots': [{'bus': 0, 'lo': hex(CT0 | 1), 'hi': '0x0'},
              {'bus': 1, 'lo': hex(CT1 | 1), 'hi': '0x0'}],
    'contexts': contexts,
    'irtes': [{'index': i, 'lo': hex(lo), 'hi': hex(hi)}
              for i, lo, hi in irtes],
    'faults': [{'index': 0, 'lo': '0x1234000',
                'hi': hex(1 << 63 | 5 << 32 | 0x10)}],
}, {
    'register_base': '0xfed91000', 'segment': SEG, 'mode': 'scalable',
    'ver': '0x30', 'cap': '0xd2008c40660462', 'ecap': '0x1c0002f0eb',
    'gsts': '0xc0000000', 'fsts': '0x0', 'rtaddr': hex(SROOT | 1 << 10),
    'irta': '0x0',
    'roots': [{'bus': SBUS, 'lo': hex(SCT_LO | 1), 'hi': hex(SCT_HI | 1)}],
    'sm_contexts': sm_contexts, 'pasids': pasids,
}]}
with open(sys.argv[1], 'w') as f:
    json.dump(note, f)
with open(sys.argv[2], 'wb') as f:
    f.write(mem)
print(hex(BASE))
