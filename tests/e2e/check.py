#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Judge one e2e run from its serial log and QEMU's VT-d trace (the
ground truth nobody here wrote).  Prints TAP, one named check per line.

  check.py OUTDIR handover|stock|adopt|adopt-2nic|reset|fallback [PREFIX]

OUTDIR/expect, when there, names what the machine must have shown
besides: "paging 5-level" or "paging 4-level" (the first kernel's paging
mode), "crash-high" (the crash kernel reserved above 4 GiB), "ats" (a
busy virtio-net NIC with ATS: its device-TLB invalidated as QEMU checks
it, and the NIC working in the crash kernel).

adopt and reset are handover runs whose crash kernel is the patched 6.12
(kernel/): adopt with the series, reset with the test-only pre-4.2 reset
on top, where the faults must show.  fallback is the series' kernel
loaded by stock kexec-tools: no note, so it must do what upstream does.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyst  # noqa: E402
from console import e2e_lines  # noqa: E402

out, kind = sys.argv[1], sys.argv[2]
prefix = sys.argv[3] if len(sys.argv) > 3 else kind
results = []


def print_tap():
    print('1..%d' % len(results))
    for i, (desc, ok, why) in enumerate(results, 1):
        print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
        if not ok and why:
            for line in str(why).splitlines()[:12]:
                print('# ' + line)


def stopped(etype, evalue, tb):
    """A check that raised: the results so far and one failed test
    naming the exception, so that the other guests' results (run.sh goes
    on only while this script exits 0) are not lost with this one's."""
    import traceback
    why = ''.join(traceback.format_exception(etype, evalue, tb)[-6:])
    results.append(('%s: tests/e2e/check.py ran to the end' % prefix, False,
                    why))
    print_tap()
    sys.stdout.flush()
    os._exit(0)


sys.excepthook = stopped

kind = 'adopt' if kind == 'adopt-2nic' else kind
# stray-adopt, stray-fallback (tests/e2e/run.sh stray-*, #22): adopt and
# fallback runs whose NIC's DMA the first kernel made stray into the
# crash kernel's memory, and whose crash kernel leaves the NIC alone.
stray_run = kind.startswith('stray-')
kind = kind[len('stray-'):] if stray_run else kind
# The modern profile (tests/e2e/modern.sh): QEMU 10, scalable mode, x2APIC
# interrupt remapping.  Its variants are judged as their legacy
# counterparts plus modern_checks(); "upstream" is a stock load whose
# crash kernel is Debian's own: its faults are counted, not judged.
modern = kind.startswith('modern-')
kind = {'modern-handover': 'handover', 'modern-2nd': 'adopt',
        'modern-fallback': 'upstream', 'modern-reset': 'reset',
        'modern-adopt': 'adopt', 'modern-file-load-adopt': 'file-adopt',
        'modern-file-load-stock': 'fallback',
        'modern-ats-adopt': 'adopt', 'modern-sm-off-adopt': 'adopt',
        'modern-sm-on-adopt': 'adopt', 'modern-sm-off-stock': 'upstream',
        'modern-sm-on-stock': 'upstream'}.get(kind, kind)
mode = {'adopt': 'handover', 'reset': 'handover',
        'fallback': 'stock', 'upstream': 'stock'}.get(kind, kind)
# file-adopt: stock kexec-tools' kexec_file_load of the series' kernel by
# the series' kernel, which takes the snapshot itself at panic (#20):
# judged as adopt, but the loader's own checks (purgatory's trace, our
# elfcorehdr beside kexec-tools') give way to the kernel's.
# file-adopt-loader: our loader with --vtd-handover on a locked-down
# series kernel, which hands the load to kexec_file_load with one line.
loader_to_file = kind == 'file-adopt-loader'
if kind in ('file-adopt', 'file-adopt-loader'):
    kind, mode = 'adopt', 'file'
# The machine matrix: OUTDIR/expect names what each variant adds.
expect = []
if os.path.exists(out + '/expect'):
    expect = open(out + '/expect').read().split('\n')
# The modern profile's modes (#22, 3): the first kernel's and the crash
# kernel's own choice of scalable mode, "on/on" unless a variant says.
modes = ([w.split()[1] for w in expect if w.startswith('modes ')] or
         ['on/on'])[0].split('/')
first_sm = modern and modes[0] == 'on'
follows = modern and modes[0] != modes[1]
first_mode = 'scalable' if first_sm else 'legacy'
serial = open(out + '/serial.log', errors='replace').read()
trace = open(out + '/trace.log', errors='replace').read()
try:
    qemu_log = open(out + '/qemu.log', errors='replace').read()
except OSError:
    qemu_log = ''
e2e = e2e_lines(serial)


def check(desc, ok, why=''):
    results.append(('%s: %s' % (prefix, desc), bool(ok), why))


