#!/usr/bin/env python3
"""Synthetic captures that exercise the state engine: a real capture's state blocks followed by
scripted events (clone/execve races, fd duplication, canceled closes, UDP tuples, sockets that
change kind, containers, old event versions, state-only events...).

usage: state-scenarios.py OUTDIR [BASE.scap]
Writes OUTDIR/state-*.scap. Compare with real sysdig, e.g.:
  ../shared/tools/sysdig-conformance ../shared/conformance/output.cases OUTDIR/*.scap
BASE defaults to ../shared/captures/falco_cat_write.scap (its process list has systemd as tid 1).
Event parameters are encoded from driver/Events/events.table, so each call lists them in table order.
"""
import gzip, os, socket, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVENT_BLOCKS = {0x204, 0x8010ABCD, 0x216, 0x221, 0x208, 0x217, 0x222}
FIXED = {'INT64': '<q', 'UINT64': '<Q', 'FD': '<q', 'PID': '<q', 'ERRNO': '<q', 'RELTIME': '<Q', 'ABSTIME': '<Q',
         'INT32': '<i', 'UINT32': '<I', 'FLAGS32': '<I', 'UID': '<I', 'GID': '<I', 'MODE': '<I', 'SIGSET': '<I',
         'INT16': '<h', 'UINT16': '<H', 'FLAGS16': '<H', 'SYSCALLID': '<H',
         'INT8': '<b', 'UINT8': '<B', 'FLAGS8': '<B', 'SIGTYPE': '<B'}
AT_FDCWD = -100
THREAD = 41990659        # CLONE_FILES|FS|PARENT_SETTID|SIGHAND|SYSVSEM|THREAD|VM|CHILD_CLEARTID|SETTLS
FORK = 0x1800000         # CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID
IN_PIDNS = 1 << 29
DOCKER = 'cpuset=/docker/' + '0123456789abcdef' * 4


def load_table():
    table, current = {}, None
    for line in open(os.path.join(HERE, '..', 'driver', 'Events', 'events.table')):
        row = line.rstrip('\n').split('\t')
        if row[0] == 'E':
            current = int(row[1])
            table[current] = []
        elif row[0] == 'P':
            table[current].append(row[2])
    return table


TABLE = load_table()


def encode(ptype, value):
    if ptype in FIXED:
        return struct.pack(FIXED[ptype], value)
    if isinstance(value, str):
        return value.encode() + b'\0'
    return bytes(value)


def strings(*items):
    return b''.join(s.encode() + b'\0' for s in items)


def sockaddr4(ip, port): return bytes([2]) + socket.inet_aton(ip) + struct.pack('<H', port)
def sockaddr6(ip, port): return bytes([10]) + socket.inet_pton(socket.AF_INET6, ip) + struct.pack('<H', port)
def sockaddr_unix(path): return bytes([1]) + path.encode() + b'\0'
def tuple4(s, sp, d, dp): return sockaddr4(s, sp) + socket.inet_aton(d) + struct.pack('<H', dp)
def tuple6(s, sp, d, dp): return sockaddr6(s, sp) + socket.inet_pton(socket.AF_INET6, d) + struct.pack('<H', dp)
def tuple_unix(src, dst, path): return bytes([1]) + struct.pack('<QQ', src, dst) + path.encode() + b'\0'


