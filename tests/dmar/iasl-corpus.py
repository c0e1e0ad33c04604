#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every real DMAR table decoded by `vtd-note dmar --json` must equal what
iasl printed for it: every DRHD/RMRR/ATSR/RHSA/ANDD field and every device
scope.  One TAP result per table; no table is skipped.

Where iasl 20200925 stops at a structure type it does not know (type 5,
SATC, in two tables), the structures it did print are compared, the
unknown one by type and length, and the rest by length: they must tile
the table exactly.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dsl  # noqa: E402

TYPES = {0: 'drhd', 1: 'rmrr', 2: 'atsr', 3: 'rhsa', 4: 'andd', 5: 'satc'}


def compare_scopes(want, got, where):
    if len(want) != len(got):
        return '%s: %d scopes in iasl, %d decoded' % (where, len(want),
                                                       len(got))
    for i, (w, g) in enumerate(zip(want, got)):
        for key in ('type', 'enumeration_id', 'bus', 'path'):
            if w[key] != g[key]:
                return '%s scope %d: %s is %r in iasl, %r decoded' % (
                    where, i, key, w[key], g[key])
    return None


def compare_struct(w, g, where):
    if w['type_id'] != g['type_id'] or w['length'] != g['length']:
        return '%s: type/length %d/%d in iasl, %d/%d decoded' % (
            where, w['type_id'], w['length'], g['type_id'], g['length'])
    t = w['type_id']
    if g['type'] != TYPES.get(t, 'unknown'):
        return '%s: type name %s for id %d' % (where, g['type'], t)
    fields = {
        0: [('flags', 'flags'), ('segment', 'segment'),
            ('address', 'register_base')],
        1: [('segment', 'segment'), ('address', 'base'), ('limit', 'limit')],
        2: [('flags', 'flags'), ('segment', 'segment')],
        3: [('address', 'register_base'),
            ('proximity_domain', 'proximity_domain')],
        4: [('device_number', 'device_number'), ('name', 'name')],
    }.get(t, [])
    for wk, gk in fields:
        gv = g[gk]
        if isinstance(gv, str) and gv.startswith('0x'):
            gv = int(gv, 16)
        if w[wk] != gv:
            return '%s: %s is %r in iasl, %r decoded' % (where, gk, w[wk], gv)
    if t in (0, 1, 2):
        return compare_scopes(w['scopes'], g['scopes'], where)
    return None


def check_table(vtd_note, dat, dsl_path):
    with open(dsl_path, encoding='latin-1') as f:
        want = dsl.parse(f.read())
    out = subprocess.run([vtd_note, 'dmar', '--json', dat],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return 'vtd-note exited %d: %s' % (out.returncode, out.stderr.strip())
    got = json.loads(out.stdout)
    for key, wv in (('revision', want['revision']),
                    ('host_address_width', want['haw_field'] + 1),
                    ('flags', want['flags'])):
        if got[key] != wv:
            return '%s is %r in iasl, %r decoded' % (key, wv, got[key])
    ws, gs = want['structures'], got['structures']
    if want['stopped_at_unknown']:
        if len(gs) < len(ws):
            return 'iasl printed %d structures, %d decoded' % (len(ws),
                                                                len(gs))
    elif len(gs) != len(ws):
        return '%d structures in iasl, %d decoded' % (len(ws), len(gs))
    for i, w in enumerate(ws):
        err = compare_struct(w, gs[i], 'structure %d (offset 0x%x)' %
                             (i, w['offset']))
        if err:
            return err
    total = 48 + sum(s['length'] for s in gs)
    if total != want['table_length']:
        return 'structures end at 0x%x, table length is 0x%x' % (
            total, want['table_length'])
    return None


def main():
    corpus = os.environ.get('DMAR_CORPUS', '')
    vtd_note = os.environ['VTD_NOTE']
    if not corpus:
        print('1..0 # SKIP no DMAR corpus configured (--with-dmar-corpus)')
        return 0
    dats = sorted(f for f in os.listdir(corpus) if f.endswith('.dat'))
    dsls = sorted(f for f in os.listdir(corpus) if f.endswith('.dsl'))
    print('1..%d' % (len(dats) + 1))
    n = 1
    ok = len(dats) > 0 and len(dats) == len(dsls)
    print('%sok %d - corpus has %d tables and %d disassemblies' %
          ('' if ok else 'not ', n, len(dats), len(dsls)))
    for dat in dats:
        n += 1
        base = dat[:-4]
        dsl_path = os.path.join(corpus, base + '.dsl')
        if not os.path.exists(dsl_path):
            err = 'no iasl disassembly %s.dsl' % base
        else:
            err = check_table(vtd_note, os.path.join(corpus, dat), dsl_path)
        if err:
            print('not ok %d - %s: %s' % (n, base, err))
        else:
            print('ok %d - %s' % (n, base))
    return 0


if __name__ == '__main__':
    sys.exit(main())
