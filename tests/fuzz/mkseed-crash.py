#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed for fuzz_crash: physical memory with an elfcorehdr at 0
whose PT_NOTE points at a note area (one of fuzz_note's seeds) at 0x1000,
as the loader lays it out.

  mkseed-crash.py NOTE-AREA OUT
"""
import struct
import sys

area = open(sys.argv[1], 'rb').read()
ehdr = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
ehdr += struct.pack('<HHIQQQIHHHHHH', 4, 62, 1, 0, 64, 0, 0, 64, 56, 1,
                    0, 0, 0)
phdr = struct.pack('<IIQQQQQQ', 4, 0, 0x1000, 0, 0, len(area), len(area),
                   0)
image = (ehdr + phdr).ljust(0x1000, b'\0') + area
open(sys.argv[2], 'wb').write(image)