class Capture:
    """State blocks of a base capture, then events one microsecond apart."""

    def __init__(self, base):
        data = open(base, 'rb').read()
        if data[:2] == b'\x1f\x8b':
            data = gzip.decompress(data)
        self.blocks, self.ts, off = [], 1_500_000_000_000_000_000, 0
        while off + 8 <= len(data):
            btype, blen = struct.unpack_from('<II', data, off)
            if blen < 12 or btype in EVENT_BLOCKS:
                break
            self.blocks.append(data[off:off + blen])
            off += blen

    def event(self, tid, etype, *values, flags=None):
        """Appends one event; with flags, in a block carrying dump flags (1 = state only)."""
        self.ts += 1000
        ptypes = TABLE[etype]
        assert len(values) == len(ptypes), (etype, len(values), len(ptypes))
        params = [encode(t, v) for t, v in zip(ptypes, values)]
        lengths = b''.join(struct.pack('<H', len(p)) for p in params)
        size = 26 + len(lengths) + sum(len(p) for p in params)
        body = struct.pack('<QQIHI', self.ts, tid, size, etype, len(params)) + lengths + b''.join(params)
        block = struct.pack('<H', 0) + (struct.pack('<I', flags) if flags is not None else b'') + body
        block += b'\0' * ((4 - len(block) % 4) % 4)
        total = len(block) + 12
        self.blocks.append(struct.pack('<II', 0x216 if flags is None else 0x217, total) + block + struct.pack('<I', total))

    def pause(self, ns):
        self.ts += ns

    def clone(self, parent, child, comm, flags=FORK, pid=None, cgroups=strings('cpuset=/'), vtid=None, vpid=None,
              child_side=True, parent_side=True):
        """A clone (version 20): the parent's return, then the child's."""
        pid = pid if pid is not None else parent
        cpid = pid if flags & 8192 else child
        if parent_side:
            self.event(parent, 223, child, comm, strings(), parent, pid, 1, '/', 1024, 0, 0, 100, 10, 0, comm,
                       cgroups, flags, 0, 0, parent, pid)
        if child_side:
            self.event(child, 223, 0, comm, strings(), child, cpid, parent, '/', 1024, 0, 0, 100, 10, 0, comm,
                       cgroups, flags, 0, 0, vtid or child, vpid or cpid)

    def execve(self, tid, exe, args=(), cgroups=strings('cpuset=/'), env=strings(), pid=None, ptid=1):
        self.event(tid, 292, exe)
        self.event(tid, 293, 0, exe, strings(*args), tid, pid or tid, ptid, '/', 4096, 0, 0, 1, 1, 0,
                   exe.split('/')[-1], cgroups, env, 0, pid or tid, 1000, 0)

    def read(self, tid, fd, res=1):
        self.event(tid, 6, fd, 1)
        self.event(tid, 7, res, b'x' if res > 0 else b'')

    def openat(self, tid, fd, name, dirfd=AT_FDCWD, flags=1):
        self.event(tid, 306, dirfd, name, flags, 0)
        self.event(tid, 307, fd, dirfd, name, flags, 0, 0)

    def save(self, path):
        open(path, 'wb').write(b''.join(self.blocks))


def files(c):
    """Opens relative to cwd and dirfds, dup and fcntl, a close canceled by a re-open, pipes, fchdir."""
    c.clone(1, 5000, 'systemd')
    c.execve(5000, '/bin/foo', ('a', 'b'), strings(DOCKER), strings('A=1', 'B=2'))
    c.event(5000, 94); c.event(5000, 95, 0, 'sub/dir')
    c.openat(5000, 3, 'file.txt'); c.read(5000, 3)
    c.openat(5000, 4, 'rel', dirfd=3); c.read(5000, 4, res=0)
    c.event(5000, 124, 3); c.event(5000, 125, 5); c.read(5000, 5)
    c.event(5000, 150, 3, 1); c.event(5000, 151, 6)
    c.event(5000, 150, 3, 4); c.event(5000, 151, 0x8000)
    c.read(5000, 6)
    c.event(5000, 4, 3)
    c.openat(5000, 3, '/etc/other')
    c.event(5000, 5, 0)
    c.read(5000, 3)
    c.event(5000, 60); c.event(5000, 61, 0, 7, 8, 12345)
    c.event(5000, 8, 8, 1); c.event(5000, 9, 1, b'y'); c.read(5000, 7)
    c.openat(5000, 12, '/etc', flags=1025)
    c.event(5000, 96, 12); c.event(5000, 97, 0)
    c.openat(5000, 13, 'hosts'); c.read(5000, 13)
    c.event(5000, 4, 13); c.event(5000, 5, -9); c.read(5000, 13)
    c.event(5000, 4, 13); c.event(5000, 5, 0); c.read(5000, 13)


def threads(c):
    """Threads sharing fds and cwd, execve in a thread, exits with live threads, collisions, stale and inverted clones."""
    c.clone(1, 100, 'a')
    c.clone(100, 101, 'a', THREAD)
    c.clone(100, 102, 'a', THREAD)
    c.openat(101, 3, 'f1'); c.read(102, 3)
    c.event(101, 94); c.event(101, 95, 0, '/var')
    c.openat(100, 4, 'log'); c.read(100, 4)
    c.execve(101, '/bin/t', pid=100, ptid=100); c.read(101, 3)
    c.event(100, 186, 0, 0, 0, 0)
    c.read(102, 3); c.read(100, 3)
    c.pause(3_000_000_000)
    c.clone(1, 100, 'b')
    c.read(101, 3); c.read(100, 3)
    c.event(102, 186, 0, 0, 0, 0); c.event(101, 186, 0, 0, 0, 0)
    c.read(100, 3)
    c.clone(100, 200, 'c', parent_side=False)
    c.clone(100, 200, 'c', child_side=False)
    c.read(200, 3)
    c.clone(100, 300, 'old')
    c.pause(3_000_000_000)
    c.clone(100, 300, 'new', parent_side=False)
    c.read(300, 3)
    c.openat(7777, 3, 'x'); c.read(7777, 3)
    c.clone(7777, 7778, 'bar', THREAD)
    c.read(7778, 3)
    c.execve(400, '/bin/z', ('q',), ptid=77); c.read(400, 0)
    c.event(400, 198, 1000); c.event(400, 199, 0)
    c.event(400, 192, 1, 2, 3); c.event(400, 193, 0)
    c.event(400, 192, 0xffffffff, 0xffffffff, 0xffffffff); c.event(400, 193, 0)
    c.event(400, 274); c.event(400, 275, 555)
    c.event(400, 266); c.event(400, 267, 0, 'jail')
    c.event(400, 144, 0, 7); c.event(400, 145, 0, 2048, 4096, 1024, 4096)
    c.event(400, 142, 7); c.event(400, 143, 0, 100, 200)
    c.event(400, 140, 7); c.event(400, 141, 0, -1, 200)
    c.read(400, 0)


