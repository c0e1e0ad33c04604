# SPDX-License-Identifier: GPL-2.0-or-later
"""kexec-vtd's drgn helper: the Intel VT-d IOMMU at the crash, from a dump.

The answers of crash's `vtd` command (the kexec-vtd crash extension), in
its layout, for `drgn -c vmcore`:

    drgn -c DUMP -s VMLINUX /usr/share/kexec-vtd/vtd_drgn.py [OPTION]

with OPTION one of: none (units), -d [BDF], -t BDF IOVA, -r PADDR, -i.
Or from drgn's prompt:

    >>> exec(open('/usr/share/kexec-vtd/vtd_drgn.py').read())
    >>> vtd_translate(prog, '00:02.0', 0xfffff000)

The units and entries come from the KEXEC-VTD note when the dump has one
(read by `vtd-note show --json DUMP`, the dump's path given as
VTD_DUMP or found from drgn's core), else from the kernel's own DMAR
structures; page tables are read from the dump's memory with
prog.read(..., physical=True).  The tables are walked here, from the
VT-d specification's formats (9.1-9.8, 9.10), independently of the C
walker the crash extension uses, so the two check each other.
"""
import json
import os
import re
import subprocess
import sys

import drgn

PAGE = 4096
MAX_LEVELS = 5
BUDGET = 65536          # table pages an enumeration reads at most


def _bits(v, hi, lo):
    return (v >> lo) & ((1 << (hi - lo + 1)) - 1)


def _bdf(bus, devfn):
    return '%02x:%02x.%x' % (bus, devfn >> 3, devfn & 7)


def parse_bdf(s):
    """[SSSS:]BB:DD.F or DD.F, each part one to four hex digits:
    (segment or None, bus, devfn)."""
    x = '([0-9a-fA-F]{1,4})'
    m = re.fullmatch(r'(?:(?:%s:)?%s:)?%s\.%s' % (x, x, x, x), s)
    if not m:
        raise ValueError(s)
    seg, bus, dev, fn = (int(v, 16) if v else None for v in m.groups())
    bus = bus or 0
    if bus > 0xff or dev > 0x1f or fn > 7:
        raise ValueError(s)
    return seg, bus, dev << 3 | fn


def _name(seg, bus, devfn):
    return ('%04x:' % seg if seg is not None else '') + _bdf(bus, devfn)


class Stop(Exception):
    """A path through the tables that ends short of a page."""

    def __init__(self, why, what, at, level=0, entry=0):
        super().__init__(why)
        self.why, self.what, self.at = why, what, at
        self.level, self.entry = level, entry

    def __str__(self):
        s = self.why
        if self.what == 'IOVA':
            return s
        s += ': ' + self.what
        if self.what == 'paging entry':
            s += ' (level %d)' % self.level
        s += ' at 0x%x' % self.at
        if self.entry:
            s += ' = 0x%016x' % self.entry
        return s


class Memory:
    def __init__(self, prog):
        self.prog = prog

    def q(self, pa, n=1):
        """n 64-bit words at pa, or Stop if the dump lacks them."""
        if pa >= 1 << 52:
            raise Stop('a pointer past the machine\'s memory', '', pa)
        try:
            b = self.prog.read(pa, 8 * n, True)
        except drgn.FaultError:
            raise Stop('not in the dump', '', pa)
        return [int.from_bytes(b[i:i + 8], 'little') for i in range(0, 8 * n, 8)]


def _entry(mem, pa, n, what, level=0):
    try:
        return mem.q(pa, n)
    except Stop as s:
        raise Stop(s.why, what, pa, level)