def parsed(text):
    """TEXT as JSON, or None where it is not (a line the init printed
    cut short): the check that uses it then fails and shows it."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def skip(desc, why):
    results.append(('%s: %s # SKIP %s' % (prefix, desc, why), True, ''))


def copy_from_disk(out, name, offset, size):
    """SIZE bytes at OFFSET of the test disk into OUT/NAME."""
    path = out + '/' + name
    with open(out + '/dump.img', 'rb') as src, open(path, 'wb') as dst:
        src.seek(offset)
        left = size
        while left:
            chunk = src.read(min(left, 1 << 22))
            if not chunk:
                break
            dst.write(chunk)
            left -= len(chunk)
    return path


def crash_check(out):
    """crash(8) with the first kernel's debug vmlinux on the ELF dump the
    crash kernel wrote to the test disk; readelf and vtd-note on it here;
    the analyst's tools on it (#23, tests/e2e/analyst.py).  A first
    kernel with debugfs (the e2e's 6.12) printed its tables before the
    panic: they are held against the dump too."""
    vmlinux = os.environ.get('VTD_E2E_VMLINUX', '')
    size = value('elf-on-disk ')
    debugfs = analyst.debugfs_rows(serial, 'dmar_translation_struct')
    if prefix not in ('handover', 'modern-handover') and not debugfs:
        return
    if not size:
        check('the ELF dump reached the test disk', False)
        return
    dump = copy_from_disk(out, 'dump.elf', 0, int(size.split()[0]))
    kdump = None
    ksize = value('kdump-on-disk ')
    if ksize:
        kdump = copy_from_disk(out, 'dump.kdump', 768 << 20,
                               int(ksize.split()[0]))
    if debugfs:
        analyst.debugfs_checks(out, dump, serial, check, skip)
    if prefix == 'handover':
        crash_session(out, dump, kdump, vmlinux)
    elif prefix == 'modern-handover':
        # Scalable mode, first-stage tables, the NIC at 00:10.0 (the
        # root entry's upper half); Debian 13's kernel, read by Debian
        # 13's crash.
        analyst.analyst_checks(out, dump, kdump, vmlinux, check, skip,
                               nic='00:10.0', sid='00:10.00', trixie=True)
    if not os.environ.get('VTD_E2E_KEEP_DUMP'):
        for f in (dump, kdump):
            if f:
                os.unlink(f)


def crash_session(out, dump, kdump, vmlinux):
    if not vmlinux or not os.path.exists(vmlinux):
        skip('crash opens the ELF dump', 'no debug vmlinux (VTD_E2E_NO_CRASH '
             'or the -dbg package could not be fetched)')
        return
    with open(out + '/crash.cmd', 'w') as f:
        f.write('sys\nquit\n')
    r = subprocess.run(['crash', '-s', '-i', out + '/crash.cmd', vmlinux,
                        dump], capture_output=True, text=True, timeout=600)
    check('crash opens the ELF dump with the first kernel\'s vmlinux and '
          'finds the sysrq panic', 'sysrq' in r.stdout and
          'RELEASE' in r.stdout, (r.stdout + r.stderr)[-800:])
    r = subprocess.run(['readelf', '-n', dump], capture_output=True,
                       text=True)
    check('readelf -n on the host lists KEXEC-VTD in the saved ELF dump',
          'KEXEC-VTD' in r.stdout, r.stderr)
    analyst.analyst_checks(out, dump, kdump, vmlinux, check, skip)


def shape_diff_check(out, base):
    """two-nics against handover, adopt-2nic against adopt (#23, 3): the
    same guest with a second NIC behind a root port; vtd-note diff
    --shape of the two crashes' notes names what the second NIC brought
    and nothing else."""
    import tempfile
    other = os.path.join(os.path.dirname(out), base, 'serial.log')
    vtd_note = os.path.join(os.environ.get('VTD_E2E_BUILD', ''),
                            'tools/vtd-note/vtd-note')
    if not os.path.exists(other) or not os.path.exists(vtd_note):
        skip('vtd-note diff --shape of %s and %s names the second NIC '
             'only' % (base, prefix), 'the %s guest did not run' % base)
        return
    tmp = tempfile.mkdtemp()
    areas = []
    for i, text in enumerate((open(other, errors='replace').read(),
                              serial)):
        js = e2e_lines(text, 'E2E: note-json-dump: ')
        if not js:
            check('both crashes\' notes are in their serial logs', False)
            return
        with open('%s/%d.json' % (tmp, i), 'w') as f:
            f.write(js[0])
        subprocess.run([vtd_note, 'make', '%s/%d.json' % (tmp, i),
                        '%s/%d.area' % (tmp, i)], check=True)
        areas.append('%s/%d.area' % (tmp, i))
    r = subprocess.run([vtd_note, 'diff', '--shape'] + areas,
                       capture_output=True, text=True)
    lines = r.stdout.splitlines()
    structure = [l for l in lines if re.match(r'^[-+~] +(root|ctx|smctx|'
                                              r'pasid) ', l)]
    raw = subprocess.run([vtd_note, 'diff'] + areas, capture_output=True,
                         text=True).stdout.splitlines()
    print('# %s: vtd-note diff of the two crashes: %d lines; --shape: %d'
          % (prefix, len(raw) - 1, len(lines) - 1))
    check('vtd-note diff --shape of the %s and %s crashes: bus 01\'s root '
          'entry and the second NIC (01:00.0) added, no device of both '
          'changed' % (base, prefix),
          '+  root  bus 01' in lines and
          any(l.startswith('+  ctx   01:00.0: ') for l in lines) and
          all(l.startswith('+') for l in structure), r.stdout)


def formats_check(note):
    """The dump in the other formats a kdump service writes (tests/e2e/init,
    dump_formats): vtd-note verify names the format it read, and show
    prints the snapshot /proc/vmcore has (issue #14)."""
    made = {l.split()[1]: l.split()[2:] for l in e2e
            if l.startswith('fmt-made ')}
    failed = [l for l in e2e if l.startswith('fmt-failed ')]
    want = [
        ('F', 'makedumpfile -F -c -d 31 into a file (Debian kdump-tools)',
         'flattened kdump-compressed dump, zlib'),
        ('F-stdin', 'the same file through a pipe on standard input (-)',
         'flattened kdump-compressed dump, zlib'),
        ('split', 'makedumpfile --split -l -d 31, two files, given in '
         'reverse', 'split kdump-compressed dump of 2 parts, lzo'),
        ('vmcore-head', 'the first 16 MiB of /proc/vmcore through a pipe',
         'ELF dump'),
    ]
    # The makedumpfile the guest runs is this host's (mkinitramfs.sh).
    mk = subprocess.run(['makedumpfile', '-h'], capture_output=True,
                        text=True)
    for c, name in (('p', 'snappy'), ('z', 'zstd')):
        if re.search(name + r' support:\s*enabled', mk.stdout + mk.stderr):
            want.append(('F-%s-pipe' % name, 'makedumpfile -F -%s -d 31 '
                         'through a pipe' % c,
                         'flattened kdump-compressed dump, ' + name))
        else:
            print('# %s: makedumpfile -%s not run: this makedumpfile is '
                  'built without %s' % (prefix, c, name))
    for tag, what, container in want:
        verify = value('fmt-verify %s: ' % tag) or ''
        shown = value('fmt-json %s: ' % tag)
        same = note and parsed(shown) == note
        check('%s: vtd-note verify passes and names the %s, show prints '
              'the snapshot /proc/vmcore has' % (what, container),
              'OK' in verify and verify.endswith('(in the %s)' % container)
              and same, '\n'.join([verify, shown or ''] + failed))
    secs = (value('fmt-seconds ') or '').split()
    if len(secs) == 7:
        print('# %s: the formats took %s s in the crash kernel (-F -c into '
              'a file, read in place and through a pipe: %s s; --split: %s '
              's; the rest: %s s)' % (prefix, secs[0], secs[2], secs[4],
                                      secs[6]))
    print('# %s: dump sizes (bytes): %s' % (prefix, ', '.join(
        '%s %s' % (k, v[0]) for k, v in sorted(made.items()))))


def has(s):
    return any(l.startswith(s) for l in e2e)


def value(s):
    for l in e2e:
        if l.startswith(s):
            return l[len(s):].strip()
    return None


crash_at = serial.find('E2E: crashing')
if crash_at < 0:    # the line lost in the UART's buffer at the panic
    crash_at = serial.find('sysrq: Trigger a crash')
second = serial.find('E2E: crash kernel up')
loaded = value('kexec_crash_loaded')
kexec_lines = [l for l in e2e if l.startswith('kexec: ')]
to_file = [l for l in kexec_lines if 'the running kernel takes the VT-d '
           'snapshot itself' in l and 'loading the crash kernel with '
           'kexec_file_load' in l]
if loader_to_file:
    check('our loader says the running kernel takes the snapshot and '
          'loads with kexec_file_load (lockdown refuses kexec_load)',
          to_file, '\n'.join(kexec_lines))
    kexec_lines = [l for l in kexec_lines if l not in to_file]
check('kexec -p succeeds and kexec_crash_loaded is 1',
      loaded == '1' and not kexec_lines, '\n'.join(kexec_lines))
if prefix.startswith('lockdown-'):
    check('the first kernel is locked down (integrity)',
          '[integrity]' in (value('lockdown ') or ''), value('lockdown '))
check('the crash kernel reaches userspace', second > 0,
      serial[-2000:] if second < 0 else '')

# QEMU's trace: what the first kernel programmed, and faults.
roots = re.findall(r'vtd_reg_dmar_root addr (0x[0-9a-f]+)', trace)
irs = re.findall(r'vtd_reg_ir_root addr (0x[0-9a-f]+) size (0x[0-9a-f]+)',
                 trace)
# A device's request that faulted is a vtd_dmar_fault event (QEMU also
# says "detected translation failure" on stderr, once per run).  A
# vtd_re/ce_not_present event alone is QEMU finding an entry absent when
# it looked, which it also does for itself when handling a context-cache
# invalidation: the window is open, whether or not a request fell in it.
dma_faults = re.findall(r'vtd_dmar_fault.*', trace)
absent = re.findall(r'vtd_(?:re|ce)_not_present.*', trace)
# file-load-move removes the SMBus controller (00:1f.3, which does no
# DMA) in the first kernel and finds it again: the first kernel clears
# its context entry, and QEMU looks at it while handling that
# invalidation.  The guest's own doing, not a window of the handover.
removed = []
if os.path.exists(out + '/expect') and \
        'move' in open(out + '/expect').read().split():
    removed = [a for a in absent if 'bus 0 devfn 251 ' in a]
    absent = [a for a in absent if a not in removed]
# The devices the fence blocked (#22, 1): their context entries are not
# present until their drivers map, so QEMU's lookups of them (when it
# handles an invalidation) and any DMA of theirs find none.  Counted
# apart; adoption_checks() judges why each was blocked.
blocked = list(dict.fromkeys(re.findall(
    r'kexec-vtd: \S+: ([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]): blocked until '
    r'its driver maps: .* \((0x[0-9a-f]+)\)', serial)))  # once each
blocked_sids = set(int(b, 16) << 8 | int(s, 16) << 3 | int(f)
                   for b, s, f, _ in blocked)


def trace_sid(line):
    m = re.search(r'bus (\d+) devfn (\d+)', line)
    if m:
        return int(m.group(1)) << 8 | int(m.group(2))
    m = re.search(r'sid 0x([0-9a-f]+)', line)
    return int(m.group(1), 16) if m else -1


# The stray DMA (stray-*): the buffers the first kernel's fixture pointed
# at the crash kernel's memory (one kernel line each: its DMA address and
# where that lands), the NIC's writes to them as QEMU made them, before
# and after the crash kernel's IOMMU driver came up (its invalidation
# queue: the last vtd_inv_qi_setup), and the writes the IOMMU refused (a
# DMAR fault at a stray page).  A write the IOMMU did not refuse landed.
stray_pages = {int(b, 16) & ~0xfff: int(t, 16) for b, t in re.findall(
    r'TEST: stray \w+: \S+ descriptor \d+ buffer (0x[0-9a-f]+) lands at '
    r'(0x[0-9a-f]+)', serial)}
stray_nic = re.findall(r'TEST: stray \w+: (\S+) descriptor', serial)
nic_sids = {int(b, 16) << 8 | int(d, 16) << 3 | int(f) for b, d, f in
            re.findall(r'TEST: stray \w+: [0-9a-f]{4}:([0-9a-f]{2}):'
                       r'([0-9a-f]{2})\.([0-7]) descriptor', serial)}


def stray_page(line, key):
    m = re.search(key + r':? (0x[0-9a-f]+)', line)
    return m and int(m.group(1), 16) & ~0xfff in stray_pages


def page_of(line, key):
    return int(re.search(key + r':? (0x[0-9a-f]+)', line).group(1),
               16) & ~0xfff


# QEMU's e1000e traces each buffer it writes ("addr: 0x..."); its IOMMU
# refuses a write in pieces, each a fault at its own address.  A stray
# write after the marker landed unless its page faulted after it.
# Until the power-off: Linux's shutdown turns translation off (the last
# "enable 0"), after the dump was saved, and DMA then lands untranslated
# wherever it points, whoever's tables they were.
qi_at = max(trace.rfind('vtd_inv_qi_setup'), 0)
off_at = trace.rfind('vtd_dmar_enable enable 0')
off_at = off_at if off_at > qi_at else len(trace)
stray_early = [l for l in re.findall(r'e1000e_rx_desc_buff_write.*',
                                     trace[:qi_at]) if stray_page(l, 'addr')]
stray_late = [l for l in re.findall(r'e1000e_rx_desc_buff_write.*',
                                    trace[qi_at:off_at])
              if stray_page(l, 'addr')]
stray_at_off = [l for l in re.findall(r'e1000e_rx_desc_buff_write.*',
                                      trace[off_at:])
                if stray_page(l, 'addr')]
stray_refused = [l for l in re.findall(r'vtd_dmar_fault.*',
                                       trace[qi_at:off_at])
                 if stray_page(l, 'addr')]
refused_pages = {page_of(l, 'addr') for l in stray_refused}
stray_landed = len([l for l in stray_late
                    if page_of(l, 'addr') not in refused_pages])
# Whatever else faults is judged below; the stray writes are judged here.
dma_faults = [a for a in dma_faults if not stray_page(a, 'addr')]
fenced_out = [a for a in absent + dma_faults if trace_sid(a) in blocked_sids]
absent = [a for a in absent if a not in fenced_out]
dma_faults = [a for a in dma_faults if a not in fenced_out]
# A request that failed where the entry had FPD set is dropped without a
# record (traced by the modern profile only): a fault all the same.
faults = dma_faults + absent + re.findall(r'vtd_fault_disabled.*', trace)
# Interrupts: QEMU 7.2 records no interrupt-remapping fault in the fault
# registers (its IR path drops the interrupt and reports a non-present
# IRTE once per run with error_report_once, on stderr), so Linux can
# print no "[INTR-REMAP]" line here; every IRTE fetch is in the trace
# (vtd_ir_irte_get), and one whose entry has P clear is the interrupt
# that Linux would report as fault reason 0x22.  QEMU 7.2 passes the two
# halves to that event in the other order: the field it calls "high" is
# bits 63:0 (vector, destination, P in bit 0), "low" bits 127:64 (SID).
irte_np = [m.group(0) for m in re.finditer(
    r'vtd_ir_irte_get index (\d+) low 0x([0-9a-f]+) high 0x([0-9a-f]+)',
    trace) if not int(m.group(3), 16) & 1]
qemu_irte = re.findall(r'.*non-present IRTE.*', qemu_log)
qemu_dma = re.findall(r'.*detected translation failure.*', qemu_log)
# Linux's own fault lines (drivers/iommu/intel/dmar.c), DMA and IR, and
# the older "INTR-REMAP: ... INTR-REMAP:[fault reason 34]" form.
log_faults = re.findall(
    r'DMAR: DRHD: handling fault.*|.*\[(?:DMA (?:Read|Write)[^\]]*|'
    r'INTR-REMAP)\] Request device.*|INTR-REMAP:.*fault.*', serial)


def expected_fault(line):
    """A fault of a device the fence blocked, or at a stray page: what
    the adoption is there to cause (counted apart, judged above)."""
    m = re.search(r'Request device \[([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])\]'
                  r'|dev=([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})', line)
    if m:
        b, d, f = [int(x, 16) for x in (m.group(1, 2, 3) if m.group(1)
                                         else m.group(4, 5, 6))]
        if b << 8 | d << 3 | f in blocked_sids:
            return True
    return bool(stray_page(line, r'(?:fault addr|iova=)'))


# Linux's status lines go with the device lines: apart when all are.
set_apart = [l for l in log_faults + qemu_dma if expected_fault(l)]
if set_apart and all(expected_fault(l) or 'handling fault status' in l
                     for l in log_faults):
    set_apart += [l for l in log_faults if 'handling fault status' in l]
log_faults = [l for l in log_faults if l not in set_apart]
qemu_dma = [l for l in qemu_dma if l not in set_apart]
counts = ('%d DMA faults, %d absent-entry lookups and %d non-present IRTE '
          'fetches in the QEMU trace, %d DMA and %d IRTE reports from QEMU, '
          '%d fault lines in the log' %
          (len(dma_faults), len(absent), len(irte_np), len(qemu_dma),
           len(qemu_irte), len(log_faults)))
if kind == 'reset':
    # The fixture: the same checks must fail against a reset.
    check('the pre-4.2 reset faults: QEMU reports DMAR faults',
          faults, 'no fault event in the trace')
    # Interrupts cannot show it here, and the count says so: the NIC
    # raises no MSI between the crash and its driver's reset in the
    # crash kernel (its last MSI was never acknowledged by the crashed
    # kernel, and e1000e signals again only after ICR is read), and the
    # IOAPIC entries fire only once the crash kernel has programmed
    # them into its new table.  The model shows reason 0x22 (34) for the
    # same reset (tests/sim/test_sim_baseline.c).
    print('# %s: %s' % (prefix, counts))
elif kind in ('fallback', 'upstream'):
    # Upstream's own copy: its teardown of a copied context entry leaves
    # it not present for a moment, so a device still receiving may
    # fault.  Not ours to judge here: counted, for comparison with adopt.
    print('# %s (upstream behaviour): %s' % (prefix, counts))
else:
    check('no DMAR fault: no vtd_dmar_fault/vtd_re_not_present/'
          'vtd_ce_not_present/vtd_fault_disabled event, no fault line in '
          'the log',
          not faults and not log_faults, '\n'.join((faults + log_faults)[:5]))
    check('no interrupt met a non-present IRTE (QEMU trace and report)',
          not irte_np and not qemu_irte, '\n'.join((irte_np + qemu_irte)[:5]))
    if kind == 'adopt':
        print('# %s: %s' % (prefix, counts))
    if removed:
        print('# %s: %d absent-entry lookups of 00:1f.3, which the first '
              'kernel removed and found again' % (prefix, len(removed)))
    if fenced_out or set_apart:
        print('# %s: %d absent-entry lookups or faults of the %d devices '
              'the fence blocked in QEMU\'s trace; %d fault lines and QEMU '
              'reports of those devices or of stray writes, set apart' % (
                  prefix, len(fenced_out), len(blocked_sids),
                  len(set_apart)))
if modern:
    # Which faults, by the reason QEMU recorded (VT-d 7.1.3: 0x59-0x5f and
    # 0x70-0x7a are the scalable-mode reasons: PASID directory or table
    # entry absent or bad, first-stage walk faults); those dropped because
    # the entry had FPD set are counted apart (vtd_fault_disabled).
    reasons = {}
    for r in re.findall(r'vtd_dmar_fault sid 0x[0-9a-f]+ fault (\d+)', trace):
        reasons[int(r)] = reasons.get(int(r), 0) + 1
    print('# %s: DMA fault reasons %s, %d dropped for FPD' % (
        prefix, ', '.join('0x%x: %d' % kv for kv in sorted(reasons.items()))
        or 'none', len(re.findall(r'vtd_fault_disabled', trace))))

if mode in ('handover', 'file'):
    verify = value('verify: ')
    check('vtd-note verify /proc/vmcore passes (checksum, sizes, complete)',
          verify and 'OK' in verify and 'flags complete' in verify, verify)
    shown = value('note-json: ')
    note = parsed(shown)
    check('vtd-note show --json /proc/vmcore prints one JSON document',
          note, (shown or 'no note-json line')[:200] + '...')
    unit = note['units'][0] if note else {}
    rt = int(unit.get('rtaddr', '0x0'), 16)
    irta = int(unit.get('irta', '0x0'), 16)
    check("note RTADDR is the first kernel's (QEMU's vtd_reg_dmar_root)",
          roots and rt & ~0xfff == int(roots[0], 16),
          'note 0x%x, trace %s' % (rt, roots))
    check("note IRTA and size are the first kernel's (vtd_reg_ir_root)",
          irs and irta & ~0xfff == int(irs[0][0], 16) and
          (2 << (irta & 0xf)) == int(irs[0][1], 16),
          'note 0x%x, trace %s' % (irta, irs))
    units = [l.split() for l in e2e if l.startswith('unit: ')]
    check('note register base is the unit the first kernel used',
          units and int(unit.get('register_base', '0x0'), 16) ==
          int(units[0][2], 16), str(units))
    translated = sorted(l.split()[1] for l in e2e
                        if l.startswith('translated: '))
    ctx = sorted('0000:%02x:%02x.%x' % (c['bus'], c['devfn'] >> 3,
                                         c['devfn'] & 7)
                 for c in unit.get('contexts', []) +
                 unit.get('sm_contexts', []))
    check('the note names exactly the PCI functions that had translation',
          translated and ctx == translated, 'note %s\nsysfs %s' %
          (ctx, translated))
    owners = {l.split()[1] for l in e2e if l.startswith('vmcore-owner: ')}
    check('readelf -n /proc/vmcore lists KEXEC-VTD next to CORE and '
          'VMCOREINFO', {'KEXEC-VTD', 'CORE', 'VMCOREINFO'} <= owners,
          str(owners))
    warn = re.findall(r'Exceeded p_memsz.*|Zero PT_NOTE.*', serial)
    check('no "Exceeded p_memsz" or "Zero PT_NOTE" warning', not warn,
          '\n'.join(warn))
    taker = {'handover': 'purgatory', 'file': 'kernel'}[mode]
    check('the note was taken by %s (its header says so)' % taker,
          note and note.get('taker_name') == taker,
          str(note.get('taker_name') if note else None))
    # Only the series' crash kernel reads the note (not Debian's, and
    # not the reset fixture, which never looks).
    if kind == 'adopt':
        used = re.search(r'kexec-vtd: note taken by (.*)',
                         serial[crash_at:])
        check('the crash kernel says whose note it adopts from',
              used and used.group(1).startswith(
                  'the crashed kernel' if mode == 'file' else 'purgatory'),
              used.group(0) if used else '')
    cycles = note.get('capture_cycles') if note else None
    if mode == 'file':
        dev = value('crash-device-note ')
        check('/sys/kernel/crash_device_note names the first kernel\'s '
              'area (address and size)', dev and len(dev.split()) == 2,
              str(dev))
        check('the first kernel said where its snapshot will be',
              re.search(r'kexec-vtd: the crash kernel will find this '
                        r'kernel\'s snapshot of \d+ units? at', serial), '')
        check('the kernel\'s capture time is in the note (TSC cycles)',
              isinstance(cycles, int) and cycles > 0, str(cycles))
    else:
        trace_line = re.search(r'kexec-vtd: unit 0x[0-9a-f]+ .*', serial)
        check('purgatory printed its --vtd-trace line on the serial port',
              trace_line, '')
        check('purgatory capture time printed (TSC cycles)',
              isinstance(cycles, int) and cycles > 0, str(cycles))
    lt = re.search(r'load-seconds ours ([0-9.]+) kexec-tools ([0-9.]+)',
                   serial)
    if lt and float(lt.group(2)):
        print('# %s: load took %s s with ours, %s s with kexec-tools '
              '(ratio %.2f)' % (prefix, lt.group(1), lt.group(2),
                                float(lt.group(1)) / float(lt.group(2))))
    if isinstance(cycles, int):
        print('# %s: %s captured the VT-d state in %d TSC cycles'
              % (prefix, taker, cycles))
    check('makedumpfile -E -d 31 on /proc/vmcore succeeds and vtd-note '
          'verify passes on the ELF dump',
          has('makedumpfile-E ok') and 'OK' in (value('verify-dump-elf: ')
                                                or ''),
          value('makedumpfile-E failed:') or value('verify-dump-elf: '))
    dump_owners = {l.split()[1] for l in e2e if l.startswith('dump-owner: ')}
    check('readelf -n on the saved ELF dump lists KEXEC-VTD, CORE and '
          'VMCOREINFO', {'KEXEC-VTD', 'CORE', 'VMCOREINFO'} <= dump_owners,
          str(dump_owners))
    dumped = value('note-json-dump: ')
    check('vtd-note show on the ELF dump prints the same snapshot as on '
          '/proc/vmcore', note and parsed(dumped) == note)
    kdumped = value('note-json-kdump: ')
    check('vtd-note verify and show on the kdump-compressed (-c) dump: '
          'the same snapshot', 'OK' in (value('verify-dump-kdump: ') or '')
          and note and parsed(kdumped) == note,
          value('verify-dump-kdump: '))
    crash_check(out)
    if prefix == 'two-nics':
        shape_diff_check(out, 'handover')
    if prefix == 'adopt-2nic':
        shape_diff_check(out, 'adopt')
    if prefix == 'handover':
        formats_check(note)
    # kexec-tools' `kexec -p -d` on the same guest, the same moment.
    kt = [l for l in e2e if l.startswith('kt: ')] if mode == 'handover' \
        else []
    kt_ph = [tuple(int(x, 16) for x in re.findall(
        r'p_(?:paddr|vaddr|memsz) = (0x[0-9a-f]+)', l)) + (
        int(re.search(r'p_type = (\d+)', l).group(1)),)
        for l in kt if 'p_type' in l]
    ours = [l.split()[1:] for l in e2e if l.startswith('ours-phdr: ')]
    ours_ph = [(int(f[3], 16), int(f[2], 16), int(f[5], 16),
                1 if f[0] == 'LOAD' else 4) for f in ours]
    if mode == 'handover':
        kt_loads = sorted(p[:3] for p in kt_ph if p[3] == 1)
        our_loads = sorted(p[:3] for p in ours_ph if p[3] == 1)
        check("PT_LOADs (paddr, vaddr, size) equal kexec-tools' kexec -p -d "
              'on the same guest', kt_loads and kt_loads == our_loads,
              'kexec-tools %s\nours %s' % ([tuple(map(hex, p)) for p in kt_loads],
                                            [tuple(map(hex, p)) for p in our_loads]))
        kt_notes = sorted(p[:3] for p in kt_ph if p[3] == 4)
        our_notes = sorted(p[:3] for p in ours_ph if p[3] == 4)
        extra = [n for n in our_notes if n not in kt_notes]
        area = [n for n in our_notes if n not in kt_notes]
        check("PT_NOTEs are kexec-tools' plus exactly one: the 1 MiB snapshot "
              'area', kt_notes and all(n in our_notes for n in kt_notes) and
              len(area) == 1 and area[0][2] == 1 << 20,
              'kexec-tools %s\nours %s' % (kt_notes, our_notes))
    if re.search(r'efi: EFI v', serial[:crash_at]) and kind == 'adopt':
        # kernel/'s 6.12 is built without CONFIG_EFI: ACPI through the
        # RSDP the loader hands over is what it needs of the firmware.
        check('EFI first boot: the crash kernel (no CONFIG_EFI) finds ACPI '
              'through the RSDP handed over',
              re.search(r'ACPI: RSDP 0x', serial[crash_at:]) and
              not re.search(r'valid RSDP was not found', serial[crash_at:]))
    elif re.search(r'efi: EFI v', serial[:crash_at]):
        check('EFI first boot: the crash kernel runs with EFI too (efi_info '
              'and the runtime map handed over)',
              re.search(r'efi: EFI v', serial[crash_at:]) and
              not re.search(r'valid RSDP was not found', serial[crash_at:]))
    mk_c = value('makedumpfile-c ')
    check('makedumpfile -c -d 31 on /proc/vmcore succeeds',
          mk_c and mk_c.startswith('ok'), mk_c)


def dump_reader(out):
    """Physical memory as the saved ELF dump has it (its PT_LOADs)."""
    import struct
    if not value('elf-on-disk ') or not os.path.exists(out + '/dump.img'):
        return None
    img = open(out + '/dump.img', 'rb')  # open for the reader's lifetime
    ehdr = img.read(64)
    if ehdr[:4] != b'\x7fELF':
        return None
    phoff, = struct.unpack_from('<Q', ehdr, 0x20)
    phnum, = struct.unpack_from('<H', ehdr, 0x38)
    img.seek(phoff)
    loads = []
    for i in range(phnum):
        ph = img.read(56)
        ptype, _, off, _, paddr, filesz = struct.unpack_from('<IIQQQQ', ph)
        if ptype == 1:
            loads.append((paddr, filesz, off))

    def read(pa, n):
        for paddr, filesz, off in loads:
            if paddr <= pa and pa + n <= paddr + filesz:
                img.seek(off + pa - paddr)
                return img.read(n)
        return None
    return read


def adoption_checks():
    after = serial[crash_at:] if crash_at > 0 else ''
    # The unit's mode: the first kernel's (scalable in the modern profile
    # unless booted sm_off), whatever the crash kernel's own choice.
    adopted = re.search(r'kexec-vtd: (\S+): translation adopted: root table '
                        r'(0x[0-9a-f]+) kept \(%s mode\), (\d+) context '
                        r'entries' % first_mode, after)
    check('the crash kernel adopts translation from the note (one line per '
          'unit, %s mode)' % first_mode, adopted,
          '\n'.join(re.findall(r'.*kexec-vtd.*', after)))
    if follows:
        own = 'legacy' if first_sm else 'scalable'
        # Its console's lines (init prints dmesg again, after "E2E:").
        said = re.findall(r'^(?!E2E).*kexec-vtd: the crashed kernel ran the '
                          r'units in (\w+) mode \(1 of them\): so does this '
                          r'kernel, whose own choice was (\w+) mode', after,
                          re.M)
        check('the crash kernel, booted for %s mode, says once that it runs '
              'the unit in the note\'s %s mode' % (own, first_mode),
              said == [(first_mode, own)],
              '\n'.join(re.findall(r'.*kexec-vtd.*', after)))
    ir = re.search(r'kexec-vtd: (\S+): interrupt remapping adopted: IRTE '
                   r'table (0x[0-9a-f]+) kept, (\d+) entries', after)
    check('the crash kernel adopts interrupt remapping from the note', ir,
          '\n'.join(re.findall(r'.*kexec-vtd.*', after)))
    # The fence (#22, 1): every translating device's old page tables
    # walked before the adoption.  A device is blocked only for a reach
    # of the first kernel's own making that sysfs shows: an address its
    # group maps one to one (a direct reserved region: an RMRR, or the
    # 16 MiB Linux maps for an ISA bridge's group, which the crash
    # kernel's low memory lies in), never the NIC.
    fenced = re.search(r'kexec-vtd: \S+: the old page tables of (\d+) '
                       r'devices walked \((\d+) table pages\)', after)
    group_of, direct = {}, {}
    for l in e2e:
        f = l.split()
        if l.startswith('translated: ') and len(f) == 4:
            group_of[f[1]] = f[3]
        if l.startswith('resv: ') and len(f) == 6 and \
                f[5].startswith('direct'):
            direct.setdefault(f[2], []).append((int(f[3], 16),
                                                int(f[4], 16)))
    nic = re.search(r'e1000e 0000:(\S+) eth[0-9]+:', after)
    nic = nic.group(1) if nic else stray_nic[0][5:] if stray_nic else '?'
    # stray-leaf: the NIC is blocked, for a leaf the fixture pointed at
    # the crash kernel's memory; stray-pt: its pass-through entry fenced.
    leaf_nic = stray_run and 'stray leaf' in expect
    targets = {t & ~0xfff for t in stray_pages.values()}
    unexplained = []
    for b, s, f, pa in blocked:
        g = group_of.get('0000:%s:%s.%s' % (b, s, f))
        if leaf_nic and '%s:%s.%s' % (b, s, f) == nic and \
                int(pa, 16) & ~0xfff in targets:
            continue
        if not any(lo <= int(pa, 16) <= hi for lo, hi in direct.get(g, [])):
            unexplained.append('%s:%s.%s at %s (group %s: direct %s)' % (
                b, s, f, pa, g, direct.get(g)))
    nic_blocked = nic in ['%s:%s.%s' % d[:3] for d in blocked]
    check('the fence walked the old page tables of every translating '
          'device (%s devices, %s table pages); each it blocked (%s) maps '
          'the address it was blocked for one to one in a direct region '
          'of its IOMMU group (sysfs)%s' %
          (fenced.group(1) if fenced else '?',
           fenced.group(2) if fenced else '?',
           ', '.join('%s:%s.%s' % d[:3] for d in blocked) or 'none',
           ' or, the NIC, at a stray leaf' if leaf_nic else
           ', the NIC is not blocked'),
          fenced and (int(fenced.group(1)) > 0 and
                      int(fenced.group(2)) > 0 or
                      'stray pt' in expect) and not unexplained and
          nic_blocked == leaf_nic,
          '\n'.join(unexplained) or
          '\n'.join(re.findall(r'.*kexec-vtd.*', after)))
    if stray_run:
        return stray_adoption_checks(after)
    # The first maps: every copied entry a driver took over was swapped
    # while present (#12, 2; #21, 7: in legacy mode through the
    # adoption's own domain id, in scalable mode in one 64-bit store of
    # the bits that name the new PASID directory, #13), none fell back
    # to the teardown.
    swapped = re.findall(r'kexec-vtd: \S+: (\S+): context entry swapped '
                         r'while present', after)
    unswapped = re.findall(r'.*context entry not swapped.*', after)
    eth0 = re.search(r'e1000e 0000:(\S+) eth[0-9]+:', after)
    eth0 = eth0.group(1) if eth0 else '?'
    check('the NIC the crash kernel uses (%s) got its new domain by a '
          'swap while present, no entry fell back to the teardown' % eth0,
          eth0 in swapped and not unswapped,
          '\n'.join(unswapped) or str(swapped))
    for l in re.findall(r'.*kexec-vtd: \S+: \S+: context entry swapped.*',
                        after)[:8]:
        print('# %s: %s' % (prefix, l.strip()))
    check('QEMU trace: RTADDR and IRTA written once in the whole run (by '
          'the first kernel), never by the crash kernel',
          len(roots) == 1 and len(irs) == 1, 'RTADDR %s\nIRTA %s' %
          (roots, irs))
    for ev, what in (('vtd_dmar_enable', 'translation'),
                     ('vtd_ir_enable', 'interrupt remapping')):
        seq = re.findall(ev + r' enable (\d)', trace)
        # Power-off at the very end may turn it off; nothing before.
        check('QEMU trace: %s turned on once and never off before the '
              'final power-off' % what, seq in (['1'], ['1', '0']),
              str(seq))
    nic_check()
    # note: the snapshot /proc/vmcore showed (the handover checks above).
    read = dump_reader(out)
    unit = note['units'][0] if note else {}
    rt = int(unit.get('rtaddr', '0x0'), 16) & ~0xfff
    roots_note = unit.get('roots', [])
    edited = []
    # Each present half: the upper one (bits 127:64) is in use in scalable
    # mode only, for devfn 0x80-0xff.
    for r in roots_note:
        for half, key in ((0, 'lo'), (8, 'hi')):
            old = int(r.get(key, '0x0'), 16)
            if key == 'hi' and not old & 1:
                continue
            raw = read(rt + 16 * r['bus'] + half, 8) if read else None
            now = int.from_bytes(raw, 'little') if raw else None
            edited.append((r['bus'], key, hex(old),
                           hex(now) if now else None))
    ok = edited and all(now and now != old and int(now, 16) & 1
                        for _, _, old, now in edited)
    check('the note in /proc/vmcore keeps the crash-time root entries while '
          'old memory (the saved dump) shows the crash kernel\'s new context '
          'tables under the same root table', ok, str(edited))
    if ok:
        print('# %s: root table 0x%x: note %s' % (prefix, rt, edited))


def stray_adoption_checks(after):
    """stray-*-adopt: the crash kernel kept the stray DMA out."""
    if 'stray pt' in expect:
        pt = re.search(r'kexec-vtd: \S+: (\d+) pass-through entries fenced: '
                       r'identity domain \d+ maps (\d+) MiB', after)
        check('the pass-through first kernel\'s entries were put on the '
              'fenced identity domain (one line)', pt and int(pt.group(1)),
              '\n'.join(re.findall(r'.*kexec-vtd.*', after)))
    # A blocked NIC (stray-leaf) cannot even read its descriptors: its
    # attempts are lookups of its absent entry, and it writes nothing.
    check('none of the NIC\'s stray writes after the crash kernel\'s IOMMU '
          'driver came up landed: %d writes, a DMAR fault at each one\'s '
          'page (%d faults), %d lookups of its entry if blocked (QEMU '
          'trace)' % (len(stray_late), len(stray_refused), len(fenced_out)),
          (stray_late or fenced_out) and not stray_landed,
          '\n'.join((stray_late + stray_refused)[:6]))
    check('the crash kernel saw no corrupted memory: no page_poison '
          'report, no oops', not crash_corruption(),
          '\n'.join(crash_corruption()[:6]))


def crash_corruption():
    """What the crash kernel says of memory someone else wrote: its log
    from its first line (the first kernel's panic comes before)."""
    start = serial.find('Linux version', crash_at) if crash_at > 0 else -1
    after = serial[start:] if start > 0 else ''
    return re.findall(r'.*(?:pagealloc: memory corruption|BUG: |Oops|'
                      r'general protection fault|Kernel panic).*', after)


def ats_checks():
    """The ATS machine (#21): a virtio-net NIC whose device-TLB is in use."""
    vnic = (value('vnic ') or '').split()
    bdf = vnic[1] if len(vnic) == 2 else '0000:ff:1f.7'
    bus, dev, fn = (int(x, 16) for x in re.split(r'[:.]', bdf)[1:])
    sid = bus << 8 | dev << 3 | fn
    if mode == 'stock':
        skip('the first kernel ran the virtio NIC with ATS', 'no note')
    else:
        unit = note['units'][0] if note else {}
        if first_sm:
            # Scalable mode: DTE, bit 2 of the context entry (9.4).
            tt = [(int(c['val'][0], 16) >> 2) & 1
                  for c in unit.get('sm_contexts', [])
                  if c['bus'] == bus and c['devfn'] == sid & 0xff]
        else:
            tt = [(int(c['lo'], 16) >> 2) & 3
                  for c in unit.get('contexts', [])
                  if c['bus'] == bus and c['devfn'] == sid & 0xff]
        check('the first kernel ran the virtio NIC (%s) with ATS: its '
              'context entry in the note has %s' %
              (bdf, 'DTE set' if first_sm else 'TT 01b'), tt == [1],
              str(tt))
    after = serial[crash_at:] if crash_at > 0 else ''
    short = bdf[5:]
    if kind == 'adopt':
        check('the crash kernel swapped the NIC\'s entry while present',
              re.search(r'kexec-vtd: \S+: %s: context entry swapped while '
                        r'present' % re.escape(short), after),
              '\n'.join(re.findall(r'.*kexec-vtd: \S+: %s.*' %
                                   re.escape(short), after)))
        # QEMU traces every device-TLB descriptor it takes; the swap's
        # names the whole range (S, address bits 62:12), as the first
        # kernel's flush-all does: the one after the crash kernel set up
        # its own queue (the last vtd_inv_qi_setup) is the swap's.
        qstart = trace.rfind('vtd_inv_qi_setup')
        qstart = qstart if qstart >= 0 else len(trace)
        descs = re.findall(r'vtd_inv_desc .*type device high (0x[0-9a-f]+) '
                           r'low (0x[0-9a-f]+)', trace[qstart:])
        mine = [(h, l) for h, l in descs
                if (int(l, 16) >> 32) & 0xffff == sid and
                int(h, 16) == 0x7ffffffffffff001]
        pfsid = [(int(l, 16) >> 12 & 0xf) | (int(l, 16) >> 52) << 4
                 for _, l in mine]
        check('QEMU took the crash kernel\'s device-TLB invalidation of '
              'the whole range for the NIC, PFSID 0 as a unit without '
              'ECAP.DIT needs it', mine and not any(pfsid),
              '%d after the crash kernel\'s queue came up: %s' %
              (len(descs), descs[:4]))
    bad = re.findall(r'.*(?:invalid dev-iotlb|invalid.*inv desc).*', qemu_log)
    bad += re.findall(r'.*(?:invalid descriptor|Invalidation Queue Error|'
                      r'Invalidation Time-out).*', after)
    check('no invalidation refused or timed out (QEMU\'s output, the crash '
          'kernel\'s log)', not bad, '\n'.join(bad))
    tftp_check('the virtio NIC', 'crash-vnic tftp ')


def tftp_intact(key):
    """The crash kernel's TFTP fetch (E2E line @key) and the host's copy:
    equal, and the two checksums."""
    import hashlib
    probe = out + '/tftp/nic-probe'
    want = hashlib.md5(open(probe, 'rb').read()).hexdigest() \
        if os.path.exists(probe) else None
    got = value(key)
    return bool(want and got == want), want, got


def tftp_check(nic, key):
    """The crash kernel's TFTP fetch over @nic against the host's copy."""
    ok, want, got = tftp_intact(key)
    check('%s works in the crash kernel: a 64 KiB TFTP fetch from QEMU '
          'arrives intact' % nic, ok,
          'host %s, guest %s\n%s' % (want, got, '\n'.join(
              l for l in e2e if l.startswith('tftp: '))))


def nic_check():
    tftp_check('the NIC', 'crash-nic tftp ')
    nic = re.search(r'crash-nic rx (\d+) tx (\d+)', serial)
    if nic:
        print('# %s: crash kernel NIC rx %s tx %s frames' % (
            prefix, nic.group(1), nic.group(2)))


def modern_checks():
    """Issue #13: scalable mode with first- or second-stage tables and
    x2APIC interrupt remapping, against QEMU 10's trace, Linux's sysfs
    and log, and old memory as makedumpfile saved it."""
    after = serial[crash_at:] if crash_at > 0 else ''
    before = serial[:crash_at] if crash_at > 0 else serial
    # kernel/'s 6.12 runs scalable mode only with intel_iommu=sm_on
    # (modern.sh sets it): a crash kernel that set a legacy root table
    # would test something else.
    sm = re.findall(r'vtd_reg_dmar_root addr 0x[0-9a-f]+ scalable (\d)',
                    trace)
    want = '1' if first_sm else '0'
    if kind == 'upstream':
        # Upstream's crash kernel sets a root table of its own mode, and
        # with another choice than the first kernel's cannot copy.
        check('QEMU trace: the first kernel set a %s-mode root table' %
              first_mode, sm and sm[0] == want, str(sm))
        print('# %s: root tables set (scalable 1, legacy 0): first kernel '
              '%s, crash kernel %s' % (prefix, sm[:1], sm[1:]))
    else:
        check('QEMU trace: every root table set in the run (first kernel, '
              'crash kernel) is a %s-mode one' % first_mode, sm and
              all(x == want for x in sm), str(sm))
    # Both kernels, in their own words: interrupt remapping with EIM and
    # the APIC driver in x2APIC mode.
    for who, log in (('first', before), ('crash', after)):
        lines = re.findall(r'.*(?:IRQ remapping in x2apic mode|APIC '
                           r'routing to: \w+ x2apic).*', log)
        check('the %s kernel runs interrupt remapping and its APIC in x2apic '
              'mode (its log)' % who,
              any('IRQ remapping in x2apic mode' in l for l in lines) and
              any('x2apic' in l and 'routing' in l for l in lines),
              '\n'.join(lines) or log[-1500:])
    if mode not in ('handover', 'file'):
        return
    unit = note['units'][0] if note else {}
    check('the note says %s mode' % first_mode,
          unit.get('mode') == first_mode, unit.get('mode'))
    if first_sm:
        scalable_note_checks(unit)
    irte_checks(unit)


def scalable_note_checks(unit):
    """A scalable-mode first kernel's entries in the note and the dump."""
    flts = 'x-flts on' in expect
    # Every function Linux put in an IOMMU group (sysfs, the first
    # kernel) has a scalable context entry and its RID_PASID entry: P set,
    # the table type x-flts asks for, a domain id and a table pointer.
    # Functions of one group share one domain and one table; functions of
    # different groups share neither.
    groups = {}
    for l in e2e:
        f = l.split()
        if l.startswith('translated: ') and len(f) == 4:
            groups[f[1]] = f[3]
    bdf = lambda e: '0000:%02x:%02x.%x' % (e['bus'], e['devfn'] >> 3,
                                           e['devfn'] & 7)
    smctx = {bdf(c): c for c in unit.get('sm_contexts', [])}
    pasids = {bdf(p): p for p in unit.get('pasids', [])}
    want_pgtt, pgtt_name = (1, 'first-stage') if flts else (2, 'second-stage')
    bad, seen = [], {}
    for f, g in sorted(groups.items()):
        p = pasids.get(f)
        if f not in smctx or not p:
            bad.append('%s: no %s' % (f, 'context' if f not in smctx
                                      else 'PASID entry'))
            continue
        v = [int(x, 16) for x in p['val']]
        pgtt = (v[0] >> 6) & 7
        did = v[1] & 0xffff
        # Second-stage pointer: bits 63:12; first-stage: bits 191:140.
        ptr = (v[2] if pgtt == 1 else v[0]) & ~0xfff
        if not v[0] & 1 or pgtt != want_pgtt or not did or not ptr:
            bad.append('%s: P %d PGTT %d DID %d table 0x%x' % (
                f, v[0] & 1, pgtt, did, ptr))
        seen[f] = (g, did, ptr)
    for f, (g, did, ptr) in seen.items():
        for f2, (g2, did2, ptr2) in seen.items():
            if f < f2 and (g == g2) != ((did, ptr) == (did2, ptr2)):
                bad.append('%s (group %s, DID %d, 0x%x) and %s (group %s, '
                           'DID %d, 0x%x)' % (f, g, did, ptr, f2, g2, did2,
                                              ptr2))
    check('the note names every translated function (sysfs IOMMU groups) '
          'with a present %s RID_PASID entry, one domain and table per '
          'group' % pgtt_name, groups and not bad and
          sorted(smctx) == sorted(groups), '\n'.join(bad) or
          'note %s\nsysfs %s' % (sorted(smctx), sorted(groups)))
    print('# %s: %s' % (prefix, '; '.join(
        '%s group %s DID %d table 0x%x' % (f, g, d, t)
        for f, (g, d, t) in sorted(seen.items()))))
    # Both halves of a scalable root entry: bus 0's lower (devfn < 0x80)
    # and upper (the NIC at 0x80) context tables, and a second bus.
    roots = {r['bus']: r for r in unit.get('roots', [])}
    r0 = roots.get(0, {})
    check('bus 0\'s root entry has both halves present, the NIC at '
          '00:10.0 (devfn 0x80) in the upper one, and a function behind '
          'the root port (bus 1)', int(r0.get('lo', '0x0'), 16) & 1 and
          int(r0.get('hi', '0x0'), 16) & 1 and
          smctx.get('0000:00:10.0', {}).get('table') ==
          hex(int(r0.get('hi', '0x0'), 16) & ~0xfff) and
          any(f.startswith('0000:01:') for f in smctx), str(roots))
    # The entries as they were in old memory, read back from the ELF dump
    # makedumpfile wrote, where the crash kernel leaves them alone: the
    # old context tables always (it makes new ones); the PASID tables
    # unless it adopts them (the series may change a present PASID entry
    # in place at a device's first map); the root table when it copies.
    read = dump_reader(out)
    diff = []
    if read:
        items = [(int(c['table'], 16) + 32 * (c['devfn'] & 0x7f), c['val'],
                  'context ' + f) for f, c in smctx.items()]
        if kind != 'adopt':
            items += [(int(p['table'], 16) + 64 * (p['pasid'] & 63),
                       p['val'], 'PASID entry ' + f)
                      for f, p in pasids.items()]
        if kind == 'handover':
            rt = int(unit.get('rtaddr', '0x0'), 16) & ~0xfff
            items += [(rt + 16 * r['bus'], [r['lo'], r['hi']],
                       'root %02x' % r['bus']) for r in roots.values()]
        for pa, val, what in items:
            raw = read(pa, 8 * len(val))
            got = [int.from_bytes(raw[i:i + 8], 'little')
                   for i in range(0, len(raw), 8)] if raw else None
            if got != [int(x, 16) for x in val]:
                diff.append('%s at 0x%x: note %s, dump %s' % (
                    what, pa, val, [hex(x) for x in got] if got else None))
    check('the note\'s %s entries equal old memory in the saved ELF dump '
          '(makedumpfile -E)' % {'handover': 'root, context and PASID',
                                 'reset': 'context and PASID'}.get(
                                     kind, 'context'),
          read and not diff, '\n'.join(diff[:6]) or 'no ELF dump on disk')


def irte_checks(unit):
    # x2APIC interrupt remapping: IRTA.EIME in the note, and each IRTE's
    # 32-bit destination (bits 63:32) is what QEMU decoded every time it
    # remapped an interrupt through that entry while the first kernel's
    # table was in use (up to the next IRTA write; all run long when the
    # crash kernel adopts it and keeps the entries in use).
    irta = int(unit.get('irta', '0x0'), 16)
    first = trace
    m = [x.start() for x in re.finditer(r'vtd_reg_ir_root', trace)]
    if len(m) > 1:
        first = trace[:m[1]]
    used = {}
    for i, d in re.findall(r'vtd_ir_remap index (\d+) trigger \d+ vector '
                           r'\d+ deliver \d+ dest (0x[0-9a-f]+)', first):
        used.setdefault(int(i), set()).add(int(d, 16))
    irtes = {e['index']: int(e['lo'], 16) >> 32 for e in unit.get('irtes', [])}
    wrong = ['IRTE %d: note dest 0x%x, QEMU %s' % (
        i, irtes[i], [hex(x) for x in used[i]])
        for i in irtes if i in used and used[i] != {irtes[i]}]
    wide = sorted(hex(d) for d in irtes.values() if d > 0xff)
    check('x2APIC IRTEs: IRTA.EIME set, the IRTEs QEMU used carry the '
          'destinations QEMU decoded, one beyond 8 bits (APIC id 17)',
          irta & (1 << 11) and any(i in used for i in irtes) and
          not wrong and wide, '\n'.join(wrong) or 'irta 0x%x, note %s, '
          'QEMU %s' % (irta, {i: hex(d) for i, d in irtes.items()},
                       {i: sorted(map(hex, d)) for i, d in used.items()}))
    print('# %s: IRTE destinations %s' % (prefix, ', '.join(
        '%d: 0x%x' % kv for kv in sorted(irtes.items()))))


if kind == 'adopt':
    adoption_checks()
if kind == 'upstream':
    nic_check()
if kind == 'fallback':
    after = serial[crash_at:] if crash_at > 0 else ''
    check('without a note the kernel says so once and does what upstream '
          'does (copies the tables)',
          re.search(r'kexec-vtd: no usable note at elfcorehdr 0x[0-9a-f]+ '
                    r'\(.*\); doing without it', after) and
          'Copied translation tables from previous kernel' in after and
          'Copied IR table' in after and 'adopted' not in after,
          '\n'.join(re.findall(r'.*(?:kexec-vtd|Copied).*', after)))
    if not stray_run:
        nic_check()
# The machine matrix: the mode each variant is there to add.
for want in expect:
    if want.startswith('paging '):
        check('the first kernel ran with %s paging' % want.split()[1],
              value('paging ') == want.split()[1], value('paging '))
    if want == 'move':
        areas = [(value(k) or '').split() for k in (
            'move-area-before ', 'move-area-small ', 'move-area-after ')]
        check('the kernel\'s area moved after the load into 8 KiB by hand '
              '(debugfs), then into a bigger one when a PCI function was '
              'added: three areas at three addresses',
              all(len(a) == 2 for a in areas) and areas[1][1] == '2000' and
              int(areas[2][1], 16) >= 0x100000 and
              len({a[0] for a in areas}) == 3, str(areas))
        check('/sys/kernel/crash_device_note names the last one',
              (value('move-device-note ') or '').split() == areas[2],
              value('move-device-note '))
        moves = re.findall(r'kexec-vtd: the crash kernel will find this '
                           r'kernel\'s snapshot at (0x[0-9a-f]+) now',
                           serial[:crash_at])
        check('the first kernel said where at each move',
              len(moves) == 2 and moves[1] == areas[2][0], str(moves))
        # The two areas before were given back, never written: the note
        # is found only if the crash core rewrote the loaded elfcorehdr.
        check('the crash kernel found the note in the last area and '
              'adopted from it (the rewritten elfcorehdr names it)',
              re.search(r'kexec-vtd: note taken by the crashed kernel',
                        serial[crash_at:]) and
              re.search(r'kexec-vtd: \S+: translation adopted',
                        serial[crash_at:]), '')
    if want == 'ats':
        ats_checks()
    if want == 'crash-high':
        ranges = [int(l.split()[1].split('-')[0], 16) for l in e2e
                  if l.startswith('crash-range: ')]
        check('the crash kernel is reserved above 4 GiB (crashkernel=,high) '
              'with a low part below', any(r >= 1 << 32 for r in ranges) and
              any(r < 1 << 32 for r in ranges), str([hex(r) for r in ranges]))
        if mode == 'handover':
            area = [l.split() for l in e2e if l.startswith('ours-phdr: NOTE')
                    and int(l.split()[6], 16) == 1 << 20]
            check('the snapshot area sits above 4 GiB',
                  area and int(area[0][4], 16) >= 1 << 32, str(area))
if modern:
    modern_checks()
if mode == 'stock' and not stray_run:
    mk_c = value('makedumpfile-c ')
    check('the crash kernel saves the dump (makedumpfile -c -d 31 on '
          '/proc/vmcore)', mk_c and mk_c.startswith('ok'), mk_c)
# Upstream beside stray-*-adopt: whether its crash kernel saved the dump
# is what the run shows (the record below), not a test of ours.

if kind == 'reset':
    check('the reset kernel did reset (its TEST line is in the log)',
          'TEST: reset' in serial, '')

if stray_run:
    check('the fixture pointed %d of the NIC\'s receive buffers at the crash '
          'kernel\'s memory just before the crash' % len(stray_pages),
          value('stray ') in ('ring set', 'leaf set') and stray_pages,
          value('stray '))
    check('the NIC went on with DMA after the crash kernel\'s IOMMU driver '
          'came up: writes to those buffers, or lookups of its blocked '
          'entry (QEMU trace)', stray_late or (nic_sids & blocked_sids and
                                               fenced_out),
          '%d writes before it' % len(stray_early))
    print('# %s: stray writes: %d before the crash kernel\'s IOMMU driver '
          'came up, %d after, %d of those landed (%d faults at stray pages), '
          '%d once it turned translation off to power off; the crash kernel '
          'says: %s' % (
              prefix, len(stray_early), len(stray_late), stray_landed,
              len(stray_refused), len(stray_at_off), '; '.join(
                      l.strip() for l in crash_corruption()[:3]) or
                  'nothing of corrupted memory'))
# One line per run for the side-by-side table (bench/e2e-faults.sh,
# #22): what the crash kernel did with the first kernel's translation,
# whether it saved the dump and its NIC worked, and the counts above
# (absent-entry lookups and faults of devices the fence blocked apart).
after = serial[crash_at:] if crash_at > 0 else ''
translation = ('adopted' if re.search(r'kexec-vtd: \S+: translation adopted',
                                      after) else
               'copied' if 'Copied translation tables from previous kernel'
               in after else
               'new-tables' if 'Failed to copy translation tables' in after
               else 'reset' if 'TEST: reset' in serial else 'none')
mk_c = value('makedumpfile-c ')
cost = (value('crash-cost ') or '').split()
cost = dict(zip(cost[::2], cost[1::2]))
# The time from the crash to the crash kernel's init: the TSC read before
# the first kernel's last second of sleep and at the init, less that
# second (meaningful in QEMU's virtual time, under -icount).
try:
    span = '%d' % ((int(cost['tsc']) - int(value('tsc-before-crash '))) /
                   float(cost['tsc-mhz']) / 1000 - 1000)
except (KeyError, TypeError, ValueError, ZeroDivisionError):
    span = '-'
print('# record %s: dump %d nic %d translation %s dma %d absent %d '
      'blocked %d irte %d log %d stray-landed %d corrupt %d iommu-pages %s '
      'memfree-kb %s uptime %s iommu-init-us %s panic-to-init-ms %s' % (
          prefix, bool(mk_c and mk_c.startswith('ok')),
          tftp_intact('crash-nic tftp ')[0], translation, len(dma_faults),
          len(absent), len(fenced_out), len(irte_np) + len(qemu_irte),
          len(log_faults), stray_landed, len(crash_corruption()),
          cost.get('iommu-pages', '-'), cost.get('memfree-kb', '-'),
          cost.get('uptime', '-'), cost.get('iommu-init-us') or '-', span))
print_tap()