def sockets(c):
    """Connected, listening and datagram sockets over IPv4, IPv6, v4-mapped addresses and unix paths."""
    c.clone(1, 400, 'net')
    c.event(400, 18, 2, 2, 0); c.event(400, 19, 9)
    c.event(400, 30, 9, 5, tuple4('0.0.0.0', 0, '10.0.0.5', 53)); c.event(400, 31, 5, b'hello')
    c.event(400, 34, 9, 100); c.event(400, 35, 5, b'world', tuple4('10.0.0.5', 53, '0.0.0.0', 41000))
    c.read(400, 9)
    c.event(400, 18, 10, 1, 0); c.event(400, 19, 10)
    c.event(400, 22, 10, sockaddr6('::1', 80)); c.event(400, 23, -115, tuple6('::1', 40000, '::1', 80))
    c.read(400, 10)
    c.event(400, 18, 2, 2, 17); c.event(400, 19, 30)
    c.event(400, 20, 30); c.event(400, 21, 0, sockaddr4('0.0.0.0', 5353))
    c.event(400, 34, 30, 100); c.event(400, 35, 3, b'abc', tuple4('192.168.1.7', 40000, '192.168.1.2', 5353))
    c.event(400, 30, 30, 3, tuple4('192.168.1.2', 5353, '192.168.1.8', 40001)); c.event(400, 31, 3, b'abc')
    c.read(400, 30)
    c.event(400, 18, 10, 1, 6); c.event(400, 19, 31)
    c.event(400, 22, 31, sockaddr6('::ffff:10.1.1.1', 443))
    c.event(400, 23, 0, tuple6('::ffff:10.1.1.2', 50000, '::ffff:10.1.1.1', 443))
    c.read(400, 31)
    c.event(400, 18, 1, 1, 0); c.event(400, 19, 32)
    c.event(400, 22, 32, sockaddr_unix('/run/x.sock')); c.event(400, 23, -2, tuple_unix(0, 0xabc, '/run/x.sock'))
    c.event(400, 22, 32, sockaddr_unix('/run/x.sock')); c.event(400, 23, 0, tuple_unix(0x10, 0xabc, '/run/x.sock'))
    c.read(400, 32)
    c.event(400, 18, 2, 2, 0); c.event(400, 19, 33)
    c.event(400, 52, 33); c.event(400, 53, 4, 4, b'abcd', tuple4('8.8.8.8', 53, '10.0.0.2', 33333))
    c.event(400, 48, 33, 4, tuple4('10.0.0.2', 33333, '8.8.4.4', 53)); c.event(400, 49, 4, b'abcd')
    c.read(400, 33)
    c.event(400, 18, 10, 1, 6); c.event(400, 19, 5)
    c.event(400, 20, 5); c.event(400, 21, 0, sockaddr6('::', 8443))
    c.event(400, 248, 0); c.event(400, 249, 6, tuple6('2001:db8::1', 1111, '2001:db8::2', 8443), 0, 0, 10)
    c.read(400, 6)
    c.event(400, 248, 0); c.event(400, 249, 8, tuple_unix(0xa, 0xb, '/tmp/s'), 0, 0, 10)
    c.read(400, 8)
    c.event(400, 42, 1, 1, 0); c.event(400, 43, 0, 14, 15, 0xffff0001, 0xffff0002)
    c.read(400, 15)
    c.event(400, 30, 40, 3, tuple6('::', 0, '2001:db8::9', 53)); c.event(400, 31, 3, b'abc')
    c.read(400, 40)
    for fd, call in ((20, 62), (21, 126), (22, 136), (23, 138)):
        args = {62: (0, 0), 126: (-1, 0, 0), 136: (0, 0), 138: (0,)}[call]
        c.event(400, call, *args); c.event(400, call + 1, fd)
        c.read(400, fd)


