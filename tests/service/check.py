#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Judge one service-tier guest from what it left on its disk (read with
debugfs into OUTDIR), its serial log and the saved dump, against judges
nobody here wrote: kdump-tools' own output (kdump-config show, its
journal, the files it writes), the kernel's sysfs, makedumpfile (-R on
the flattened dump), dpkg (--verify, dpkg-divert) and the sha256 of
kexec-tools' kexec taken when the image was built.  Prints TAP.

  check.py OUTDIR SUITE stock|deb|kernel|kernel-stock BUILDDIR

stock: kexec-tools as Debian ships it, nothing of ours in the guest.
deb: our packages installed with dpkg -i and KDUMP_KEXEC_ARGS set to
--vtd-handover; then kexec-vtd purged and kdump-tools loaded again.
kernel: nothing of ours in userspace, kdump-tools configured as shipped,
the series' kernel booted (first and crash kernel): it takes the snapshot
itself and the crash kernel adopts from it (#20).
kernel-stock: the same kernel with its snapshot off (upstream's
behaviour): no note, the dump saved all the same.
"""
import json
import os
import re
import subprocess
import sys

out, suite, mode, build = sys.argv[1:5]
res = out + '/vtd-service/'
results = []


def check(desc, ok, why=''):
    results.append(('%s: %s' % (suite, desc), bool(ok), why))


def skip(desc, why):
    results.append(('%s: %s # SKIP %s' % (suite, desc, why), True, ''))


def info(text):
    results.append((None, None, '%s: %s' % (suite, text)))


def read(name, where=res):
    try:
        with open(where + name, errors='replace') as f:
            return f.read()
    except OSError:
        return ''


def status(text):
    """The exit status test.sh's record() appended."""
    m = re.search(r'^exit (\d+)$', text, re.M)
    return int(m.group(1)) if m else None


manifest = read('manifest', out + '/')
serial = read('serial.log', out + '/guest/')
pkgs = dict(l.split()[1:3] for l in manifest.splitlines()
            if l.startswith('package '))
kexec_path, kexec_sha = (manifest.split('\nkexec ')[1].split()[:2]
                         if '\nkexec ' in manifest else ('', ''))
kver = re.search(r'^kernel (\S+)', manifest, re.M)
kver = kver.group(1) if kver else ''
info('kdump-tools %s, kexec-tools %s, makedumpfile %s, kernel %s '
     '(linux-image-amd64 %s), systemd %s, crashkernel=%s' % (
         pkgs.get('kdump-tools'), pkgs.get('kexec-tools'),
         pkgs.get('makedumpfile'), kver, pkgs.get('linux-image-amd64'),
         pkgs.get('systemd'),
         re.search(r'^crashkernel (\S+)', manifest, re.M).group(1)
         if 'crashkernel ' in manifest else '?'))

# The guest's serial log: each line "[host seconds] text".
lines = []
for l in serial.splitlines():
    m = re.match(r'\[ *([0-9.]+)\] (.*)', l)
    if m:
        lines.append((float(m.group(1)), m.group(2)))


def first(pattern, after=0.0):
    for t, text in lines:
        if t >= after and re.search(pattern, text):
            return t, text
    return None, None


# 1. kdump-tools.service loaded the crash kernel at boot.
show = read('show-loaded')
loaded = read('loaded').strip()
journal = read('kdump-tools.journal')
check('kdump-tools.service loaded the crash kernel at boot '
      '(kexec_crash_loaded=1, "ready to kdump", its journal says loaded)',
      loaded == 'kexec_crash_loaded=1' and 'ready to kdump' in show and
      re.search(r'loaded kdump kernel', journal),
      loaded + '\n' + show[-600:] + journal[-600:])
cmd = re.search(r'kexec command:\n\s*(.*)', show)
cmd = cmd.group(1) if cmd else ''
if mode == 'deb':
    check('kdump-config show names --vtd-handover in the kexec command '
          'kdump-tools ran', re.match(r'/s?bin/kexec -p .*--vtd-handover', cmd)
          or re.match(r'/usr/sbin/kexec -p .*--vtd-handover', cmd), cmd)
    args = read('kexec-args').strip()
    check('our packages installed with dpkg -i, KDUMP_KEXEC_ARGS set',
          status(read('install')) == 0 and
          args == 'KDUMP_KEXEC_ARGS="--vtd-handover"',
          read('install')[-800:] + args)
else:
    check('kdump-config show: the stock kexec command, no --vtd-handover',
          cmd.startswith(('/sbin/kexec -p', '/usr/sbin/kexec -p')) and
          '--vtd-handover' not in cmd, cmd)
series = re.search(r'^series-kernel (\S+)', manifest, re.M)
if mode in ('kernel', 'kernel-stock'):
    release = series.group(1) if series else '?'
    uname = read('uname').strip()
    check('the guest ran the series\' kernel (uname -r %s) and kdump-tools '
          'loaded it as the crash kernel (/boot/vmlinuz-%s)' % (release,
                                                               release),
          uname == release and ('/boot/vmlinuz-' + release) in show,
          'uname -r %r\n%s' % (uname, show[-600:]))
if mode == 'kernel':
    area = read('crash-device-note').split()
    check('/sys/kernel/crash_device_note names the first kernel\'s note '
          'area (address and size) for loaders that build their own '
          'elfcorehdr', len(area) == 2 and
          all(re.match(r'(0x)?[0-9a-f]+$', a) for a in area), str(area))
    _, said = first(r'kexec-vtd: the crash kernel will find this kernel\'s '
                    r'snapshot of \d+ units? at')
    check('the first kernel said where its snapshot will be', said, '')

# 2. The crash: sysrq, kdump-tools' crash kernel, the dump in /var/crash.
t_crash, _ = first(r'sysrq: Trigger a crash')
t_ck, ckline = first(r'Command line: .*elfcorehdr=', t_crash or 0)
check('sysrq crash, and the crash kernel booted with kdump-tools\' '
      'command line (systemd.unit=kdump-tools-dump.service)',
      t_crash and ckline and 'systemd.unit=kdump-tools-dump.service' in
      ckline, ckline or 'no crash kernel in the serial log')
t_saved, saved = first(r'kdump-tools.*saved vmcore in /var/crash/', t_ck or 0)
dump_path = read('dump-path').strip()
stamp = re.search(r'/var/crash/(\d{12})/dump\.(\d{12})$', dump_path)
dump = (out + '/crash/%s/dump.%s' % (stamp.group(1), stamp.group(2))
        if stamp else '')
check('kdump-tools-dump.service saved the dump as '
      '/var/crash/STAMP/dump.STAMP, beside dmesg.STAMP',
      saved and stamp and stamp.group(1) == stamp.group(2) and
      os.path.exists(dump) and os.path.getsize(dump) > 0 and
      os.path.exists(out + '/crash/%s/dmesg.%s' % (stamp.group(1),
                                                    stamp.group(1))),
      (saved or 'no "saved vmcore" line') + ' ' + dump_path)
flat = b''
if dump and os.path.exists(dump):
    with open(dump, 'rb') as f:
        flat = f.read(16)
kdump = out + '/dump.kdump'
rearranged = False
if os.path.exists(kdump):
    os.unlink(kdump)  # makedumpfile -R never overwrites
if flat.startswith(b'makedumpfile'):
    with open(dump, 'rb') as f:
        r = subprocess.run(['makedumpfile', '-R', kdump], stdin=f,
                           capture_output=True, text=True)
    if r.returncode == 0:
        with open(kdump, 'rb') as f:
            rearranged = f.read(8) == b'KDUMP   '
check("the dump is in kdump-tools' default format: makedumpfile's "
      "flattened stream (-F -c -d 31), which makedumpfile -R turns into a "
      "kdump-compressed file", rearranged, repr(flat))

# 3. The reboot: a third kernel, the first again, after the crash kernel.
t_reboot, _ = first(r'reboot: Restarting system', t_saved or 0)
t_k3, k3 = first(r'Linux version', t_reboot or 1e9)
boots = read('boots').strip()
check('the guest rebooted after the dump and booted normally again '
      '(its test unit ran a second time)',
      t_reboot and k3 and boots == '2', 'boots %r' % boots)

# 4. The note: vtd-note in the guest and here, on what kdump-tools saved.
note = build + '/tools/vtd-note/vtd-note'


def host_note(args):
    r = subprocess.run([note] + args, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def note_names_dma_functions(unit):
    """Check that the note's context entries are exactly the functions
    sysfs showed with a DMA domain."""
    ctx = sorted('0000:%02x:%02x.%x' % (c['bus'], c['devfn'] >> 3,
                                         c['devfn'] & 7)
                 for c in unit.get('contexts', []))
    dma = sorted(l.split()[0] for l in read('iommu-devices').splitlines()
                 if len(l.split()) > 1 and l.split()[1].startswith('DMA'))
    check('the note names the PCI functions the kernel had translating '
          '(sysfs iommu_group type DMA*: the virtio disk)',
          dma and ctx == dma, 'note %s sysfs %s' % (ctx, dma))


def crash_kernel_log():
    """The crash kernel's lines: kdump-tools' command line to its reboot."""
    return '\n'.join(text for t, text in lines
                     if t_ck and t >= t_ck and
                     (t_reboot is None or t < t_reboot))


if mode == 'kernel':
    rc, text = host_note(['verify', dump])
    check('vtd-note verify passes on the dump kdump-tools saved (the '
          'flattened file), on the host', rc == 0, text)
    rc, text = host_note(['verify', kdump])
    check('vtd-note verify passes on the dump makedumpfile -R rearranged',
          rc == 0, text)
    rc, js = host_note(['show', '--json', kdump])
    try:
        whole = json.loads(js)
        unit = whole['units'][0]
    except (ValueError, KeyError, IndexError):
        whole, unit = {}, {}
    check('the note in the dump was taken by the crashed kernel (its '
          'header says so), not by purgatory',
          whole.get('taker_name') == 'kernel',
          str(whole.get('taker_name')) + js[-400:])
    note_names_dma_functions(unit)
    ck = crash_kernel_log()
    used = re.search(r'kexec-vtd: note taken by (.*)', ck)
    check('the crash kernel says it adopts from the note the crashed '
          'kernel took', used and
          used.group(1).startswith('the crashed kernel'),
          used.group(0) if used else '\n'.join(
              re.findall(r'.*kexec-vtd.*', ck)[:10]))
    check('the crash kernel adopts translation and interrupt remapping '
          'from it', re.search(r'kexec-vtd: \S+: translation adopted: root '
                               r'table 0x[0-9a-f]+ kept', ck) and
          re.search(r'kexec-vtd: \S+: interrupt remapping adopted', ck),
          '\n'.join(re.findall(r'.*kexec-vtd.*', ck)[:10]))
    swapped = re.findall(r'kexec-vtd: \S+: (\S+): context entry swapped '
                         r'while present', ck)
    # The driver names a function bus:dev.fn, without the segment.
    disk = read('root-disk').strip()
    check('the root disk the crash kernel saves the dump to (%s) got its '
          'new domain by a swap while present, none fell back to the teardown'
          % disk, re.match(r'0000:\S+$', disk) and disk[5:] in swapped and
          'context entry not swapped' not in ck, str(swapped))
    faults = re.findall(r'.*(?:DMAR: \[(?:DMA|INTR-REMAP)|DRHD: handling '
                        r'fault).*', ck)
    check('no DMAR fault of any kind in the crash kernel',
          not faults, '\n'.join(faults[:8]))
elif mode == 'deb':
    v = read('note-verify')
    check('vtd-note verify passes on the saved dump in the guest '
          '(the flattened file kdump-tools wrote)', status(v) == 0, v)
    s = read('note-show')
    check('vtd-note show prints the snapshot in the guest',
          status(s) == 0 and s.strip() != 'exit 0', s[-800:])
    rc, text = host_note(['verify', dump])
    check('vtd-note verify passes on the saved dump on the host', rc == 0,
          text)
    rc, hshow = host_note(['show', dump])
    check('vtd-note show on the host prints the snapshot the guest printed',
          rc == 0 and hshow.strip() and
          hshow.strip() == re.sub(r'\nexit 0\n?$', '', s).strip(),
          hshow[-800:])
    rc, text = host_note(['verify', kdump])
    check('vtd-note verify passes on the dump makedumpfile -R rearranged',
          rc == 0, text)
    rc, js = host_note(['show', '--json', kdump])
    try:
        unit = json.loads(js)['units'][0]
    except (ValueError, KeyError, IndexError):
        unit = {}
    note_names_dma_functions(unit)
else:
    # A judge that can fail: our reader must refuse a dump with no note.
    if mode == 'kernel-stock':
        ck = crash_kernel_log()
        check('the crash kernel found no note and did without it '
              '(upstream\'s copy)', re.search(
                  r'kexec-vtd: no usable note at elfcorehdr', ck), '')
    if os.path.exists(kdump):
        rc, text = host_note(['verify', kdump])
        check('vtd-note verify fails on the stock dump (no note in it)',
              rc == 1, text)
    if mode == 'stock':
        skip('vtd-note verify and show on the saved dump, in the guest '
             'and on the host', 'no kexec-vtd/vtd-note .deb '
             '(VTD_SERVICE_DEBS)')

# 5. Purge: kexec-tools' kexec back byte for byte, kdump-tools loads again.
if mode == 'deb':
    after = read('kexec-after-purge').split()
    div = read('diversions-after')
    # dpkg --verify names every file that differs from kexec-tools'
    # md5sums; the image leaves out documentation (path-exclude), so
    # only those may be "missing".
    bad = [l for l in read('verify-kexec-tools').splitlines()
           if not l.startswith('exit ') and not re.match(
               r'missing\s+/usr/share/(doc|man)/', l)]
    check('purge: dpkg --purge kexec-vtd succeeds, no kexec diversion '
          'left, dpkg --verify kexec-tools finds every file of it as '
          'shipped', status(read('purge')) == 0 and 'kexec' not in div and
          status(read('verify-kexec-tools')) == 0 and not bad,
          read('purge')[-600:] + div + '\n'.join(bad))
    check("purge: %s is kexec-tools' own binary again, byte for byte "
          "(sha256 from the image before our package)" % kexec_path,
          after and kexec_sha and after[0] == kexec_sha,
          'after %s, stock %s' % (after[:1], kexec_sha))
    shows = read('show-stock')
    cmd2 = re.search(r'kexec command:\n\s*(.*)', shows)
    cmd2 = cmd2.group(1) if cmd2 else ''
    check('after the purge kdump-tools loads with the stock kexec '
          '(kdump-config reload, kexec_crash_loaded=1, no --vtd-handover)',
          status(read('reload-stock')) == 0 and
          read('loaded-stock').strip() == 'kexec_crash_loaded=1' and
          'ready to kdump' in shows and cmd2 and
          '--vtd-handover' not in cmd2,
          read('reload-stock')[-600:] + shows[-400:])
elif mode == 'stock':
    skip('purge: stock kexec back byte for byte, kdump-tools loads with '
         'it again', 'no kexec-vtd .deb (VTD_SERVICE_DEBS)')

# Timings, from the host's clock on each serial line.
t_k1, _ = first(r'Linux version')
t_l1, _ = first(r'loaded kdump kernel')
t_off, _ = first(r'reboot: Power down', t_reboot or 0)
secs = read('seconds', out + '/guest/').strip()
img = read('image-seconds', out + '/').strip()


def span(a, b):
    return '%.0f' % (b - a) if a is not None and b is not None else '?'


info('guest %s s (image ready in %s s): QEMU start to crash kernel loaded '
     '%s s, crash to dump saved %s s, reboot to power off %s s' % (
         secs, img, span(0, t_l1), span(t_crash, t_saved),
         span(t_reboot, t_off)))
faults = [t for t, text in lines
          if t_ck and t >= t_ck and (t_reboot is None or t < t_reboot) and
          re.search(r'DMAR: \[(DMA|INTR-REMAP)|DRHD: handling fault', text)]
info('%d DMAR fault lines from the crash kernel' % len(faults))

n = sum(1 for r in results if r[0] is not None)
print('1..%d' % n)
i = 0
for desc, ok, why in results:
    if desc is None:
        print('# ' + why)
        continue
    i += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
    if not ok and why:
        for w in str(why).splitlines()[:15]:
            print('#   ' + w)