class Device:
    """What a device's requests without PASID went through (9.3-9.6)."""

    def __init__(self, bus, devfn, sm, ctx, pasid=None, root=(0, 0)):
        self.bus, self.devfn, self.sm = bus, devfn, sm
        self.ctx, self.pasid, self.root = ctx, pasid, root
        self.did, self.levels, self.aw, self.table = 0, 0, 0, 0
        self.type, self.stop = 'blocked', None

    def decode(self, mem, ctx_pa=0):
        c = self.ctx
        if not self.sm:
            self.did = _bits(c[1], 23, 8)
            if not c[0] & 1:
                raise Stop('not present', 'context entry', ctx_pa, 0, c[0])
            tt = _bits(c[0], 3, 2)
            if tt == 2:
                self.type = 'pass-through'
                return
            aw = _bits(c[1], 2, 0)
            if tt == 3 or not 1 <= aw <= 3:
                raise Stop('an entry the format forbids', 'context entry',
                           ctx_pa, 0, c[0])
            self.type, self.levels, self.aw = 'second-stage', aw + 2, 30 + 9 * aw
            self.table = c[0] & ~0xfff
            return
        if not c[0] & 1:
            raise Stop('not present', 'context entry', ctx_pa, 0, c[0])
        if self.pasid is None:
            rp = _bits(c[1], 19, 0)
            if rp >> 6 >= 1 << (_bits(c[0], 11, 9) + 7):
                raise Stop('an entry the format forbids', 'context entry',
                           ctx_pa, 0, c[0])
            pde_pa = (c[0] & ~0xfff) + (rp >> 6) * 8
            pde = _entry(mem, pde_pa, 1, 'PASID-directory entry')[0]
            if not pde & 1:
                raise Stop('not present', 'PASID-directory entry', pde_pa, 0,
                           pde)
            pe_pa = (pde & ~0xfff) + (rp & 63) * 64
            self.pasid = _entry(mem, pe_pa, 8, 'PASID-table entry')
        p = self.pasid
        if not p[0] & 1:
            raise Stop('not present', 'PASID-table entry', 0, 0, p[0])
        self.did = p[1] & 0xffff
        pgtt = _bits(p[0], 8, 6)
        if pgtt == 4:
            self.type = 'pass-through'
        elif pgtt == 1 and _bits(p[2], 3, 2) <= 1:
            self.type = 'first-stage'
            self.levels = 5 if _bits(p[2], 3, 2) else 4
            self.aw = 12 + 9 * self.levels
            self.table = p[2] & ((1 << 64) - 1) & ~0xfff
        elif pgtt in (2, 3) and 1 <= _bits(p[0], 4, 2) <= 3:
            aw = _bits(p[0], 4, 2)
            self.type = 'second-stage' if pgtt == 2 else 'nested'
            self.levels, self.aw = aw + 2, 30 + 9 * aw
            self.table = p[0] & ~0xfff
        else:
            raise Stop('an entry the format forbids', 'PASID-table entry', 0,
                       0, p[0])

    # The paging entries: first stage (9.7) or second stage (9.8).
    def present(self, e):
        if self.type == 'first-stage':
            return e & 1
        return e & 3

    def writable(self, e):
        return bool(e & 2)

    def readable(self, e):
        return self.type == 'first-stage' or bool(e & 1)


def _leaf(e, level):
    if level == 1:
        return 1
    if not e & 0x80:
        return 0
    return 1 if level <= 3 else -1


ADDR = ((1 << 52) - 1) & ~0xfff


def translate(mem, d, iova):
    """[(level, table, entry_pa, entry)], pa, size, read, write; or Stop."""
    steps = []
    if d.type == 'pass-through':
        return steps, iova, 0, True, True
    if d.type == 'nested':
        raise Stop('nested translation, not walked', 'PASID-table entry', 0)
    if d.type == 'first-stage':
        top = iova >> (d.aw - 1)
        ok = top in (0, (1 << (65 - d.aw)) - 1)
    else:
        ok = not iova >> d.aw
    if not ok:
        raise Stop('beyond the address width', 'IOVA', iova)
    try:
        return _walk_one(mem, d, iova, steps)
    except Stop as s:
        s.steps = steps
        raise


