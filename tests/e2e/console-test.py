#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/e2e/console.py: the init's lines mended where kernel records cut
them, on lines of a real serial log (stray-pt-adopt: its note, then the
DMAR fault the first kernel's stray write raised).  In one CI run the
record landed before the note line's newline, and the e2e's check read
the note as JSON followed by "[    5.064273] DMAR: ..." and stopped."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console import e2e_lines  # noqa: E402

NOTE = ('{"major":1,"minor":3,"flags":1,"flag_names":"complete",'
        '"units":[{"register_base":"0xfed90000","rtaddr":"0x5fa000",'
        '"contexts":[{"bus":0,"devfn":16}]}]}')
RECORDS = ['[    5.064273] DMAR: DRHD: handling fault status reg 2',
           '[    5.068996] DMAR: [DMA Write NO_PASID] Request device '
           '[00:02.0] fault addr 0x2f1a0000 [fault reason 0x05] PTE Write '
           'access is not set']
DMESG = 'E2E: dmesg: [    0.078803] DMAR: IOMMU enabled'
BEFORE = '[    5.014785] random: crng init done'
AFTER = 'E2E: note: KEXEC-VTD note v1.3: 1 unit, flags complete'

n = 0
failed = 0


def ok(cond, desc, why=''):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print('%sok %d - %s' % ('' if cond else 'not ', n, desc))
    if not cond and why:
        print('# ' + str(why).replace('\n', '\n# '))


def serial(note_line):
    return '\r\n'.join([BEFORE, DMESG] + note_line + [AFTER]) + '\r\n'


def lines_with(cut_at, records):
    """The note line as the console shows it when RECORDS came while its
    first CUT_AT characters had gone out."""
    line = 'E2E: note-json: ' + NOTE
    head, tail = line[:cut_at], line[cut_at:]
    return [head + records[0]] + records[1:] + [tail]


whole = e2e_lines(serial(['E2E: note-json: ' + NOTE]))
ok(whole == ['dmesg: [    0.078803] DMAR: IOMMU enabled',
             'note-json: ' + NOTE, AFTER[5:]],
   'a log nothing cut: every E2E line, a dmesg line\'s own timestamp kept',
   whole)

end = len('E2E: note-json: ' + NOTE)
cut = serial(lines_with(end, RECORDS))
try:
    json.loads(cut.splitlines()[2][len('E2E: note-json: '):])
    raw = 'parsed'
except ValueError as e:
    raw = str(e)
ok(raw.startswith('Extra data'), 'the CI run\'s failure reproduced: a '
   'record before the newline reads as "Extra data" after the JSON', raw)
ok(e2e_lines(cut) == whole, 'a record before the newline: the note line '
   'whole, the record not in it', e2e_lines(cut))

for at in (16, 17, 40, end // 2, end - 1):
    for k in (1, 2):
        got = e2e_lines(serial(lines_with(at, RECORDS[:k])))
        ok(got == whole and json.loads(got[1][11:])['units'][0]['rtaddr']
           == '0x5fa000', '%d record(s) at character %d: the line whole '
           'again, the JSON parses' % (k, at), got)

# A dmesg line cut after its own timestamp: mended, its own kept.
dm = DMESG[:30] + RECORDS[0]
got = e2e_lines('\n'.join([dm, DMESG[30:], AFTER]))
ok(got == [DMESG[5:], AFTER[5:]], 'a dmesg line cut by a record: whole, '
   'its own timestamp kept', got)

# Two E2E lines in a row, each cut.
a = 'E2E: a: ' + 'x' * 50
b = 'E2E: b: ' + 'y' * 50
got = e2e_lines('\n'.join([a[:20] + RECORDS[0], a[20:], b[:9] + RECORDS[1],
                           RECORDS[0], b[9:]]))
ok(got == [a[5:], b[5:]], 'two cut lines in a row: both whole', got)

# A prefix picks its lines only.
got = e2e_lines(serial(lines_with(40, RECORDS)), 'E2E: note-json: ')
ok(got == [NOTE], 'a prefix: only its lines, without it', got)

print('1..%d' % n)
sys.exit(1 if failed else 0)