def containers(c):
    """Container events at the start and later, clones in a pid namespace, health probes."""
    probes = b'"Healthcheck":{"exe":"/bin/check","args":["-x"]},"LivenessProbe":{"exe":"/bin/live","args":[]}'
    c.event(0, 272, b'{"container":{"id":"0123456789ab","image":"img:1","name":"box","type":0,' + probes + b'}}\0')
    cg = strings(DOCKER)
    c.clone(1, 100, 'init', FORK | IN_PIDNS, cgroups=cg, vtid=1, vpid=1)
    c.read(100, 0)
    c.clone(1, 200, 'sh', FORK | IN_PIDNS, cgroups=cg, vtid=5, vpid=5)
    c.execve(200, '/bin/check', ('-x',), cg)
    c.clone(200, 201, 'check', FORK | IN_PIDNS, cgroups=cg, vtid=6, vpid=6)
    c.read(201, 0)
    c.clone(100, 300, 'sh', FORK | IN_PIDNS, cgroups=cg, vtid=7, vpid=7)
    c.execve(300, '/bin/check', ('-x',), cg)
    c.read(300, 0)
    c.event(5, 228, 'fedcba987654', 0, 'boxy', 'imgy')
    c.clone(1, 101, 'sh', cgroups=strings('cpuset=/docker/' + 'fedcba9876543210' * 4))
    c.read(101, 3)
    c.event(0, 272, b'{"container":{"id":"fedcba987654","image":"img:2","name":"late","type":0,"lookup_state":0}}\0')
    c.read(101, 3)


def old_versions(c):
    """Event versions older captures use: clone/fork 11-17, execve 8-18, open, creat, old openat, accept."""
    c.event(1, 14); c.event(1, 15, 100, 'a', strings('x'), 1, 1, 1, '/', 11, 0, 0, 0)
    c.event(100, 15, 0, 'a', strings('x'), 100, 100, 1, '/', 11, 0, 0, 0)
    c.event(100, 12); c.event(100, 13, 0, '/bin/b', strings('y'), 100, 100, 1, '/tmp', 12)
    c.event(100, 2, 'rel/f', 1, 0); c.event(100, 3, 3, 'rel/f', 1, 0, 0)
    c.event(100, 58, '/c/f', 0); c.event(100, 59, 4, '/c/f', 0, 0)
    c.event(100, 102, AT_FDCWD, 'o', 1, 0); c.event(100, 103, 5)
    c.event(100, 102, 3, 'o2', 1, 0); c.event(100, 103, 6)
    c.read(100, 6)
    c.event(100, 156); c.event(100, 157, 101, 'b', strings(), 100, 100, 1, '/', 13, 0, 0, 1, 1, 1, THREAD, 0, 0)
    c.event(101, 157, 0, 'b', strings(), 101, 100, 100, '/', 13, 0, 0, 1, 1, 1, THREAD, 0, 0)
    c.event(101, 182); c.event(101, 183, 102, 'b', strings(), 101, 100, 100, '/', 13, 0, 0, 1, 1, 1, 0, 0, 0)
    c.event(102, 183, 0, 'b', strings(), 102, 102, 101, '/', 13, 0, 0, 1, 1, 1, 0, 0, 0)
    c.read(102, 5)
    c.event(102, 154); c.event(102, 155, 0, '/bin/d', strings(), 102, 102, 101, '/', 13, 0, 0, 1, 1, 1)
    c.event(102, 214); c.event(102, 215, 0, '/bin/f', strings(), 102, 102, 101, '/', 13, 0, 0, 1, 1, 1, 'ff', strings('E=2'))
    c.event(102, 288, 'i')
    c.event(102, 289, 0, '/bin/i', strings(), 102, 102, 101, '/', 13, 0, 0, 1, 1, 1, 'ii', strings('cpuset=/'), strings(), 6)
    c.event(102, 158, 0); c.event(102, 159, 0, 7, 8, 9)
    c.event(102, 16)
    c.read(102, 5)
    c.event(102, 26); c.event(102, 27, 10, tuple4('1.1.1.1', 1, '2.2.2.2', 2), 0)
    c.read(102, 10)


def state_only(c):
    """Events the capture marks state-only: parsed, never shown."""
    c.event(1, 306, AT_FDCWD, '/etc/a', 1, 0, flags=1); c.event(1, 307, 50, AT_FDCWD, '/etc/a', 1, 0, 0, flags=1)
    c.read(1, 50)
    c.event(1, 4, 50, flags=1); c.event(1, 5, 0, flags=1)
    c.read(1, 50)


def main():
    out = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', '..', 'shared', 'captures', 'falco_cat_write.scap')
    os.makedirs(out, exist_ok=True)
    for scenario in (files, threads, sockets, containers, old_versions, state_only):
        capture = Capture(base)
        scenario(capture)
        capture.save(os.path.join(out, f'state-{scenario.__name__.replace("_", "-")}.scap'))


main()