def _walk_one(mem, d, iova, steps):
    table, r, w = d.table, True, True
    for level in range(d.levels, 0, -1):
        shift = 12 + 9 * (level - 1)
        pa = table + ((iova >> shift) & 511) * 8
        if table in [s[1] for s in steps]:
            raise Stop('a loop: a table points at one above it',
                       'paging entry', pa, level)
        e = _entry(mem, pa, 1, 'paging entry', level)[0]
        steps.append((level, table, pa, e))
        if not d.present(e):
            raise Stop('not present', 'paging entry', pa, level, e)
        r, w = r and d.readable(e), w and d.writable(e)
        leaf = _leaf(e, level)
        if leaf < 0:
            raise Stop('an entry the format forbids', 'paging entry', pa,
                       level, e)
        if leaf:
            size = 1 << shift
            return steps, (e & ADDR & ~(size - 1)) | (iova & (size - 1)), \
                size, r, w
        table = e & ADDR
    raise AssertionError('level 1 is always a leaf')


class _Budget(Exception):
    pass


def mappings(mem, d, stops=None):
    """Every run (iova, pa, size, read, write) of d, in IOVA order; runs
    contiguous in IOVA and memory with one permission are merged."""
    if d.type == 'pass-through':
        yield None
        return
    if d.type not in ('second-stage', 'first-stage'):
        return
    budget = [BUDGET]
    pend = []

    def walk(table, level, base, r, w, path):
        if table in path:
            stops.append((base, Stop('a loop: a table points at one above '
                                     'it', 'paging entry', table, level)))
            return
        if budget[0] <= 0:
            stops.append((base, Stop('the walk\'s budget of table pages ran '
                                     'out', 'paging entry', table, level)))
            raise _Budget()
        budget[0] -= 1
        try:
            ents = mem.q(table, 512)
        except Stop as s:
            stops.append((base, Stop(s.why, 'paging entry', table, level)))
            return
        shift = 12 + 9 * (level - 1)
        for i, e in enumerate(ents):
            if not d.present(e):
                continue
            iova = base + (i << shift)
            if d.type == 'first-stage' and iova >> (d.aw - 1):
                iova |= ((1 << 64) - 1) & ~((1 << d.aw) - 1)
            er, ew = r and d.readable(e), w and d.writable(e)
            leaf = _leaf(e, level)
            if leaf < 0:
                stops.append((iova, Stop('an entry the format forbids',
                                         'paging entry', table + 8 * i,
                                         level, e)))
            elif leaf:
                size = 1 << shift
                pa = e & ADDR & ~(size - 1)
                if pend and pend[-1][0] + pend[-1][2] == iova and \
                        pend[-1][1] + pend[-1][2] == pa and \
                        pend[-1][3:] == (er, ew):
                    p = pend[-1]
                    pend[-1] = (p[0], p[1], p[2] + size, er, ew)
                else:
                    pend.append((iova, pa, size, er, ew))
            else:
                walk(e & ADDR, level - 1, iova, er, ew, path + [table])

    if stops is None:
        stops = []
    try:
        walk(d.table, d.levels, 0, True, True, [])
    except _Budget:
        pass
    yield from pend


# --- the machine: units and devices, from the note or the kernel ---

class Unit:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _hex(v):
    return int(v, 16) if isinstance(v, str) else v


def _dump_path(prog):
    path = os.environ.get('VTD_DUMP')
    if path:
        return path
    try:
        # drgn keeps no path of its core; /proc/self/fd knows it.
        for fd in os.listdir('/proc/self/fd'):
            t = os.readlink('/proc/self/fd/' + fd)
            if not t.startswith('/proc') and os.path.isfile(t) and \
                    open(t, 'rb').read(4) == b'\x7fELF' and \
                    os.path.getsize(t) > 1 << 20:
                return t
    except OSError:
        pass
    return None


