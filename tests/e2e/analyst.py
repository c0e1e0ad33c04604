# SPDX-License-Identifier: GPL-2.0-or-later
"""The analyst's tools on a saved dump (#23), for check.py: crash's vtd
command (the extension vtd.so), the drgn helper and `vtd-note tables`,
each run on the same dump, must print the same answers; those answers
are held against oracles nobody here wrote: QEMU's trace of the NIC's
DMA (which physical address each IOVA reached) and the first kernel's
own debugfs files (its tables, printed before the panic).

QEMU's trace names every translation it made (vtd_dmar_translate) and
every IOTLB invalidation the guest asked for.  With caching mode on, the
guest invalidates an IOVA whenever its mapping changes (VT-d 6.1: a
not-present to present change too), so a translation with no
invalidation covering its IOVA after it, up to the crash kernel taking
the unit over, is the mapping the tables held at the crash.
"""
import os
import re
import subprocess

from console import e2e_lines

NIC = '00:02.0'


def tool_paths():
    build = os.environ.get('VTD_E2E_BUILD', '')
    src = os.environ.get('VTD_E2E_SRC', '')
    return {
        'vtd-note': os.path.join(build, 'tools/vtd-note/vtd-note'),
        'vtd.so': os.path.join(build, 'tools/crash/vtd.so'),
        'drgn': os.path.join(src, 'tools/drgn/vtd_drgn.py'),
    }


def trace_pairs(out, nic_sid):
    """(IOVA, PA) of the NIC's receive-buffer writes and of all its
    translations whose mapping held until the crash kernel took over,
    from OUT/trace.log."""
    try:
        lines = open(out + '/trace.log').read().splitlines()
    except OSError:
        return [], []
    # The crash kernel takes the unit over at its first root or IRT
    # pointer; the first kernel's are the first two such lines.  A
    # PASID-selective invalidation (scalable mode) covers the pages its
    # address and mask say, or, without them, all of them.
    roots = [i for i, l in enumerate(lines)
             if 'vtd_reg_ir_root' in l or 'vtd_reg_dmar_root' in l]
    end = roots[2] if len(roots) > 2 else len(lines)
    tr = re.compile(r'vtd_dmar_translate dev %s iova (0x[0-9a-f]+) -> gpa '
                    r'(0x[0-9a-f]+)' % re.escape(nic_sid))
    wr = re.compile(r'e1000e_rx_desc_buff_write buffer #\d+, addr: '
                    r'(0x[0-9a-f]+)')
    inv = re.compile(r'iotlb invalidate domain 0x[0-9a-f]+ addr '
                     r'(0x[0-9a-f]+) mask (0x[0-9a-f]+)')
    desc = re.compile(r'vtd_inv_desc .*high (0x[0-9a-f]+) low '
                      r'(0x[0-9a-f]+)')
    writes, seen, invals, pending = [], [], [], {}
    for i, l in enumerate(lines[:end]):
        m = wr.search(l)
        if m:
            a = int(m.group(1), 16)
            pending.setdefault(a & ~0xfff, []).append(a)
            continue
        m = tr.search(l)
        if m:
            page, gpa = int(m.group(1), 16), int(m.group(2), 16)
            seen.append((i, page, gpa))
            # QEMU traces the buffer, then translates it to write it.
            for a in pending.pop(page, []):
                writes.append((i, a, gpa | (a & 0xfff)))
            continue
        m = inv.search(l)
        if m:
            invals.append((i, int(m.group(1), 16),
                           4096 << int(m.group(2), 16)))
        elif 'invalidate whole domain' in l or 'invalidate global' in l:
            invals.append((i, 0, 1 << 64))
        else:
            m = desc.search(l)
            if m:
                span = iotlb_span(int(m.group(1), 16), int(m.group(2), 16))
                if span:
                    invals.append((i,) + span)

    def held(i, a):
        return not any(j > i and lo <= a < lo + n for j, lo, n in invals)
    w = [(a, pa) for i, a, pa in writes if held(i, a)]
    s = {}
    for i, page, gpa in seen:
        if held(i, page):
            s[page] = gpa
    return w, sorted(s.items())


def crash_script(path, so, cmds):
    """A crash input file: load SO, then each command after a marker."""
    with open(path, 'w') as f:
        f.write('extend %s\n' % so)
        for c in cmds:
            f.write('!echo "@@@ %s"\n%s\n' % (c, c))
        f.write('quit\n')


