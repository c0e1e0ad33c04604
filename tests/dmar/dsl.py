# SPDX-License-Identifier: GPL-2.0-or-later
"""Read iasl's disassembly of a DMAR table (.dsl) into plain data.

iasl is the oracle: this module only transcribes what it printed, field by
field, so that tests can compare it with `vtd-note dmar --json`.
"""
import re

_FIELD = re.compile(r'^\[([0-9A-F]+)h ([0-9]+) +([0-9]+)\] +(.+?) : (.*)$')


def _hex(v):
    return int(v.split()[0], 16)


def parse(text):
    """Return {"revision", "haw_field", "flags", "table_length",
    "structures": [...], "stopped_at_unknown": bool}."""
    top = {}
    structs = []
    cur = None
    scope = None
    stopped = False
    for line in text.splitlines():
        if line.startswith('**** Unknown DMAR subtable type'):
            stopped = True
            break
        if line.startswith('Raw Table Data'):
            break
        m = _FIELD.match(line.strip())
        if not m:
            continue
        offset, name, value = int(m.group(1), 16), m.group(4), m.group(5)
        if name == 'Subtable Type':
            cur = {'type_id': _hex(value), 'offset': offset, 'scopes': []}
            structs.append(cur)
            scope = None
            continue
        if name == 'Device Scope Type':
            scope = {'type': _hex(value), 'path': []}
            cur['scopes'].append(scope)
            continue
        if cur is None:
            top[name] = value
            continue
        if scope is not None:
            if name == 'Enumeration ID':
                scope['enumeration_id'] = _hex(value)
            elif name == 'PCI Bus Number':
                scope['bus'] = _hex(value)
            elif name == 'PCI Path':
                dev, fn = value.split(',')
                scope['path'].append([int(dev, 16), int(fn, 16)])
            elif name == 'Entry Length':
                scope['length'] = _hex(value)
            continue
        if name == 'Length':
            cur['length'] = _hex(value)
        elif name == 'Flags':
            cur['flags'] = _hex(value)
        elif name == 'PCI Segment Number':
            cur['segment'] = _hex(value)
        elif name in ('Register Base Address', 'Base Address'):
            cur['address'] = _hex(value)
        elif name == 'End Address (limit)':
            cur['limit'] = _hex(value)
        elif name == 'Proximity Domain':
            cur['proximity_domain'] = _hex(value)
        elif name == 'Device Number':
            cur['device_number'] = _hex(value)
        elif name == 'Device Name':
            cur['name'] = value.strip().strip('"')
    return {
        'revision': _hex(top['Revision']),
        'haw_field': _hex(top['Host Address Width']),
        'flags': _hex(top['Flags']),
        'table_length': _hex(top['Table Length']),
        'structures': structs,
        'stopped_at_unknown': stopped,
    }