def units(prog):
    """The units: the note's (vtd-note show --json) or the kernel's."""
    path = _dump_path(prog)
    if path:
        try:
            r = subprocess.run([os.environ.get('VTD_NOTE', 'vtd-note'),
                                'show', '--json', path],
                               capture_output=True, text=True)
        except OSError:
            r = None    # no vtd-note: the kernel's structures
        if r and r.returncode == 0:
            note = json.loads(r.stdout)
            out = []
            for u in note['units']:
                out.append(Unit(reg_base=_hex(u['register_base']),
                                segment=u.get('segment', 0), mode=u['mode'], rtaddr=_hex(u['rtaddr']),
                                irta=_hex(u['irta']), cap=_hex(u['cap']),
                                ecap=_hex(u['ecap']), gsts=_hex(u['gsts']),
                                note=u))
            return out
    return _kernel_units(prog)


def _kernel_units(prog):
    from drgn.helpers.linux.list import list_for_each_entry
    sm = 0
    try:
        sm = int(prog['intel_iommu_sm'])
    except (KeyError, LookupError):
        pass
    out = []
    for drhd in list_for_each_entry('struct dmar_drhd_unit',
                                    prog['dmar_drhd_units'].address_of_(),
                                    'list'):
        iommu = drhd.iommu
        if not iommu:
            continue
        ecap = int(iommu.ecap)
        mode = 'scalable' if sm and ecap >> 43 & 1 else 'legacy'
        root = int(iommu.root_entry)
        root_pa = int(drgn.helpers.linux.mm.virt_to_phys(iommu.root_entry)) \
            if root else 0
        irta = 0
        if iommu.ir_table:
            irta = int(drgn.helpers.linux.mm.virt_to_phys(
                iommu.ir_table.base)) | 0xf
        gcmd = int(iommu.gcmd)
        out.append(Unit(reg_base=int(drhd.reg_base_addr),
                        segment=int(drhd.segment), mode=mode,
                        rtaddr=root_pa | (1 << 10 if mode == 'scalable'
                                          else 0),
                        irta=irta, cap=int(iommu.cap), ecap=ecap,
                        gsts=gcmd & (1 << 31 | 1 << 25), note=None))
    return out


def _ctx_pa(sm, table, devfn):
    return table + ((devfn % 128) * 32 if sm else devfn * 16)


def devices(prog, mem, us):
    """(unit index, Device, ctx_pa) of every present context entry."""
    for i, u in enumerate(us):
        if u.note:
            roots = {r['bus']: (_hex(r['lo']), _hex(r['hi']))
                     for r in u.note.get('roots', [])}
            for c in u.note.get('contexts', []):
                d = Device(c['bus'], c['devfn'], False,
                           [_hex(c['lo']), _hex(c['hi'])],
                           root=roots.get(c['bus'], (0, 0)))
                yield i, d, _ctx_pa(False, _hex(c['table']), c['devfn'])
            for c in u.note.get('sm_contexts', []):
                val = [_hex(v) for v in c['val']]
                rp = _bits(val[1], 19, 0)
                pasid = None
                for p in u.note.get('pasids', []):
                    if (p['bus'], p['devfn'], p['pasid']) == \
                            (c['bus'], c['devfn'], rp):
                        pasid = [_hex(v) for v in p['val']]
                d = Device(c['bus'], c['devfn'], True, val, pasid,
                           root=roots.get(c['bus'], (0, 0)))
                d.pasid_nr = rp
                yield i, d, _ctx_pa(True, _hex(c['table']), c['devfn'])
            continue
        sm = u.mode == 'scalable'
        rt = u.rtaddr & ~0xfff
        for bus in range(256):
            try:
                root = mem.q(rt + bus * 16, 2)
            except Stop:
                break
            for devfn in range(256):
                half = root[1] if sm and devfn >= 128 else root[0]
                if not half & 1:
                    continue
                pa = _ctx_pa(sm, half & ~0xfff, devfn)
                try:
                    ctx = mem.q(pa, 4 if sm else 2)
                except Stop:
                    continue
                if ctx[0] & 1:
                    d = Device(bus, devfn, sm, ctx, root=tuple(root))
                    d.pasid_nr = _bits(ctx[1], 19, 0) if sm else -1
                    yield i, d, pa