def crash_answers(stdout):
    """{command: its output} from a crash_script() run's output."""
    res, cur = {}, None
    for l in stdout.splitlines():
        if l.startswith('@@@ '):
            cur = l[4:]
            res[cur] = []
        elif cur is not None:
            res[cur].append(l)
    return {k: '\n'.join(v).strip() for k, v in res.items()}


def iotlb_span(hi, lo):
    """The addresses an invalidation descriptor (its low 128 bits, as
    QEMU's vtd_inv_desc traces them) drops from the IOTLB: (start, size),
    or None for a descriptor of another kind.  IOTLB (type 2, VT-d
    6.5.2.3) and PASID-based IOTLB (type 6, 6.5.2.4) invalidations
    select pages with granularity 3, ADDR and AM in the high half;
    every other granularity is taken as all of them.  QEMU 10 traces
    the PASID-based ones only so."""
    kind = (lo & 0xf) | ((lo >> 9) & 0x7) << 4
    if kind not in (2, 6):
        return None
    if (lo >> 4) & 3 == 3:
        return (hi & ~0xfff, 4096 << (hi & 0x3f))
    return (0, 1 << 64)


def run_crash(vmlinux, dump, so, cmds, out, root=None):
    """crash with the extension SO loaded: {command: its output}.  The
    host's crash (bookworm's 8.0.2), or with ROOT (trixie_root()) Debian
    13's in that root, the dump and vmlinux linked into its /tmp."""
    if not root:
        script = out + '/vtd-crash.cmd'
        crash_script(script, so, cmds)
        r = subprocess.run(['crash', '-s', '-i', script, vmlinux, dump],
                           capture_output=True, text=True, timeout=900)
        return crash_answers(r.stdout), r
    import shutil
    for src, name in ((vmlinux, 'vmlinux'), (dump, 'dump')):
        if os.path.exists(root + '/tmp/' + name):
            os.unlink(root + '/tmp/' + name)
        try:
            os.link(src, root + '/tmp/' + name)
        except OSError:
            shutil.copy(src, root + '/tmp/' + name)
    if not os.path.exists(root + '/usr/lib/crash/extensions/vtd.so'):
        shutil.copy(so, root + '/tmp/vtd.so')
        so = '/tmp/vtd.so'
    else:
        so = 'vtd.so'    # where vtd-note's .deb put it, found by name
    crash_script(root + '/tmp/cmd', so, cmds)
    r = subprocess.run(['chroot', root, '/usr/bin/env', '-i',
                        'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'crash', '-s',
                        '-i', '/tmp/cmd', '/tmp/vmlinux', '/tmp/dump'],
                       capture_output=True, text=True, timeout=900)
    return {k: v.replace('/tmp/dump', dump)
            for k, v in crash_answers(r.stdout).items()}, r


