# SPDX-License-Identifier: GPL-2.0-or-later
"""The guest's init lines ("E2E: ...") from a serial log, whole again.

The init and the kernel share the console.  A kernel record printed while
one of the init's lines is on its way lands inside that line: the line's
head, the record (from its timestamp to its newline), any records after
it, then the line's tail on a line of its own.  A long line (a note as
JSON, 1,500 to 3,500 characters) is cut this way now and then, most often
while devices fault (the stray-write guests print a DMAR fault a few
milliseconds after the note).  These lines are put back together here, so
a check reads what the init printed and not what the console mixed in.
"""

import re

# A kernel console record begins with its timestamp (printk.time=1).
RECORD = re.compile(r'\[\s*\d+\.\d{6}\] ')
# The init's one kind of line whose text is a kernel record, dmesg's.
OWN_RECORD = re.compile(r'E2E: dmesg: \[\s*\d+\.\d{6}\] ')


def e2e_lines(serial, prefix='E2E: '):
    """Every line of SERIAL that begins with PREFIX, without it, each cut
    by kernel records mended."""
    lines = serial.splitlines()
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.startswith('E2E: '):
            continue
        own = OWN_RECORD.match(line)
        start = own.end() if own else 5
        cut = RECORD.search(line, start)
        while cut:
            # The records run to the end of this line and over whole lines
            # after it; the first line that is not a record is the tail.
            while i < len(lines) and RECORD.match(lines[i]):
                i += 1
            tail = lines[i] if i < len(lines) else ''
            i += 1
            line = line[:cut.start()] + tail
            cut = RECORD.search(line, cut.start())
        if line.startswith(prefix):
            out.append(line[len(prefix):])
    return out