def _decode(mem, d, ctx_pa):
    try:
        d.decode(mem, ctx_pa)
    except Stop as s:
        d.type, d.stop = 'blocked', s
    return d


# --- the answers, in the crash extension's layout ---

def vtd_devices(prog, bdf=None, out=sys.stdout):
    mem, us = Memory(prog), units(prog)
    last, n = -1, 0
    want = parse_bdf(bdf) if bdf else None
    for i, d, ctx_pa in devices(prog, mem, us):
        if want and not _is(us[i], d, want):
            continue
        if i != last:
            out.write('IOMMU dmar%d: Root Table Address: 0x%x\n'
                      'B.D.F\tRoot_entry\t\t\t\tContext_entry\t\t\t\t'
                      'PASID\tPASID_table_entry\tDomain\tTranslation\t'
                      'In the dump\n' % (i, us[i].rtaddr & ~0xfff))
            last = i
        n += 1
        _decode(mem, d, ctx_pa)
        row = '%s\t0x%016x:0x%016x\t0x%016x:0x%016x\t' % (
            _bdf(d.bus, d.devfn), d.root[1], d.root[0], d.ctx[1], d.ctx[0])
        if d.sm and d.pasid:
            row += '%-6d\t0x%016x:0x%016x:0x%016x' % (
                d.pasid_nr, d.pasid[2], d.pasid[1], d.pasid[0])
        else:
            row += '%-6d\t0x%016x:0x%016x:0x%016x' % (-1, 0, 0, 0)
        row += '\tdomain %d\t%s' % (d.did, d.type)
        if d.stop:
            row += ' (%s)' % d.stop
        elif d.levels:
            row += ', %d-level %d-bit table 0x%x' % (d.levels, d.aw, d.table)
        out.write(row + '\t' + _in_memory(mem, us[i], d, ctx_pa) + '\n')
    if not n:
        out.write('no entry for %s in any unit\n' % _name(*want) if bdf
                  else 'no device has a present context entry\n')
    return n


def _in_memory(mem, u, d, ctx_pa):
    """What the dump's memory holds where the crash-time entry was."""
    if not u.note:
        return 'read from memory'
    try:
        now = _entry(mem, ctx_pa, 4 if d.sm else 2, 'context entry')
        same = now == list(d.ctx[:len(now)])
        if same and d.sm and d.pasid:
            rp = _bits(now[1], 19, 0)
            pde = mem.q((now[0] & ~0xfff) + (rp >> 6) * 8)[0]
            same = mem.q((pde & ~0xfff) + (rp & 63) * 64, 8) == d.pasid
    except Stop as s:
        return 'unreadable: %s' % s
    return 'same as at the crash' if same else 'changed since the crash'


def _is(u, d, want):
    seg, bus, devfn = want
    return (d.bus, d.devfn) == (bus, devfn) and seg in (None, u.segment)


def _find(prog, mem, us, want):
    """The first unit's entry for WANT, and another segment holding it."""
    found, other = (None, None), None
    for i, d, ctx_pa in devices(prog, mem, us):
        if not _is(us[i], d, want):
            continue
        if found[0] is None:
            found = i, _decode(mem, d, ctx_pa)
        elif us[i].segment != us[found[0]].segment and other is None:
            other = us[i].segment
    return found + (other,)


def _perm(r, w):
    return 'read/write' if r and w else 'read-only' if r else \
        'write-only' if w else 'no access'


