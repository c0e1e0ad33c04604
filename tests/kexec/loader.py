#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The crash loader without root: `kexec -p ... --vtd-handover --dry-run`
on a recorded machine (tests/kexec/mkfixtures.py), its saved segments
checked one by one:

- every segment page-aligned, inside the crash range, no overlap, <= 16;
- the elfcorehdr as readelf (the oracle) reads it: notes first, our
  PT_NOTE on the snapshot area, the crash range left out of the loads;
- a model of the crash kernel's note merge finds our note in the area
  once purgatory has written it, and nothing while it is zero;
- boot_params decoded back: e820, command line, initrd;
- purgatory: every relocation readelf lists landed where the symbols
  say, the argument block says what the loader meant, and its SHA-256
  covers exactly the digested segments;
- 6 GiB with crashkernel=256M,high (two crash ranges): segments in the
  high one, both out of the PT_LOADs, the low one RAM in the e820, every
  address above 4 GiB whole, by kexec-tools' rules (stated there);
- whatever stops the handover (the machine, the DMAR table, the kernel,
  the crash range, our options, kexec_load itself) gives one line naming
  it and the stock load with the user's arguments, or exit 1 with
  --vtd-handover=required (issue #11); everything else goes to
  kexec-tools as is.
"""
import errno
import hashlib
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

KEXEC = os.environ['KEXEC']
VTD_NOTE = os.environ['VTD_NOTE']
PURGATORY = os.environ['PURGATORY']
READELF = os.environ.get('READELF', 'readelf')
HERE = os.path.join(os.environ['top_srcdir'], 'tests', 'kexec')
EXAMPLE = os.path.join(os.environ['top_srcdir'], 'tests', 'data', 'note',
                       'example.json')

results = []


def check(desc, ok, why=''):
    results.append((desc, bool(ok), why, None))


def skip(desc, why):
    results.append((desc, True, '', why))


def run(args, env=None):
    """Run @args; one that hangs (a loader running itself for ever) is
    stopped after a minute and reads as exit -1, 'timed out'."""
    e = dict(os.environ)
    e.update(env or {})
    try:
        return subprocess.run(args, capture_output=True, text=True, env=e,
                              timeout=60)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, '', 'timed out')


tmp = tempfile.mkdtemp()
subprocess.run([sys.executable, os.path.join(HERE, 'mkfixtures.py'), tmp],
               check=True)
machine = os.path.join(tmp, 'machine')
dump = os.path.join(tmp, 'dump')
base_args = [KEXEC, '-p', os.path.join(tmp, 'bzImage'),
             '--initrd=' + os.path.join(tmp, 'initrd'),
             '--command-line=console=ttyS0 nr_cpus=1 reset_devices',
             '--vtd-handover', '--dry-run', '--machine-root=' + machine]
CRASH = (0x2b000000, 0x3affffff)

r = run(base_args + ['--print-segments', '--dump-dir=' + dump])
check('dry-run load succeeds', r.returncode == 0, r.stderr)



def read_segments(dump_dir):
    """The entry and {name: (mem, memsz, bufsz, digested)} of a dump."""
    found = {}
    with open(os.path.join(dump_dir, 'segments.txt')) as f:
        start = int(f.readline().split()[1], 16)
        for line in f:
            name, _, lo, _, memsz, _, bufsz = line.split()[:7]
            lo = int(lo.split('-')[0], 16)
            found[name] = (lo, int(memsz, 16), int(bufsz, 16),
                           'digest' in line)
    return start, found


entry, segs = read_segments(dump)
check('seven segments, at most 16', len(segs) == 7, str(segs))
ok = all(m % 4096 == 0 and sz % 4096 == 0 and CRASH[0] <= m and
         m + sz - 1 <= CRASH[1] for m, sz, _, _ in segs.values())
check('every segment page-aligned inside the crash range', ok, str(segs))
spans = sorted((m, m + sz) for m, sz, _, _ in segs.values())
check('no two segments overlap',
      all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), str(spans))


def blob(name, dump_dir=dump):
    with open(os.path.join(dump_dir, name + '.bin'), 'rb') as f:
        return f.read()


# --- elfcorehdr, through readelf ---
out = run([READELF, '-lW', os.path.join(dump, 'elfcorehdr.bin')]).stdout
phdrs = [l.split() for l in out.splitlines()
         if l.strip().startswith(('NOTE', 'LOAD'))]
types = [p[0] for p in phdrs]
check('readelf reads the elfcorehdr as a core file',
      'CORE' in out and types, out)
check('all PT_NOTEs before the PT_LOADs',
      types == sorted(types, key=lambda t: t != 'NOTE'), str(types))
area = segs['vtd-snapshot']
notes = [(int(p[3], 16), int(p[4], 16)) for p in phdrs if p[0] == 'NOTE']
check('a PT_NOTE covers the snapshot area exactly',
      (area[0], area[1]) in notes, str(notes))
check('CPU and VMCOREINFO notes present',
      (0x3fc16c00, 456) in notes and (0x3fc56c00, 456) in notes and
      (0x3f6a1000, 0x1000) in notes, str(notes))
loads = [(int(p[1], 16), int(p[3], 16), int(p[4], 16)) for p in phdrs
         if p[0] == 'LOAD']
check('no PT_LOAD reaches into the crash range',
      all(pa + sz - 1 < CRASH[0] or pa > CRASH[1]
          for _, pa, sz in loads[1:]), str(loads))
check('p_offset is the physical address, low RAM from its backup',
      all(off == pa for off, pa, _ in loads if pa >= 0xa0000) and
      (segs['backup'][0] + 0x1000, 0x1000, 0x9ec00) in loads, str(loads))
check('no zero-sized segment', all(sz for _, _, sz in loads) and
      all(sz for _, sz in notes))


def kernel_note_walk(area_bytes, memsz):
    """What Linux's vmcore does with one PT_NOTE: walk records to a zero
    name size; returns the owners found and whether it overran."""
    off, owners = 0, []
    while off + 12 <= memsz:
        namesz, descsz, _ = struct.unpack_from('<III', area_bytes, off)
        if namesz == 0:
            return owners, False
        size = 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
        if off + size > memsz:
            return owners, True
        owners.append(area_bytes[off + 12:off + 12 + namesz - 1])
        off += size
    return owners, False


owners, over = kernel_note_walk(bytes(area[1]), area[1])
check('a zero-filled area reads as no note', owners == [] and not over)
note = os.path.join(tmp, 'note.bin')
run([VTD_NOTE, 'make', '--size', str(area[1]), EXAMPLE, note])
with open(note, 'rb') as f:
    written = f.read().ljust(area[1], b'\xee')
owners, over = kernel_note_walk(written, area[1])
check('after purgatory writes it, the walk finds KEXEC-VTD and stops at '
      'the terminator', owners == [b'KEXEC-VTD'] and not over,
      str(owners))

# --- boot_params ---
bp = blob('bootparams')
n_e820 = bp[0x1e8]
e820 = [struct.unpack_from('<QQI', bp, 0x2d0 + 20 * i) for i in range(n_e820)]
ram = [(a, a + s - 1) for a, s, t in e820 if t == 1]
resv = [(a, a + s - 1) for a, s, t in e820 if t == 2]
want_holes = [(segs[n][0], segs[n][0] + segs[n][1] - 1)
              for n in ('backup', 'vtd-snapshot')]
check('e820: low RAM and the crash range are the only RAM',
      ram[0] == (0x1000, 0x9fbff) and
      all(CRASH[0] <= a and b <= CRASH[1] for a, b in ram[1:]), str(ram))
check('e820: backup and snapshot area reserved', all(
    any(a <= h[0] and h[1] <= b for a, b in resv) for h in want_holes),
    str(resv))
core = segs['elfcorehdr']
check('e820: elfcorehdr reserved, its whole page',
      any(a <= core[0] and core[0] + core[1] - 1 <= b for a, b in resv),
      str(resv))
check('e820: sorted, no overlap',
      all(e820[i][0] + e820[i][1] <= e820[i + 1][0]
          for i in range(n_e820 - 1)), str(e820))
cmd_ptr = struct.unpack_from('<I', bp, 0x228)[0] | \
    struct.unpack_from('<I', bp, 0xc8)[0] << 32
cmdline = bp[cmd_ptr - segs['bootparams'][0]:].split(b'\0')[0].decode()
check('command line follows boot_params and names the elfcorehdr',
      cmd_ptr == segs['bootparams'][0] + 4096 and
      cmdline.endswith('elfcorehdr=%dK' % (core[0] >> 10)) and
      cmdline.startswith('console=ttyS0 nr_cpus=1'), cmdline)
check('initrd address and size', struct.unpack_from('<II', bp, 0x218) ==
      (segs['initrd'][0], 16384))
check('setup header copied (HdrS, version 2.15)',
      bp[0x202:0x206] == b'HdrS' and
      struct.unpack_from('<H', bp, 0x206)[0] == 0x20f)

check('no EFI: no acpi_rsdp_addr (legacy scan works)',
      struct.unpack_from('<Q', bp, 0x70)[0] == 0)
efi = os.path.join(tmp, 'efi')
shutil.copytree(machine, efi)
os.makedirs(os.path.join(efi, 'sys/firmware/efi'))
with open(os.path.join(efi, 'sys/firmware/efi/systab'), 'w') as f:
    f.write('SMBIOS=0x3f518000\nACPI=0x3f77e000\nACPI20=0x3f77e014\n')
efi_dump = os.path.join(tmp, 'efidump')
r = run(base_args[:-1] + ['--machine-root=' + efi, '--dump-dir=' + efi_dump])
with open(os.path.join(efi_dump, 'bootparams.bin'), 'rb') as f:
    efi_bp = f.read()
check('booted by EFI: the ACPI 2.0 RSDP from the EFI system table goes in '
      'boot_params.acpi_rsdp_addr', r.returncode == 0 and
      struct.unpack_from('<Q', efi_bp, 0x70)[0] == 0x3f77e014, r.stderr)

# An EFI boot: efi_info and a SETUP_EFI setup_data with the runtime map.
fw = os.path.join(efi, 'sys/firmware/efi')
for name, v in (('fw_vendor', '0x3f7ec218'), ('runtime', '0x3f7ecb98'),
                ('config_table', '0x3f7ea018')):
    with open(os.path.join(fw, name), 'w') as f:
        f.write(v + '\n')
descs = [(11, 0x3f7f0000, 0xfffffffeff7f0000, 16, 0x800000000000000f),
         (6, 0x3f500000, 0xfffffffeff500000, 32, 0x800000000000000f)]
for i, d in enumerate(descs):
    os.makedirs(os.path.join(fw, 'runtime-map', str(i)))
    for name, v in zip(('type', 'phys_addr', 'virt_addr', 'num_pages',
                        'attribute'), d):
        with open(os.path.join(fw, 'runtime-map', str(i), name), 'w') as f:
            f.write('0x%x\n' % v)
first_bp = bytearray(4096)
first_bp[0x1c0:0x1c4] = b'EL64'
struct.pack_into('<I', first_bp, 0x1c4, 0x3f7ee018)     # efi_systab
os.makedirs(os.path.join(efi, 'sys/kernel/boot_params'))
with open(os.path.join(efi, 'sys/kernel/boot_params/data'), 'wb') as f:
    f.write(first_bp)
efi_dump2 = os.path.join(tmp, 'efidump2')
r = run(base_args[:-1] + ['--machine-root=' + efi, '--dump-dir=' + efi_dump2])
with open(os.path.join(efi_dump2, 'bootparams.bin'), 'rb') as f:
    ebp = f.read()
with open(os.path.join(efi_dump2, 'segments.txt')) as f:
    bp_mem = [int(l.split()[2].split('-')[0], 16) for l in f
              if l.startswith('bootparams')][0]
sd = struct.unpack_from('<Q', ebp, 0x250)[0] - bp_mem
sig, systab, dsize, dver, mmap, msize = struct.unpack_from('<4sIIIII', ebp,
                                                           0x1c0)
mmap -= bp_mem
got = [struct.unpack_from('<IIQQQQ', ebp, mmap + 40 * i)
       for i in range(msize // 40)]
check('EFI boot: efi_info (signature, system table, 40-byte descriptors) '
      'and a SETUP_EFI setup_data with the firmware tables',
      r.returncode == 0 and sig == b'EL64' and systab == 0x3f7ee018 and
      dsize == 40 and dver == 1 and
      struct.unpack_from('<QII', ebp, sd) == (0, 4, 96 + 80) and
      struct.unpack_from('<QQQQ', ebp, sd + 16) ==
      (0x3f7ec218, 0, 0x3f7ea018, 0x3f518000), r.stderr)
check('EFI boot: the runtime map as the first kernel exported it',
      [(t, p, v, n, a) for t, _, p, v, n, a in got] == descs, str(got))

# --- purgatory: relocations as readelf lists them ---
sec_out = run([READELF, '-SW', PURGATORY]).stdout
sections = {}
for m in re.finditer(r'\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+'
                     r'\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)\s+\d+\s+\d+\s+(\d+)',
                     sec_out):
    idx, name, typ, size, flg, al = m.groups()
    sections[int(idx)] = (name, typ, int(size, 16), 'A' in flg, int(al))
off, cur = {}, 0
for idx in sorted(sections):
    name, typ, size, alloc, al = sections[idx]
    if alloc and size:
        al = al or 1
        cur = (cur + al - 1) & ~(al - 1)
        off[idx] = cur
        cur += size
by_name = {sections[i][0]: i for i in sections}
sym_out = run([READELF, '-sW', PURGATORY]).stdout
syms = {}
for line in sym_out.splitlines():
    f = line.split()
    if len(f) >= 7 and f[0].rstrip(':').isdigit():
        syms[int(f[0].rstrip(':'))] = (int(f[1], 16), int(f[2], 0)
                                       if f[2].isdigit() else 0,
                                       f[6], f[7] if len(f) > 7 else '')
rel_out = run([READELF, '-rW', PURGATORY]).stdout


def relocation_errors(img, base):
    """Every relocation readelf lists, checked in the image relocated to
    @base: how many, and those that did not land."""
    bad, count, target = [], 0, None
    for line in rel_out.splitlines():
        m = re.match(r"Relocation section '\.rela(\S+)'", line)
        if m:
            target = by_name.get(m.group(1))
            continue
        f = line.split()
        if target is None or len(f) < 4 or \
                not re.match(r'^[0-9a-f]{16}$', f[0]):
            continue
        r_off, info, rtype = int(f[0], 16), int(f[1], 16), f[2]
        addend = int(line.rsplit(None, 1)[1], 16) * \
            (-1 if ' - ' in line else 1)
        value, _, ndx, _ = syms[info >> 32]
        want = base + off[int(ndx)] + value + addend
        at = off[target] + r_off
        if rtype == 'R_X86_64_64':
            got = struct.unpack_from('<Q', img, at)[0]
        else:
            got = None
        count += 1
        if got != (want & (2 ** 64 - 1)):
            bad.append((hex(at), rtype, hex(want), got and hex(got)))
    return count, bad


img = blob('purgatory')
base = segs['purgatory'][0]
count, bad = relocation_errors(img, base)
check('purgatory: all %d relocations land where the symbols say' % count,
      count > 0 and not bad, str(bad[:5]))

args_sym = [s for s in syms.values() if s[3] == 'vtd_purgatory_args'][0]
a = off[int(args_sym[2])] + args_sym[0]
magic, version, flags, port = struct.unpack_from('<IIIH', img, a)
snap_addr, snap_size, nr_units, nr_ram = struct.unpack_from('<QQII', img,
                                                            a + 0x10)
reg_base, reg_size, seg_nr = struct.unpack_from('<QIH', img, a + 0x28)
rip, rsi = struct.unpack_from('<QQ', img, a + 0x760)
check('argument block: magic, version, snapshot flag',
      magic == 0x47525056 and version == 1 and flags & 2, hex(magic))
check('argument block: snapshot area and the one DMAR unit',
      (snap_addr, snap_size) == area[:2] and nr_units == 1 and
      reg_base == 0xfed90000 and reg_size == 4096, hex(snap_addr))
check('argument block: RAM ranges of the first kernel', nr_ram == 2)
check('argument block: entry at kernel + 0x200, boot_params in rsi',
      rip == segs['kernel'][0] + 0x200 and rsi == segs['bootparams'][0])
regions = [struct.unpack_from('<QQ', img, a + 0x628 + 16 * i)
           for i in range(16)]
digest = img[a + 0x728:a + 0x748]
h = hashlib.sha256()
covered = []
for start, length in regions:
    if not length:
        break
    name = [n for n, s in segs.items() if s[0] == start][0]
    covered.append(name)
    data = blob(name)
    h.update(data + bytes(length - len(data)))
check('digest covers the digested segments, not purgatory or the area',
      sorted(covered) == sorted(n for n, s in segs.items() if s[3]) and
      'purgatory' not in covered and 'vtd-snapshot' not in covered,
      str(covered))
check('SHA-256 in the argument block matches the segments',
      h.digest() == digest)
check('purgatory entry is purgatory_start',
      entry == base + off[int([s for s in syms.values()
                                if s[3] == 'purgatory_start'][0][2])] +
      [s for s in syms.values() if s[3] == 'purgatory_start'][0][0])

# --- recorded QEMU guests, against kexec-tools on the same machine ---
# qemu-q35-6.12-series: the series' own kernel, whose /proc/kcore lists
# the vsyscall page (no physical address) before the kernel text.
for name in ('qemu-q35-6.1', 'qemu-q35-6.12-series'):
    rec = os.path.join(os.environ['top_srcdir'], 'tests', 'data',
                       'machines', name)
    rec_dump = os.path.join(tmp, 'recdump-' + name)
    r = run(base_args[:-1] + ['--machine-root=' +
                              os.path.join(rec, 'machine'),
                              '--dump-dir=' + rec_dump])
    check('the recorded QEMU guest %s loads' % name, r.returncode == 0,
          r.stderr)
    out = run([READELF, '-lW',
               os.path.join(rec_dump, 'elfcorehdr.bin')]).stdout
    ours = sorted((int(p[3], 16), int(p[2], 16), int(p[5], 16))
                  for p in (l.split() for l in out.splitlines())
                  if p and p[0] == 'LOAD')
    kt = []
    kt_log = os.path.join(rec, 'kexec-tools-p-d.log')
    with open(kt_log if os.path.exists(kt_log) else os.devnull) as f:
        for line in f:
            m = re.search(r'p_type = 1, .*p_paddr = (0x[0-9a-f]+) p_vaddr = '
                          r'(0x[0-9a-f]+) p_filesz = 0x[0-9a-f]+ p_memsz = '
                          r'(0x[0-9a-f]+)', line)
            if m:
                kt.append(tuple(int(x, 16) for x in m.groups()))
    check("recorded guest %s: PT_LOADs equal kexec-tools' kexec -p -d" %
          name, kt and ours == sorted(kt),
          'ours %s\nkexec-tools %s' % ([tuple(map(hex, p)) for p in ours],
                                       [tuple(map(hex, p)) for p in kt]))

# --- memory above 4 GiB, crashkernel=256M,high (issue #11) ---
# The expectations follow kexec-tools 2.0.25/2.0.26 (Debian bookworm),
# kexec/arch/i386/crashdump-x86.c and kexec-x86-common.c:
# 1. every 'Crash kernel' line of /proc/iomem is a crash range
#    (crash_reserved_mem[]); the segments go in the last one, the highest
#    (get_crash_kernel_load_range() sets mem_min and mem_max to it): the
#    kernel takes kexec_load segments in crashk_res only;
# 2. the elfcorehdr has the kernel text PT_LOAD, then one PT_LOAD per
#    'System RAM' range with every crash range cut out of it
#    (exclude_region() for each), p_offset = p_paddr (the RAM below
#    640 KiB is read from its backup), p_vaddr = PAGE_OFFSET + p_paddr;
# 3. the crash kernel's memory map, given to it as e820 (add_memmap(),
#    delete_memmap()): the RAM below 640 KiB and every crash range as RAM,
#    the low one too (the crash kernel's DMA32 zone and swiotlb live
#    there), minus the backup and elfcorehdr segments, plus the ACPI, NVS
#    and reserved ranges as they are.  Ours also keeps the snapshot area
#    out, and marks the three reserved where kexec-tools leaves holes;
# 4. elfcorehdr=<address in KiB>K on the command line, wherever it is.
# Nothing may cut a 64-bit address to 32 bits on the way: the segments,
# the PT_NOTEs, the command line, boot_params' ext_* halves, purgatory's
# relocations and argument block, kexec_load's segment list.
G4 = 1 << 32
high = os.path.join(tmp, 'high')
high_dump = os.path.join(tmp, 'highdump')
r = run(base_args[:-1] + ['--machine-root=' + high,
                          '--dump-dir=' + high_dump])
check('6 GiB, crashkernel=256M,high: the dry run loads',
      r.returncode == 0, r.stderr)
h_entry, h_segs = read_segments(high_dump)

iomem = []
with open(os.path.join(high, 'proc/iomem')) as f:
    for line in f:
        m = re.match(r'^\s*([0-9a-f]+)-([0-9a-f]+) : (.*)$', line)
        iomem.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
h_ram = [(a, b) for a, b, n in iomem if n == 'System RAM']
h_crash = [(a, b) for a, b, n in iomem if n == 'Crash kernel']
check('the machine: 6 GiB of RAM on both sides of the PCI hole, a crash '
      'range above 4 GiB and one below',
      abs(sum(b - a + 1 for a, b in h_ram) - (6 << 30)) < (4 << 20) and
      any(b >= G4 for _, b in h_ram) and len(h_crash) == 2 and
      h_crash[0][1] < G4 <= h_crash[1][0], str(h_ram + h_crash))
load_range = h_crash[-1]
check('rule 1: every segment in the last (highest) crash range, above '
      '4 GiB; none in the low one',
      all(load_range[0] <= m and m + sz - 1 <= load_range[1] and m >= G4
          for m, sz, _, _ in h_segs.values()) and len(h_segs) == 7,
      str(h_segs))

out = run([READELF, '-lW', os.path.join(high_dump, 'elfcorehdr.bin')]).stdout
h_phdrs = [l.split() for l in out.splitlines()
           if l.strip().startswith(('NOTE', 'LOAD'))]
h_loads = [tuple(int(x, 16) for x in (p[1], p[3], p[2], p[5]))
           for p in h_phdrs if p[0] == 'LOAD']    # offset, paddr, vaddr, size
h_notes = [(int(p[1], 16), int(p[3], 16), int(p[5], 16))
           for p in h_phdrs if p[0] == 'NOTE']    # offset, paddr, size


def exclude(ranges, cut):
    """kexec-tools' exclude_region() on inclusive ranges."""
    out = []
    for a, b in ranges:
        if cut[0] <= b and cut[1] >= a:
            out += [x for x in ((a, cut[0] - 1), (cut[1] + 1, b))
                    if x[0] <= x[1]]
        else:
            out.append((a, b))
    return out


PAGE_OFFSET = 0xffff8f0000000000    # the fixture's direct map
pieces = h_ram
for c in h_crash:
    pieces = exclude(pieces, c)
want_loads = [(0x1a000000, 0xffffffff9a000000, 0x2000000)] + \
    [(a, PAGE_OFFSET + a, b - a + 1) for a, b in pieces]
check("rule 2: the PT_LOADs (readelf) are kexec-tools': RAM minus both "
      "crash ranges, plus the kernel text",
      sorted((pa, va, sz) for _, pa, va, sz in h_loads) ==
      sorted(want_loads),
      'ours %s\nkexec-tools %s' % (
          [(hex(a), hex(b), hex(c)) for _, a, b, c in h_loads],
          [(hex(a), hex(b), hex(c)) for a, b, c in want_loads]))
check('rule 2: p_offset is p_paddr above 4 GiB too, low RAM from its '
      'backup', all(o == pa for o, pa, _, _ in h_loads if pa >= 0xa0000) and
      (h_segs['backup'][0] + 0x1000, 0x1000) in
      [(o, pa) for o, pa, _, _ in h_loads], str(h_loads))
check('PT_NOTEs at their 64-bit addresses: the CPUs\' crash_notes above '
      '4 GiB, the snapshot area in the high crash range',
      (0x1efc16c00, 0x1efc16c00, 456) in h_notes and
      (0x1efc56c00, 0x1efc56c00, 456) in h_notes and
      (h_segs['vtd-snapshot'][0], h_segs['vtd-snapshot'][0],
       h_segs['vtd-snapshot'][1]) in h_notes, str(h_notes))

h_bp = blob('bootparams', high_dump)
h_e820 = [struct.unpack_from('<QQI', h_bp, 0x2d0 + 20 * i)
          for i in range(h_bp[0x1e8])]
h_e820 = [(a, a + sz - 1, t) for a, sz, t in h_e820]
holes = [(h_segs[n][0], h_segs[n][0] + h_segs[n][1] - 1)
         for n in ('backup', 'vtd-snapshot', 'elfcorehdr')]
want_ram = [(0x1000, 0x9fbff)]
for c in h_crash:
    pieces = [c]
    for hole in holes:
        pieces = exclude(pieces, hole)
    want_ram += pieces
check('rule 3: the e820 RAM is the low 640 KiB and both crash ranges, the '
      'low one whole, less our three segments',
      sorted((a, b) for a, b, t in h_e820 if t == 1) == sorted(want_ram) and
      (0x6f000000, 0x7effffff, 1) in h_e820,
      'e820 %s\nwant %s' % ([(hex(a), hex(b), t) for a, b, t in h_e820],
                            [(hex(a), hex(b)) for a, b in want_ram]))
check('rule 3: ACPI tables and NVS as the first kernel had them, the '
      'three segments reserved, sorted, no overlap',
      (0x7fee0000, 0x7fefefff, 3) in h_e820 and
      (0x7feff000, 0x7fefffff, 4) in h_e820 and
      all(any(a <= hs and he <= b for a, b, t in h_e820 if t == 2)
          for hs, he in holes) and
      all(x[1] < y[0] for x, y in zip(h_e820, h_e820[1:])), str(h_e820))
h_cmd_ptr = struct.unpack_from('<I', h_bp, 0x228)[0] | \
    struct.unpack_from('<I', h_bp, 0xc8)[0] << 32
h_cmdline = h_bp[h_cmd_ptr - h_segs['bootparams'][0]:].split(b'\0')[0]
h_core = h_segs['elfcorehdr'][0]
check('rule 4: elfcorehdr= names the elfcorehdr above 4 GiB, in KiB',
      h_core >= G4 and h_cmdline.decode().endswith(
          ' elfcorehdr=%dK' % (h_core >> 10)) and
      int(re.search(rb'elfcorehdr=(\d+)K', h_cmdline).group(1)) << 10 ==
      h_core, h_cmdline)
check('boot_params: command line and initrd above 4 GiB through the ext_* '
      'halves',
      h_cmd_ptr == h_segs['bootparams'][0] + 4096 and h_cmd_ptr >= G4 and
      struct.unpack_from('<I', h_bp, 0x218)[0] |
      struct.unpack_from('<I', h_bp, 0xc0)[0] << 32 ==
      h_segs['initrd'][0] >= G4, hex(h_cmd_ptr))
h_img = blob('purgatory', high_dump)
count, bad = relocation_errors(h_img, h_segs['purgatory'][0])
check('purgatory above 4 GiB: all %d relocations land' % count,
      count > 0 and not bad, str(bad[:5]))
h_args = h_img.find(struct.pack('<II', 0x47525056, 1))
snap = struct.unpack_from('<QQ', h_img, h_args + 0x10)
nr_ram = struct.unpack_from('<I', h_img, h_args + 0x24)[0]
ram = [struct.unpack_from('<QQ', h_img, h_args + 0x228 + 16 * i)
       for i in range(nr_ram)]
regions = [struct.unpack_from('<QQ', h_img, h_args + 0x628 + 16 * i)
           for i in range(16)]
backup_dest = struct.unpack_from('<Q', h_img, h_args + 0x750)[0]
rip, rsi = struct.unpack_from('<QQ', h_img, h_args + 0x760)
check('argument block: 64-bit snapshot area, backup, entry, boot_params, '
      'digest regions, RAM above 4 GiB',
      snap == h_segs['vtd-snapshot'][:2] and
      backup_dest == h_segs['backup'][0] and
      rip == h_segs['kernel'][0] + 0x200 and
      rsi == h_segs['bootparams'][0] and
      sorted(a for a, n in regions if n) ==
      sorted(m for m, _, _, d in h_segs.values() if d) and
      ram == [(a, b - a + 1) for a, b in h_ram],
      'snap %s ram %s regions %s' % (snap, ram, regions))
check('purgatory entry above 4 GiB', h_entry >= G4 and
      h_entry - h_segs['purgatory'][0] == entry - segs['purgatory'][0])

# --- several units over two PCI segments ---
multi = os.path.join(tmp, 'multi')
shutil.copytree(machine, multi)
drhds = b''
for seg, base, size in ((0, 0xfed90000, 0), (0, 0xfed91000, 1),
                        (1, 0xfed92000, 0)):
    drhds += struct.pack('<HHBBHQ', 0, 16, 1, size, seg, base)
body = struct.pack('<BB', 38, 1) + bytes(10) + drhds
table = bytearray(b'DMAR' + struct.pack('<I', 36 + len(body)) + bytes(28) +
                  body)
table[9] = (-sum(table)) & 0xff
with open(os.path.join(multi, 'sys/firmware/acpi/tables/DMAR'), 'wb') as f:
    f.write(table)
multi_dump = os.path.join(tmp, 'multidump')
r = run(base_args[:-1] + ['--machine-root=' + multi,
                          '--dump-dir=' + multi_dump])
with open(os.path.join(multi_dump, 'purgatory.bin'), 'rb') as f:
    mimg = f.read()
at = mimg.find(struct.pack('<I', 0x47525056))
units = [struct.unpack_from('<QIH', mimg, at + 0x28 + 16 * i)
         for i in range(struct.unpack_from('<I', mimg, at + 0x20)[0])]
check('three units over two segments reach purgatory, register sizes '
      'from the DRHD size field', r.returncode == 0 and units ==
      [(0xfed90000, 4096, 0), (0xfed91000, 8192, 0), (0xfed92000, 4096, 1)],
      str(units) + r.stderr)

# DMAR table present, translation off (intel_iommu=off): the handover is
# still set up; purgatory records the units with TE clear.
iommu_off = os.path.join(tmp, 'iommuoff')
shutil.copytree(machine, iommu_off)
with open(os.path.join(iommu_off, 'proc/cmdline'), 'w') as f:
    f.write('BOOT_IMAGE=/vmlinuz console=ttyS0 intel_iommu=off '
            'crashkernel=256M quiet\n')
off_dump = os.path.join(tmp, 'offdump')
r = run(base_args[:-1] + ['--machine-root=' + iommu_off, '--reuse-cmdline',
                          '--dump-dir=' + off_dump])
with open(os.path.join(off_dump, 'bootparams.bin'), 'rb') as f:
    reused = f.read()[4096:].split(b'\0')[0].decode()
check('DMAR with translation off: loads; --reuse-cmdline keeps the '
      'recorded command line minus BOOT_IMAGE= and crashkernel=',
      r.returncode == 0 and reused.startswith(
          'console=ttyS0 intel_iommu=off quiet console=ttyS0 nr_cpus=1'),
      reused + r.stderr)

gz = os.path.join(tmp, 'bzImage.gz')
subprocess.run('gzip -c %s > %s' % (os.path.join(tmp, 'bzImage'), gz),
               shell=True, check=True)
r = run([base_args[0], '-p', gz] + base_args[3:] +
        ['--dump-dir=' + os.path.join(tmp, 'gzdump')])
with open(os.path.join(tmp, 'gzdump', 'kernel.bin'), 'rb') as f:
    gz_kernel = f.read()
check('a gzip-compressed kernel is decompressed (zlib) and loads the same',
      r.returncode == 0 and gz_kernel == blob('kernel'), r.stderr)

# --- falling back to the stock load (issue #11) ---
# Whatever stops the handover, the crash kernel is still loaded: one
# line naming what (and where), then kexec-tools with the user's
# arguments minus ours; with --vtd-handover=required, that line as an
# error, exit 1 and no stock load.  Oracles: a fake kexec-tools that
# writes its argv one per line, and tests/kexec/kexec_load_shim.c,
# preloaded, which records kexec_load(2) and fails it with the errno we
# choose, so that nothing here runs without --dry-run against the kernel.
stock_log = os.path.join(tmp, 'stock.log')
shim_log = os.path.join(tmp, 'shim.log')
fake = os.path.join(tmp, 'fake-kexec')
with open(fake, 'w') as f:
    f.write('#!/bin/sh\necho "kexec-tools $*"\n'
            '[ -z "$FAKE_LOG" ] || printf "%s\\n" "$@" > "$FAKE_LOG"\n')
os.chmod(fake, 0o755)
shim = os.path.join(tmp, 'kexec_load_shim.so')
r = run(shlex.split(os.environ.get('CC', 'cc')) +
        ['-shared', '-fPIC', '-o', shim, os.path.join(HERE,
                                                      'kexec_load_shim.c'),
         '-ldl'])
shim_env = {'LD_PRELOAD': shim, 'VTD_SHIM_LOG': shim_log}
r = run(base_args, shim_env)
with open(shim_log if os.path.exists(shim_log) else os.devnull) as f:
    shim_ok = f.read().splitlines() == ['shim']
check('the kexec_load shim is preloaded (or nothing below runs without '
      '--dry-run)', shim_ok, r.stderr)

OURS_WITH_VALUE = ('--dump-dir', '--machine-root')


def stock_args(args):
    """What kexec-tools must get: the arguments as given, in that order,
    without ours (--vtd-*, --dry-run, --print-segments, --dump-dir and
    --machine-root with their values)."""
    out, it = [], iter(args[1:])
    for a in it:
        if a in OURS_WITH_VALUE:
            next(it, None)
        elif not (a.startswith('--vtd-') or
                  a in ('--dry-run', '--print-segments') or
                  a.startswith(tuple(o + '=' for o in OURS_WITH_VALUE))):
            out.append(a)
    return out


def load(args, shim_errno=0, env=None):
    """The loader without --dry-run: exit status, stderr lines, the argv
    kexec-tools got (None: not run), the kexec_load calls."""
    for p in (stock_log, shim_log):
        if os.path.exists(p):
            os.unlink(p)
    e = dict(shim_env, VTD_KEXEC_TOOLS=fake, FAKE_LOG=stock_log,
             VTD_SHIM_ERRNO=str(shim_errno))
    e.update(env or {})
    r = run(args, e)
    stock = None
    if os.path.exists(stock_log):
        with open(stock_log) as f:
            stock = f.read().splitlines()
    with open(shim_log if os.path.exists(shim_log) else os.devnull) as f:
        calls = [l for l in f.read().splitlines()
                 if l.startswith('kexec_load')]
    return r.returncode, r.stderr.splitlines(), stock, calls


def required(args):
    """The same arguments with the handover required."""
    return [re.sub(r'^--vtd-handover(=|$)',
                   lambda m: '--vtd-handover=required' +
                   (',' if m.group(1) else ''), a) for a in args]


UNAVAILABLE = re.compile(r'^kexec: VT-d handover unavailable \((.*)\); '
                         r'loading the crash kernel without it$')
REQUIRED = re.compile(r'^kexec: VT-d handover required but unavailable: '
                      r'(.*)$')


def falls_back(desc, args, reason, shim_errno=0, tried=False):
    """Both halves of the contract for one reason (a regex on it)."""
    if not shim_ok:
        skip(desc, 'the kexec_load shim is not preloaded')
        return
    code, err, stock, calls = load(args, shim_errno)
    m = len(err) == 1 and UNAVAILABLE.match(err[0])
    check(desc + ': one line naming it, then kexec-tools with the '
          'arguments as given minus ours',
          code == 0 and m and re.search(reason, m.group(1)) and
          stock == stock_args(args) and len(calls) == int(tried),
          'exit %d, stderr %s\nstock %s\nwant  %s\ncalls %s' %
          (code, err, stock, stock_args(args), calls))
    code, err, stock, calls = load(required(args), shim_errno)
    m = len(err) == 1 and REQUIRED.match(err[0])
    check(desc + ', handover required: exit 1 with that line, no stock '
          'load', code == 1 and m and re.search(reason, m.group(1)) and
          stock is None,
          'exit %d, stderr %s, stock %s' % (code, err, stock))


bz = os.path.join(tmp, 'bzImage')
# --machine-root given as two arguments: both must stay away from
# kexec-tools.
load_args = [KEXEC, '-p', bz, '--initrd=' + os.path.join(tmp, 'initrd'),
             '--command-line=console=ttyS0 nr_cpus=1 reset_devices',
             '--vtd-handover', '--machine-root', machine]
if shim_ok:
    code, err, stock, calls = load(load_args)
    got = calls[0].split() if calls else []
    check('without --dry-run: kexec_load gets the seven segments of the '
          'dry run (on crash, x86_64), silently, no stock load',
          code == 0 and not err and stock is None and len(calls) == 1 and
          got[:4] == ['kexec_load', 'entry=0x%x' % entry, 'nr=7',
                      'flags=0x3e0001'] and
          sorted(got[4:]) == sorted('0x%x+0x%x' % (m, sz)
                                    for m, sz, _, _ in segs.values()),
          'exit %d %s %s %s' % (code, err, stock, calls))
else:
    skip('without --dry-run: kexec_load gets the seven segments',
         'the kexec_load shim is not preloaded')


def variant(name, edit):
    """A copy of the recorded machine, changed by @edit(root)."""
    root = os.path.join(tmp, name)
    shutil.copytree(machine, root)
    edit(root)
    return load_args[:-1] + [root]


def edit_iomem(fn):
    def edit(root):
        path = os.path.join(root, 'proc/iomem')
        with open(path) as f:
            text = f.read()
        with open(path, 'w') as f:
            f.write(fn(text))
    return edit


def write_at(rel, off, data):
    def edit(root):
        with open(os.path.join(root, rel), 'r+b') as f:
            f.seek(off)
            f.write(data)
    return edit


# The machine.
falls_back('no crashkernel= reservation',
           variant('nocrash', edit_iomem(
               lambda t: t.replace('Crash kernel', 'Kernel bss'))),
           r"^/proc/iomem: no 'Crash kernel' range")
falls_back('/proc/iomem unreadable at a line',
           variant('badiomem', edit_iomem(
               lambda t: t.replace('fed00000-fed003ff', 'fed00000 fed003ff'))),
           r"^/proc/iomem:15: cannot parse 'fed00000 fed003ff : HPET 0'$")
falls_back('no VMCOREINFO',
           variant('novmcoreinfo', lambda root: os.unlink(
               os.path.join(root, 'sys/kernel/vmcoreinfo'))),
           r'/sys/kernel/vmcoreinfo: No such file or directory$')
falls_back('no /proc/kcore',
           variant('nokcore', lambda root: os.unlink(
               os.path.join(root, 'proc/kcore'))),
           r'/proc/kcore: No such file or directory')
falls_back('a malformed DMAR table',
           variant('baddmar', write_at('sys/firmware/acpi/tables/DMAR',
                                       0x32, b'\x02\x00')),
           r'^DMAR table: impossible length at offset 0x32$')
# The kernel and initrd.  A kernel stock kexec-tools cannot read either
# still goes to it: it says why in its own words, nothing is lost.
corrupt = os.path.join(tmp, 'corrupt')
with open(bz, 'rb') as f:
    img_bytes = bytearray(f.read())
img_bytes[0x202:0x206] = b'XXXX'
with open(corrupt, 'wb') as f:
    f.write(img_bytes)
falls_back('a kernel we cannot parse',
           load_args[:2] + [corrupt] + load_args[3:],
           r"corrupt: not a bzImage .*'HdrS' header at offset 0x202")
falls_back('no kernel file',
           load_args[:2] + [os.path.join(tmp, 'missing')] + load_args[3:],
           r'missing: No such file or directory$')
falls_back('no initrd file',
           load_args[:3] + ['--initrd=' + os.path.join(tmp, 'noinitrd')] +
           load_args[4:], r'noinitrd: No such file or directory$')
big = os.path.join(tmp, 'big')
struct.pack_into('<I', img_bytes, 0x260, 0x10000000)
img_bytes[0x202:0x206] = b'HdrS'
with open(big, 'wb') as f:
    f.write(img_bytes)
falls_back('a crash range too small for our segments and the note area',
           load_args[:2] + [big] + load_args[3:],
           r'^crash kernel range too small: 0x10000000 bytes more needed '
           r'at 0x2b[0-9a-f]{6} \(range ends at 0x3b000000\)$')
# Our own options.
falls_back('a --vtd-handover value that makes no sense',
           load_args[:5] + ['--vtd-handover=1G'] + load_args[6:],
           r"^--vtd-handover=(required,)?1G: expected")
falls_back('two kernels', load_args[:3] + [bz] + load_args[3:],
           r'^-p needs exactly one KERNEL, 2 given$')
not_dir = os.path.join(tmp, 'a-file')
with open(not_dir, 'w') as f:
    f.write('\n')
falls_back('a --dump-dir we cannot write',
           load_args + ['--dump-dir', os.path.join(not_dir, 'dump')],
           r'a-file/dump/segments.txt: Not a directory$')
# The system call, tried and refused.
for name, want in (('EBUSY', r'busy'), ('ENOMEM', r'out of memory'),
                   ('EINVAL', r'invalid: overlapping'),
                   ('EADDRNOTAVAIL', r'a segment outside the kernel.s crash '
                    r'range'), ('EPERM', r'not permitted'),
                   ('ENOSYS', r'this kernel was built without CONFIG_KEXEC'),
                   ('EIO', r'Input/output error')):
    falls_back('kexec_load fails with ' + name, load_args,
               r'^kexec_load: ' + want, getattr(errno, name), tried=True)
# The handover unavailable before anything is tried.
falls_back('no DMAR table',
           variant('nodmar', lambda root: os.unlink(
               os.path.join(root, 'sys/firmware/acpi/tables/DMAR'))),
           r'^no DMAR table')


def kexec_load_disabled(root):
    os.makedirs(os.path.join(root, 'proc/sys/kernel'))
    with open(os.path.join(root, 'proc/sys/kernel/kexec_load_disabled'),
              'w') as f:
        f.write('1\n')


def locked_down(root):
    os.makedirs(os.path.join(root, 'sys/kernel/security'))
    with open(os.path.join(root, 'sys/kernel/security/lockdown'), 'w') as f:
        f.write('none [integrity] confidentiality\n')


falls_back('kexec_load disabled', variant('disabled', kexec_load_disabled),
           r'^kexec_load is disabled')
falls_back('a locked-down kernel', variant('lockdown', locked_down),
           r'^the kernel is locked down')
falls_back('-s (kexec_file_load)', [KEXEC, '-s'] + load_args[1:],
           r'kexec_file_load')


# A kernel that takes the snapshot itself (the series' patch 4, #20)
# names its area in /sys/kernel/crash_device_note: -s, and a locked-down
# kernel, are then the handover, by kexec-tools' kexec_file_load.
def kernel_takes_it(root):
    with open(os.path.join(root, 'sys/kernel/crash_device_note'), 'w') as f:
        f.write('0x7f400000 40000\n')


KERNEL_TAKES = re.compile(r'^kexec: the running kernel takes the VT-d '
                          r'snapshot itself \(its area: 0x7f400000 40000\); '
                          r'loading the crash kernel with kexec_file_load$')
taker = variant('taker', kernel_takes_it)
both = variant('taker-lockdown', lambda root: (kernel_takes_it(root),
                                                locked_down(root)))
for desc, args, want in (
        ('-s', [KEXEC, '-s'] + taker[1:], ['-s'] + stock_args(taker)),
        ('-s, handover required', required([KEXEC, '-s'] + taker[1:]),
         ['-s'] + stock_args(taker)),
        ('a locked-down kernel, no -s', both, ['-s'] + stock_args(both))):
    if not shim_ok:
        skip('the kernel takes the snapshot (%s)' % desc, 'no shim')
        continue
    code, err, stock, calls = load(args)
    check('the kernel takes the snapshot itself (%s): one line saying so, '
          'then kexec-tools with -s and the arguments as given minus ours, '
          'no kexec_load' % desc,
          code == 0 and len(err) == 1 and KERNEL_TAKES.match(err[0]) and
          stock == want and not calls,
          'exit %d, stderr %s\nstock %s\nwant  %s\ncalls %s' %
          (code, err, stock, want, calls))
# An empty file (the series' kernel with its snapshot off): as before.
falls_back('-s, the kernel\'s snapshot off',
           [KEXEC, '-s'] + variant('taker-off', lambda root: open(
               os.path.join(root, 'sys/kernel/crash_device_note'),
               'w').close())[1:], r'kexec_file_load')

# Above 4 GiB: kexec_load gets the 64-bit addresses of the dry run; a
# kernel that cannot run up there (no XLF_CAN_BE_LOADED_ABOVE_4G, which
# kexec-tools' bzImage64 loader also insists on) is loaded the stock way.
if shim_ok:
    code, err, stock, calls = load(load_args[:-1] + [high])
    got = calls[0].split() if calls else []
    check('crashkernel=,high without --dry-run: kexec_load gets the '
          'segments above 4 GiB where the dry run put them',
          code == 0 and not err and stock is None and len(calls) == 1 and
          got[1:3] == ['entry=0x%x' % h_entry, 'nr=7'] and
          sorted(got[4:]) == sorted('0x%x+0x%x' % (m, sz) for m, sz, _, _
                                    in h_segs.values()),
          'exit %d %s %s' % (code, err, calls))
else:
    skip('crashkernel=,high without --dry-run',
         'the kexec_load shim is not preloaded')
with open(bz, 'rb') as f:
    img_bytes = bytearray(f.read())
struct.pack_into('<H', img_bytes, 0x236, 0x7d)
below4g = os.path.join(tmp, 'below4g')
with open(below4g, 'wb') as f:
    f.write(img_bytes)
falls_back('crashkernel=,high and a kernel that must stay below 4 GiB',
           load_args[:2] + [below4g] + load_args[3:-1] + [high],
           r'below4g: cannot be loaded above 4 GiB \(xloadflags 0x7d at '
           r'offset 0x236\)')

# --dry-run: the same line, exit 0, and never kexec-tools.
code, err, stock, calls = load(base_args[:2] + [corrupt] + base_args[3:])
check('--dry-run: the fallback line, exit 0, no stock load, no kexec_load',
      code == 0 and len(err) == 1 and UNAVAILABLE.match(err[0]) and
      stock is None and not calls, '%d %s %s' % (code, err, stock))
code, err, stock, calls = load(required(base_args[:2] + [corrupt] +
                                        base_args[3:]))
check('--dry-run, handover required: exit 1',
      code == 1 and len(err) == 1 and REQUIRED.match(err[0]) and
      stock is None, '%d %s %s' % (code, err, stock))
code, err, stock, calls = load(base_args)
check('--dry-run that works: nothing on stderr, no kexec_load',
      code == 0 and not err and stock is None and not calls, str(err))

# --- 5-level paging: the direct map below 0xffff800000000000 ---
# With LA57 the kernel's half of the address space starts at
# 0xff00000000000000 and the direct map at 0xff11000000000000 plus the
# KASLR offset; vmemmap and vmalloc segments of /proc/kcore have no
# physical address (p_paddr all ones).  The elfcorehdr's p_vaddr must be
# that direct map's, as kexec-tools makes it from the same kcore, or
# makedumpfile cannot read the dump ("Can't get the address of
# mem_section").
LA57_PAGE_OFFSET = 0xff2f924300000000


def la57_kcore(root):
    ph = [
        (4, 0, 0x1000, 0, 0, 0x800, 0, 4),
        (1, 7, 0x7fff9a000000, 0xffffffff9a000000, 0x1a000000,
         0x2000000, 0x2000000, 0x1000),
        (1, 7, 0x1000, 0xffd4000000000000, (1 << 64) - 1,
         0x100000, 0x100000, 0x1000),                   # vmemmap
        (1, 7, 0x2000, LA57_PAGE_OFFSET + 0x1000, 0x1000,
         0x9f000, 0x9f000, 0x1000),                     # direct map
    ]
    eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + b'\0' * 8
    eh += struct.pack('<HHIQQQIHHHHHH', 4, 62, 1, 0, 64, 0, 0, 64, 56,
                      len(ph), 64, 0, 0)
    with open(os.path.join(root, 'proc/kcore'), 'wb') as f:
        f.write(eh + b''.join(struct.pack('<IIQQQQQQ', *p) for p in ph))


la57_dump = os.path.join(tmp, 'la57dump')
r = run(variant('la57', la57_kcore) + ['--dry-run', '--dump-dir=' + la57_dump])
out = run([READELF, '-lW', os.path.join(la57_dump, 'elfcorehdr.bin')]).stdout
la57_ram = [(int(p[3], 16), int(p[2], 16)) for p in
            (l.split() for l in out.splitlines() if l.strip().startswith('LOAD'))
            if int(p[2], 16) < 0xffffffff80000000]      # (paddr, vaddr)
check('5-level paging: every RAM PT_LOAD has p_vaddr = the LA57 direct '
      'map + p_paddr (readelf)',
      r.returncode == 0 and la57_ram and
      all(va == LA57_PAGE_OFFSET + pa for pa, va in la57_ram),
      r.stderr + str([(hex(a), hex(b)) for a, b in la57_ram]))

# --- passing through ---
env = {'VTD_KEXEC_TOOLS': fake}
r = run([KEXEC, '-l', '/boot/x', '--append=quiet', '--initrd=/i'], env)
check('without --vtd-handover, kexec-tools gets the arguments unchanged',
      r.returncode == 0 and
      r.stdout.strip() == 'kexec-tools -l /boot/x --append=quiet --initrd=/i',
      r.stdout)
r = run([KEXEC, '-u', '--vtd-handover'], env)
check('-u goes to kexec-tools', r.stdout.strip() == 'kexec-tools -u')
for h in ('--help', '-h'):
    r = run([KEXEC, h], env)
    lines = r.stdout.splitlines()
    check('kexec %s: our options first (--vtd-handover), then '
          "kexec-tools' own help" % h,
          r.returncode == 0 and any('--vtd-handover' in l for l in lines)
          and lines[-1] == 'kexec-tools ' + h and
          lines.index(lines[-1]) > 5, r.stdout)

# A crash load without --vtd-handover is kexec-tools' own, its syscall
# flags included: no -c or -a is added, so a kexec-tools that tries
# kexec_file_load first when given neither (trixie's 2.0.29) still does.
# The command lines as the kdump services write them: kdump-config puts
# KDUMP_KEXEC_ARGS after -p (and -s under Secure Boot), kdumpctl puts
# KEXEC_ARGS before it; both unload with -p -u, with -s under Secure
# Boot.
kernel_args = ['--command-line=root=/dev/sda1 reset_devices',
               '--initrd=' + os.path.join(tmp, 'initrd'), bz]
for name, args in (('kdump-config', ['-p'] + kernel_args),
                   ('kdump-config, Secure Boot', ['-p', '-s'] + kernel_args),
                   ('kdumpctl, -s', ['-s', '-p'] + kernel_args),
                   ('-c', ['-c', '-p'] + kernel_args),
                   ('kdump-config unload', ['-p', '-u']),
                   ('kdumpctl unload, Secure Boot', ['-s', '-p', '-u'])):
    code, err, stock, calls = load([KEXEC] + args)
    check('no --vtd-handover (%s): kexec-tools gets exactly the arguments '
          'given, nothing added' % name,
          code == 0 and stock == args and not calls and not err,
          'exit %d %s stock %s calls %s' % (code, err, stock, calls))
for name, args in (('kdump-config', ['-p', '--vtd-handover'] + kernel_args),
                   ('kdumpctl', ['--vtd-handover', '-p'] + kernel_args),
                   ('-c', ['-p', '-c', '--vtd-handover'] + kernel_args),
                   ('-a', ['-p', '-a', '--vtd-handover'] + kernel_args)):
    code, err, stock, calls = load([KEXEC] + args + ['--machine-root',
                                                     machine])
    check('--vtd-handover as %s writes it: our kexec_load, no kexec-tools'
          % name, code == 0 and stock is None and len(calls) == 1,
          'exit %d %s stock %s calls %s' % (code, err, stock, calls))

# Where kexec-tools is: the first usable entry of a list (the Debian
# package names both places its divert may have put it), never this
# loader itself, which a diverted name leads back to.
link = os.path.join(tmp, 'kexec-link')
os.symlink(KEXEC, link)
r = run([KEXEC, '-l', '/k'], {'VTD_KEXEC_TOOLS': '/nonexistent/kexec::' +
                              link + ':' + fake})
check('the first usable entry of the list runs, missing ones and this '
      'loader skipped', r.returncode == 0 and
      r.stdout.strip() == 'kexec-tools -l /k', r.stdout + r.stderr)
for what, path in (('itself', KEXEC), ('a link to itself', link)):
    r = run([KEXEC, '-l', '/k'], {'VTD_KEXEC_TOOLS': path})
    check('kexec-tools given as %s: exit 1, one line, no loop' % what,
          r.returncode == 1 and r.stderr.splitlines() == [
              'kexec: cannot run kexec-tools (%s: this loader itself); '
              'set VTD_KEXEC_TOOLS to its path' % path], r.stderr)
r = run([KEXEC, '-l', '/k'], {'VTD_KEXEC_TOOLS': '/nonexistent/a:/nonexistent/b'})
check('no kexec-tools anywhere: exit 1, each place named with why',
      r.returncode == 1 and r.stderr.splitlines() == [
          'kexec: cannot run kexec-tools (/nonexistent/a: No such file or '
          'directory; /nonexistent/b: No such file or directory); set '
          'VTD_KEXEC_TOOLS to its path'], r.stderr)

shutil.rmtree(tmp)
print('1..%d' % len(results))
for i, (desc, ok, why, skipped) in enumerate(results, 1):
    print('%sok %d - %s%s' % ('' if ok else 'not ', i, desc,
                              ' # SKIP ' + skipped if skipped else ''))
    if not ok and why:
        for line in str(why).splitlines()[:10]:
            print('# ' + line)
