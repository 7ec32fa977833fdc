#!/usr/bin/env python3
"""Keeps one process tree of a capture: its events, and no other process's state or environment.

Usage: trim-capture.py IN OUT ROOT_PID
The tree is ROOT_PID and every thread it (or its descendants) creates, followed through the clone,
fork and vfork exit events. Snapshot threads outside the tree and their fd lists are dropped; users,
groups, interfaces and machine info are kept. Used to make the shipped sample from a live recording.
"""
import struct
import sys

PL_V9, FDL_V2, EV_V2 = 0x215, 0x218, 0x216
CLONE_EXITS = {15, 157, 183, 185, 217, 219, 221, 223, 225, 227, 335}   # clone/fork/vfork/clone3 exits


def blocks(data):
    pos = 0
    while pos + 8 <= len(data):
        btype, length = struct.unpack_from('<II', data, pos)
        yield btype, data[pos:pos + length]
        pos += length


def block(btype, body):
    body += b'\0' * (-len(body) % 4)
    total = 12 + len(body)
    return struct.pack('<II', btype, total) + body + struct.pack('<I', total)


def main(src, dst, root):
    data = open(src, 'rb').read()
    tree = {root}
    out = []
    for btype, b in blocks(data):
        if btype == PL_V9:
            body, pos, kept = b[8:-4], 0, b''
            while pos + 4 <= len(body):
                n = struct.unpack_from('<I', body, pos)[0]
                if struct.unpack_from('<q', body, pos + 4)[0] in tree:
                    kept += body[pos:pos + n]
                pos += n
            out.append(block(btype, kept))
        elif btype == FDL_V2:
            if struct.unpack_from('<q', b, 8)[0] in tree:
                out.append(b)
        elif btype == EV_V2:
            tid, = struct.unpack_from('<q', b, 10 + 8)
            etype, = struct.unpack_from('<H', b, 10 + 20)
            nparams, = struct.unpack_from('<I', b, 10 + 22)
            if etype in CLONE_EXITS and nparams > 0:
                res, = struct.unpack_from('<q', b, 10 + 26 + 2 * nparams)
                if tid in tree and res > 0:
                    tree.add(res)
            if tid in tree:
                out.append(b)
        else:
            out.append(b)
    open(dst, 'wb').write(b''.join(out))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
