#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Make the loader's test inputs in a directory (argument 1):

  machine/  a recorded machine shaped like the QEMU q35 guest of the e2e
            test: /proc/iomem with crashkernel=256M, /proc/cmdline,
            /proc/kcore's ELF and program headers only, VMCOREINFO, two
            CPUs' crash_notes, and a DMAR table with one unit at
            0xfed90000 (QEMU's address).
  high/     the same shape with 6 GiB of RAM split around the PCI hole
            (2 GiB below it, 4 GiB above 4 GiB, as QEMU q35 -m 6G lays it
            out), booted with crashkernel=256M,high: two 'Crash kernel'
            ranges, 256 MiB at the top of RAM and the automatic 256 MiB
            low one below 4 GiB (where Linux puts it: top-down, 16 MiB
            aligned, under the highest RAM below 4 GiB), ACPI tables and
            NVS, and the CPUs' crash_notes above 4 GiB.
  bzImage   a minimal x86_64 bzImage: a boot-protocol 2.15 setup header
            (relocatable, 64-bit entry, 2 MiB alignment, init_size 32 MiB)
            and 64 KiB of payload.
  initrd    16 KiB.

Everything is synthetic and deterministic; the layouts are those of the
ACPI and boot-protocol specifications.
"""
import os
import struct
import sys

out = sys.argv[1]


def put(rel, data, mode='w', machine='machine'):
    path = os.path.join(out, machine, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


put('proc/iomem', '''00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000c0000-000c99ff : Video ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-3ffdffff : System RAM
  1a000000-1ac01f96 : Kernel code
  1ae00000-1b2bcfff : Kernel rodata
  2b000000-3affffff : Crash kernel
3ffe0000-3fffffff : Reserved
b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
  b0000000-bfffffff : Reserved
fed00000-fed003ff : HPET 0
fed90000-fed90fff : dmar0
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
''')
put('proc/iomem', '''00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000c0000-000c99ff : Video ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-7fedffff : System RAM
  1a000000-1ac01f96 : Kernel code
  1ae00000-1b2bcfff : Kernel rodata
  6f000000-7effffff : Crash kernel
7fee0000-7fefefff : ACPI Tables
7feff000-7fefffff : ACPI Non-volatile Storage
7ff00000-7fffffff : Reserved
80000000-afffffff : PCI Bus 0000:00
b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
  b0000000-bfffffff : Reserved
c0000000-febfffff : PCI Bus 0000:00
fed00000-fed003ff : HPET 0
fed90000-fed90fff : dmar0
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
100000000-1ffffffff : System RAM
  1f0000000-1ffffffff : Crash kernel
200000000-a7fffffff : PCI Bus 0000:00
''', machine='high')


def recorded_files(name, crashkernel, crash_notes):
    """What both machines have besides /proc/iomem."""
    put('proc/cmdline', 'console=ttyS0 intel_iommu=on %s panic=5\n' %
        crashkernel, machine=name)
    put('sys/kernel/vmcoreinfo', '3f6a1000 1000\n', machine=name)
    put('sys/devices/system/cpu/possible', '0-1\n', machine=name)
    for cpu, addr in enumerate(crash_notes):
        put('sys/devices/system/cpu/cpu%d/crash_notes' % cpu,
            '%x\n' % addr, machine=name)
    put('sys/devices/system/cpu/cpu0/crash_notes_size', '456\n',
        machine=name)
    put('proc/kcore', kcore, 'wb', machine=name)
    put('sys/firmware/acpi/tables/DMAR', dmar, 'wb', machine=name)


# /proc/kcore: ELF header and program headers (text, direct map).
phdrs = [
    # type, flags, offset, vaddr, paddr, filesz, memsz, align
    (4, 0, 0x1000, 0, 0, 0x800, 0, 4),                      # PT_NOTE
    (1, 7, 0x7fff9a000000, 0xffffffff9a000000, 0x1a000000,
     0x2000000, 0x2000000, 0x1000),                         # kernel text
    (1, 7, 0x800000001000, 0xffff8f0000001000, 0x1000,
     0x9f000, 0x9f000, 0x1000),                             # direct map
]
eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + b'\0' * 8
eh += struct.pack('<HHIQQQIHHHHHH', 4, 62, 1, 0, 64, 0, 0, 64, 56,
                  len(phdrs), 64, 0, 0)
kcore = eh + b''.join(struct.pack('<IIQQQQQQ', *p) for p in phdrs)

# DMAR: one DRHD (register base 0xfed90000) with two PCI endpoints and an
# IOAPIC, host address width 39, interrupt remapping supported.
scopes = struct.pack('<BBBBBB', 1, 8, 0, 0, 0, 0) + bytes([1, 0])
scopes += struct.pack('<BBBBBB', 1, 8, 0, 0, 0, 0) + bytes([2, 0])
scopes += struct.pack('<BBBBBB', 3, 8, 0, 0, 0, 0xf0) + bytes([0x1f, 0])
drhd = struct.pack('<HHBBHQ', 0, 16 + len(scopes), 0, 0, 0, 0xfed90000)
body = struct.pack('<BB', 38, 1) + b'\0' * 10 + drhd + scopes
hdr = b'DMAR' + struct.pack('<I', 36 + len(body)) + bytes([1, 0])
hdr += b'KVTDQM' + b'QEMUDMAR' + struct.pack('<I', 1) + b'KVTD'
hdr += struct.pack('<I', 1)
table = bytearray(hdr + body)
table[9] = (-sum(table)) & 0xff
dmar = bytes(table)

recorded_files('machine', 'crashkernel=256M', (0x3fc16c00, 0x3fc56c00))
# Per-CPU areas come from the top of RAM, just under the high crash range.
recorded_files('high', 'crashkernel=256M,high', (0x1efc16c00, 0x1efc56c00))

# bzImage: setup_sects 3 (2 KiB of setup), then the payload.
img = bytearray(2048)
img[0x1f1] = 3
struct.pack_into('<H', img, 0x1fe, 0xaa55)
img[0x200] = 0xeb
img[0x201] = 0x6a                       # header ends at 0x202 + 0x6a
img[0x202:0x206] = b'HdrS'
struct.pack_into('<H', img, 0x206, 0x020f)
img[0x211] = 0x01                       # LOADED_HIGH
struct.pack_into('<I', img, 0x230, 0x200000)
img[0x234] = 1                          # relocatable
struct.pack_into('<H', img, 0x236, 0x7f)
struct.pack_into('<I', img, 0x238, 2047)
struct.pack_into('<Q', img, 0x258, 0x1000000)
struct.pack_into('<I', img, 0x260, 0x2000000)
payload = bytes((i * 131 + 7) & 0xff for i in range(65536))
with open(os.path.join(out, 'bzImage'), 'wb') as f:
    f.write(bytes(img) + payload)
with open(os.path.join(out, 'initrd'), 'wb') as f:
    f.write(bytes((i * 17) & 0xff for i in range(16384)))