def vtd_translate(prog, bdf, iova, out=sys.stdout):
    """The physical address iova reached for bdf, or None."""
    mem, us = Memory(prog), units(prog)
    want = parse_bdf(bdf)
    i, d, other = _find(prog, mem, us, want)
    out.write(_name(*want))
    if d is None:
        out.write(': no entry in any unit\n')
        return None
    if other is not None:
        seg = us[i].segment
        out.write(': units of segments %d and %d hold it: name one, as '
                  '%04x:%s\n' % (seg, other, seg, _bdf(want[1], want[2])))
        return None
    out.write(' IOVA 0x%x: unit %d, domain %d, %s' % (iova, i, d.did, d.type))
    if d.type in ('second-stage', 'first-stage'):
        out.write(', %d-level %d-bit table 0x%x' % (d.levels, d.aw, d.table))
    out.write('\n')
    try:
        if d.stop:
            raise d.stop
        steps, pa, size, r, w = translate(mem, d, iova)
    except Stop as s:
        for lv, table, epa, e in getattr(s, 'steps', []):
            out.write('  level %d: table 0x%x entry %3d at 0x%x = 0x%016x\n'
                      % (lv, table, (epa - table) // 8, epa, e))
        out.write('  no translation: %s\n' % s)
        return None
    for lv, table, epa, e in steps:
        out.write('  level %d: table 0x%x entry %3d at 0x%x = 0x%016x\n'
                  % (lv, table, (epa - table) // 8, epa, e))
    if d.type == 'pass-through':
        out.write('  -> 0x%x (pass-through: IOVA = PA)\n' % pa)
    else:
        out.write('  -> 0x%x (%d KiB page, %s)\n' % (pa, size >> 10,
                                                    _perm(r, w)))
    return pa


def vtd_reverse(prog, pa, out=sys.stdout, err=sys.stderr):
    """[(bdf, iova)] of every device mapping physical address pa."""
    mem, us = Memory(prog), units(prog)
    hits = []
    out.write('0x%x is mapped by:\n' % pa)
    for i, d, ctx_pa in devices(prog, mem, us):
        _decode(mem, d, ctx_pa)
        if d.stop:
            continue
        stops = []
        for run in mappings(mem, d, stops):
            name = _bdf(d.bus, d.devfn)
            if run is None:
                out.write('%s\tunit %d\tdomain %d\tIOVA 0x%x\tread/write\t'
                          'pass-through, every address\n'
                          % (name, i, d.did, pa))
                hits.append((name, pa))
                continue
            iova, rpa, size, r, w = run
            if not rpa <= pa < rpa + size:
                continue
            out.write('%s\tunit %d\tdomain %d\tIOVA 0x%x\t%s\tin IOVA '
                      '0x%x-0x%x -> 0x%x\n'
                      % (name, i, d.did, iova + pa - rpa, _perm(r, w), iova,
                         iova + size - 1, rpa))
            hits.append((name, iova + pa - rpa))
        for iova, s in stops:
            if s.why != 'not present':
                err.write('vtd: %s: the mappings from IOVA 0x%x not walked: '
                          '%s: %s (level %d) at 0x%x\n'
                          % (_bdf(d.bus, d.devfn), iova, s.why, s.what,
                             s.level, s.at))
    if not hits:
        out.write('  no device\n')
    return hits


_DLM = ['fixed', 'lowest-priority', 'SMI', 'reserved(3)', 'NMI', 'INIT',
        'reserved(6)', 'ExtINT']


def vtd_irtes(prog, out=sys.stdout):
    mem, us = Memory(prog), units(prog)
    n = 0
    for posted in (False, True):
        for i, u in enumerate(us):
            if not posted and not u.ecap >> 3 & 1:
                continue
            if posted and not u.cap >> 59 & 1:
                continue
            out.write('%s Interrupt supported on IOMMU: dmar%d\n'
                      % ('Posted' if posted else 'Remapped', i))
            if not posted and u.note and not u.gsts >> 25 & 1:
                out.write('Interrupt Remapping is not enabled\n\n')
                continue
            out.write(' IR table address:%x\n' % (u.irta & ~0xfff))
            out.write(' Entry SrcID   PDA_high PDA_low  Vct IRTE_high\t\t'
                      'IRTE_low\n' if posted else
                      ' Entry SrcID   DstID    Vct IRTE_high\t\tIRTE_low\n')
            if u.note:
                ents = [(e['index'], _hex(e['lo']), _hex(e['hi']))
                        for e in u.note.get('irtes', [])]
            else:
                ents = []
                base = u.irta & ~0xfff
                for idx in range(2 << (u.irta & 0xf)):
                    try:
                        lo, hi = mem.q(base + idx * 16, 2)
                    except Stop:
                        break
                    ents.append((idx, lo, hi))
            for idx, lo, hi in ents:
                if not lo & 1 or bool(lo >> 15 & 1) != posted:
                    continue
                sid = hi & 0xffff
                row = ' %-5d %02x:%02x.%01x ' % (idx, sid >> 8, sid >> 3 & 31,
                                                  sid & 7)
                if posted:
                    row += '%08x %08x ' % (hi >> 32, lo >> 32 & ~0x3f)
                else:
                    row += '%08x ' % (lo >> 32)
                row += '%02x  %016x\t%016x' % (_bits(lo, 23, 16), hi, lo)
                if posted:
                    row += '\tposted'
                else:
                    row += '\tremapped, %s, %s, %s, svt %d sq %d%s' % (
                        _DLM[_bits(lo, 7, 5)],
                        'logical' if lo & 4 else 'physical',
                        'level' if lo & 16 else 'edge', _bits(hi, 19, 18),
                        _bits(hi, 17, 16), ', fpd' if lo & 2 else '')
                out.write(row + '\n')
                n += 1
            out.write('\n')
        if not posted:
            out.write('****\n\n')
    return n


def vtd_units(prog, out=sys.stdout):
    us = units(prog)
    for i, u in enumerate(us):
        out.write('unit %d: registers 0x%x, %s mode, translation %s, '
                  'interrupt remapping %s%s\n'
                  % (i, u.reg_base, u.mode,
                     'on' if u.gsts >> 31 & 1 else 'off',
                     'on' if u.gsts >> 25 & 1 else 'off',
                     '' if u.note else ' (the kernel\'s structures: no '
                     'note)'))
        out.write('  rtaddr 0x%016x irta 0x%016x\n' % (u.rtaddr, u.irta))
        for f in (u.note or {}).get('faults', []):
            out.write('  fault %d: lo 0x%x hi 0x%x\n'
                      % (f['index'], _hex(f['lo']), _hex(f['hi'])))
    return len(us)


def main(prog, argv):
    usage = 'usage: vtd_drgn.py [-d [BDF] | -t BDF IOVA | -r PADDR | -i]\n'
    if not argv:
        return 0 if vtd_units(prog) else 1
    opt, rest = argv[0], argv[1:]
    for bdf in rest[:1] if opt in ('-d', '-t') else []:
        try:
            parse_bdf(bdf)
        except ValueError:
            sys.stderr.write('vtd_drgn.py: %s: not a device '
                             '([SSSS:]BB:DD.F)\n' % bdf)
            return 2
    if opt == '-d' and len(rest) <= 1:
        return 0 if vtd_devices(prog, rest[0] if rest else None) else 1
    if opt == '-t' and len(rest) == 2:
        return 0 if vtd_translate(prog, rest[0], int(rest[1], 0)) \
            is not None else 1
    if opt == '-r' and len(rest) == 1:
        return 0 if vtd_reverse(prog, int(rest[0], 0)) else 1
    if opt == '-i' and not rest:
        return 0 if vtd_irtes(prog) else 1
    sys.stderr.write(usage)
    return 2


if __name__ == '__main__' and 'prog' in globals():
    sys.exit(main(prog, sys.argv[1:]))  # noqa: F821 (drgn's global)