def trixie_root(out):
    """A trixie root with crash 8.0.6 (crash-trixie.sh) and, when make
    check-pkg built it, vtd-note's .deb installed: (root, version, from
    the .deb) or (None, the error, False)."""
    import glob
    debs = sorted(glob.glob(os.path.join(os.environ.get('VTD_E2E_BUILD',
                                                        ''),
                                         'deb', 'vtd-note_*_amd64.deb')))
    root = out + '/crash-trixie'
    r = subprocess.run(['sh', os.path.join(os.environ.get('VTD_E2E_SRC', ''),
                                           'tests/e2e/crash-trixie.sh'),
                        root] + debs[-1:], capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr[-1500:], False
    version = subprocess.run(['chroot', root, 'crash', '--version'],
                             capture_output=True, text=True).stdout
    ver = re.search(r'crash (\S+)', version)
    return root, ver.group(1) if ver else '?', bool(debs)


def run_drgn(vmlinux, dump, helper, vtd_note, args):
    env = dict(os.environ, VTD_DUMP=dump, VTD_NOTE=vtd_note)
    syms = ['-s', vmlinux] if vmlinux else ['--no-default-symbols']
    r = subprocess.run(['/usr/bin/drgn', '-q', '-c', dump] + syms +
                       [helper] + args, capture_output=True, text=True,
                       env=env, timeout=300)
    return '\n'.join(l for l in (r.stdout + r.stderr).splitlines()
                     if not l.startswith(('warning:', 'kernel modules'))
                     ).strip()


def run_note(vtd_note, dump, args):
    r = subprocess.run([vtd_note, 'tables', dump] + args,
                       capture_output=True, text=True)
    return (r.stdout + r.stderr).strip(), r.returncode


def analyst_checks(out, dump, kdump, vmlinux, check, skip, nic=NIC,
                   sid='00:02.00', trixie=False):
    """The analyst's tools on OUT's dump.  With VMLINUX (the first
    kernel's debug information) crash runs the extension and the drgn
    helper loads the symbols: bookworm's crash 8.0.2 on Debian 12's
    kernel, or with TRIXIE Debian 13's crash 8.0.6 (in a trixie root) on
    Debian 13's.  Without it vtd-note and the drgn helper answer from the
    note alone."""
    import shutil
    root = None
    if vmlinux and trixie:
        root, ver, deb = trixie_root(out)
        if not root:
            check('crash 8.0.6 (Debian 13) loads vtd.so on the dump', False,
                  ver)
            vmlinux = None
        else:
            trixie = 'crash %s (Debian 13, in a trixie root) loads vtd.so%s' \
                % (ver, ' from the .deb' if deb else '')
    try:
        analyst_run(out, dump, kdump, vmlinux, check, skip, nic, sid, root,
                    trixie)
    finally:
        if root:
            shutil.rmtree(root, ignore_errors=True)


def analyst_run(out, dump, kdump, vmlinux, check, skip, nic, sid, root,
                trixie):
    p = tool_paths()
    use_crash = bool(vmlinux)
    if use_crash and not os.path.exists(p['vtd.so']):
        skip('crash loads vtd.so and runs each subcommand',
             'no crash extension built (no crash defs.h at configure)')
        use_crash = False
    writes, seen = trace_pairs(out, sid)
    pas = sorted({pa for _, pa in writes})
    cmds = ['vtd', 'vtd -d', 'vtd -d %s' % nic, 'vtd -i']
    probes = [a for a, _ in writes[-8:]] + [a for a, _ in seen[-4:]]
    cmds += ['vtd -t %s 0x%x' % (nic, a) for a in probes]
    if pas:
        cmds.append('vtd -r 0x%x' % pas[-1])
    if use_crash:
        got, r = run_crash(vmlinux, dump, p['vtd.so'], cmds, out, root)
        check('%s and runs vtd, -d, -i, -t and -r on the ELF dump '
              '(makedumpfile -E -d 31)' %
              (trixie or 'crash loads the extension vtd.so'),
              'shared object loaded' in r.stdout and len(got) == len(cmds)
              and 'unit 0: registers' in got.get('vtd', '') and
              'IOMMU dmar0: Root Table Address' in got.get('vtd -d', ''),
              (r.stdout + r.stderr)[-1200:])
    else:
        got = {c: run_note(p['vtd-note'], dump, c.split()[1:])[0]
               for c in cmds}

    # The drgn helper and vtd-note give the same answers, line for line.
    differ = []
    for c in cmds[1:]:    # the units: each prints them its own way
        args = c.split()[1:]
        d = run_drgn(vmlinux, dump, p['drgn'], p['vtd-note'], args)
        n, _ = run_note(p['vtd-note'], dump, args)
        if not (got.get(c) == d == n):
            differ.append('%s:\ncrash:\n%s\ndrgn:\n%s\nvtd-note:\n%s' %
                          (c, got.get(c), d, n))
    check('the drgn helper (python3-drgn) and vtd-note tables print %s '
          'for each of %d commands' %
          ('what crash\'s vtd prints' if use_crash else 'the same',
           len(cmds) - 1), not differ, '\n'.join(differ)[:3000])

    # Linux unmaps lazily (iommu.strict=0, Debian's default): the entry
    # is cleared at once and the IOTLB invalidated from a flush queue
    # later, the IOVA used again only after.  A crash between the two
    # leaves the tables saying "not present" where QEMU's last use still
    # stands: that is the tables' truth, not a wrong answer.  Another
    # page would be.
    bad, unmapped, agree = [], 0, 0
    for a, pa in writes + seen:
        t = got.get('vtd -t %s 0x%x' % (nic, a), '') or \
            run_note(p['vtd-note'], dump, ['-t', nic, hex(a)])[0]
        m = re.search(r'-> (0x[0-9a-f]+)', t)
        if m and int(m.group(1), 16) == pa:
            agree += 1
        elif not m and re.search(r'no translation: not present: paging '
                                 r'entry \(level 1\)', t):
            unmapped += 1
        else:
            bad.append('IOVA 0x%x: QEMU wrote 0x%x; vtd -t:\n%s' %
                       (a, pa, t))
    print('# %s: %d receive-buffer writes and %d other NIC pages whose '
          'mapping QEMU last used held until the crash; %d of them '
          'unmapped since (lazily: their invalidation still queued)' %
          (out.rsplit('/', 1)[-1], len(writes), len(seen), unmapped))
    check('vtd -t of the NIC\'s receive-buffer IOVAs gives the physical '
          'addresses QEMU\'s trace shows it wrote (%d writes, %d more '
          'pages of the NIC\'s, mappings unchanged until the crash; %d '
          'agree, %d unmapped since, none elsewhere)' %
          (len(writes), len(seen), agree, unmapped),
          writes and agree and not bad,
          '\n'.join(bad[:20]) or 'no such write')
    rv = got.get('vtd -r 0x%x' % pas[-1], '') if pas else ''
    check('vtd -r of a page the NIC wrote names the NIC and the IOVA',
          pas and re.search(r'^%s\t.*IOVA 0x' % re.escape(nic), rv, re.M),
          rv)
    if not use_crash:
        return

    if not root:
        trixie_checks(out, dump, vmlinux, p, got, cmds, check)
    no_note_checks(out, dump, vmlinux, p, got, probes, check, root, nic)

    if not (kdump and os.path.exists(kdump)):
        return
    if not root:
        gk, rk = run_crash(vmlinux, kdump, p['vtd.so'],
                           ['vtd -d', 'vtd -i'], out)
        check('crash\'s vtd on the kdump-compressed dump (makedumpfile -c '
              '-d 31) prints what it does on the ELF one',
              gk.get('vtd -d') == got.get('vtd -d') and
              gk.get('vtd -i') == got.get('vtd -i') and gk.get('vtd -d'),
              (rk.stdout + rk.stderr)[-800:])
    # vtd-note and drgn read its memory through libkdumpfile.
    differ = []
    for c in cmds[1:]:
        n, _ = run_note(p['vtd-note'], kdump, c.split()[1:])
        d = run_drgn(vmlinux, kdump, p['drgn'], p['vtd-note'],
                     c.split()[1:]) if c in cmds[1:4] else n
        if not (n == d == got.get(c)):
            differ.append('%s:\nvtd-note:\n%s\ndrgn:\n%s\non the ELF '
                          'dump:\n%s' % (c, n, d, got.get(c)))
    check('vtd-note tables on the kdump-compressed dump (libkdumpfile) '
          'prints what %s prints on the ELF one for each of %d commands, '
          'the drgn helper too for -d and -i' %
          ('crash' if use_crash else 'it', len(cmds) - 1), not differ,
          '\n'.join(differ)[:3000])


def trixie_checks(out, dump, vmlinux, p, reference, cmds, check):
    """crash 8.0.6 (Debian 13), in a trixie root, runs the same commands
    and prints what 8.0.2 printed; with vtd-note's .deb built (make
    check-pkg), installed there and found by its name."""
    import shutil
    root, ver, deb = trixie_root(out)
    if not root:
        check('crash 8.0.6 (Debian 13) loads vtd.so and prints what 8.0.2 '
              'prints', False, ver)
        return
    try:
        got, r = run_crash(vmlinux, dump, p['vtd.so'], cmds, out, root)
        differ = [c for c in cmds if got.get(c) != reference.get(c)]
        check('crash %s (Debian 13, in a trixie root) loads vtd.so%s and '
              'prints what crash 8.0.2 prints for each of %d commands' %
              (ver, ' from the .deb (/usr/lib/crash/extensions)' if deb
               else '', len(cmds)),
              'shared object loaded' in r.stdout and not differ,
              '\n'.join('%s:\n%s\n--- 8.0.2:\n%s' % (c, got.get(c),
                                                      reference.get(c))
                        for c in differ)[:2500] + r.stderr[-500:])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def hide_note(dump):
    """Rename our note in DUMP's PT_NOTE (in place): a dump without it,
    as stock kexec-tools saves one.  True when there was one."""
    with open(dump, 'r+b') as f:
        head = f.read(8 << 20)
        at = head.find(b'KEXEC-VTD\0')
        if at < 0:
            return False
        f.seek(at)
        f.write(b'KEXEC-XXX\0')
    return True


def columns(text, n):
    """The rows of vtd -d, each cut to its first N tab-separated fields."""
    return ['\t'.join(l.split('\t')[:n]) for l in text.splitlines()
            if re.match(r'^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\t', l)]


def no_note_checks(out, dump, vmlinux, p, with_note, probes, check,
                   root=None, nic=NIC):
    """The same dump without the note: crash's vtd and the drgn helper
    read the units from the kernel's DMAR structures and the entries from
    memory, which a stock crash kernel left as they were at the crash."""
    if not hide_note(dump):
        return
    cmds = ['vtd', 'vtd -d', 'vtd -i'] + \
        ['vtd -t %s 0x%x' % (nic, a) for a in probes[-2:]]
    got, r = run_crash(vmlinux, dump, p['vtd.so'], cmds, out, root)
    same_t = all(got.get(c) == with_note.get(c) for c in cmds[3:])
    # Seven columns: all but "In the dump", which says where they came from.
    check('without the note, crash\'s vtd reads the units from the kernel\'s '
          'DMAR structures and gives the same devices, IRTEs and '
          'translations as with it',
          'the kernel\'s structures' in got.get('vtd', '') and
          columns(got.get('vtd -d', ''), 7) ==
          columns(with_note.get('vtd -d', ''), 7) and
          columns(got.get('vtd -d', ''), 7) and
          got.get('vtd -i') == with_note.get('vtd -i') and same_t,
          '\n\n'.join('%s:\n%s\n--- with the note:\n%s' %
                      (c, got.get(c), with_note.get(c)) for c in cmds)[:3000]
          + (r.stderr[-400:]))
    d = run_drgn(vmlinux, dump, p['drgn'], p['vtd-note'], ['-d'])
    check('without the note, the drgn helper reads the kernel\'s structures '
          'too and prints what crash\'s vtd -d prints',
          d == got.get('vtd -d'), 'drgn:\n%s\ncrash:\n%s' %
          (d, got.get('vtd -d')))


def debugfs_rows(serial, name):
    """The first kernel's debugfs FILE as its init printed it."""
    return [l.rstrip('\r')
            for l in e2e_lines(serial, 'E2E: debugfs %s: ' % name)]


def debugfs_checks(out, dump, serial, check, skip):
    """Linux's debugfs view of its tables, printed by the first kernel
    before the panic, against vtd-note tables -d and -i on the dump."""
    p = tool_paths()
    dmar = debugfs_rows(serial, 'dmar_translation_struct')
    ir = debugfs_rows(serial, 'ir_translation_struct')
    if not dmar:
        return
    n, rc = run_note(p['vtd-note'], dump, ['-d'])
    if 'no KEXEC-VTD note' in n:
        # Upstream's path (the kernel's snapshot off): the rows would come
        # from the kernel's structures, which need crash and the DWARF
        # the e2e kernels are built without.
        skip('the first kernel\'s debugfs against vtd -d on the dump',
             'the dump holds no KEXEC-VTD note')
        return
    # Rows in both: B.D.F, the root and context entries, PASID and its
    # entry: debugfs' five columns.
    want = sorted('\t'.join(l.split('\t')[:5]) for l in dmar
                  if re.match(r'^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\t', l))
    got = sorted('\t'.join(l.split('\t')[:5]) for l in n.splitlines()
                 if re.match(r'^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\t', l))
    check('the first kernel\'s debugfs dmar_translation_struct, captured '
          'before the panic, equals vtd -d on the dump for every device '
          '(%d rows)' % len(want), want and want == got,
          'debugfs:\n%s\nvtd-note:\n%s' % ('\n'.join(want),
                                         '\n'.join(got)))
    # The crash against the live tables (#23, 3): the capture, as the
    # directory vtd-note reads as a running kernel's debugfs.
    regset = debugfs_rows(serial, 'iommu_regset')
    if regset and ir:
        live = out + '/debugfs'
        os.makedirs(live, exist_ok=True)
        for name, rows in (('iommu_regset', regset),
                           ('dmar_translation_struct', dmar),
                           ('ir_translation_struct', ir)):
            with open('%s/%s' % (live, name), 'w') as f:
                f.write('\n'.join(rows) + '\n')
        r = subprocess.run([p['vtd-note'], 'diff', '--shape', dump, live],
                           capture_output=True, text=True)
        check('vtd-note diff --shape of the dump against the first kernel\'s '
              'live tables (its debugfs, captured before the panic): no '
              'difference', r.returncode == 0 and
              r.stdout.strip() == 'no difference', r.stdout + r.stderr)
    if ir:
        ni, _ = run_note(p['vtd-note'], dump, ['-i'])
        rows = re.compile(r'^ [0-9]+ +[0-9a-f]{2}:')
        want = [l.rstrip() for l in ir if rows.match(l)]
        got = [l.split('\t')[0] + '\t' + l.split('\t')[1]
               for l in ni.splitlines() if rows.match(l)]
        check('the first kernel\'s debugfs ir_translation_struct equals '
              'vtd -i on the dump, row for row (%d IRTEs)' % len(want),
              want and want == got,
              'debugfs:\n%s\nvtd-note:\n%s' % ('\n'.join(want),
                                             '\n'.join(got)))
