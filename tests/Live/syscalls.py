# The live driver's coverage workload: each file, socket, process and I/O call that sysdig's event table
# describes in full, made once through libc's syscall() (x86-64 numbers), so the test knows exactly what
# was passed. Then two unreadable path arguments: a bad pointer and a null one.
# usage: python3 syscalls.py DIR   (DIR exists and is empty)
import ctypes, os, socket, subprocess, sys

libc = ctypes.CDLL(None)
libc.syscall.restype = ctypes.c_long
AT_FDCWD = -100


def sys_call(nr, *args):
    return libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])


def text(s):
    return ctypes.c_char_p(s.encode())


class Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class OpenHow(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64)]


class PollFd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]


class Timespec(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]


class SockaddrIn(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_ushort), ("addr", ctypes.c_uint32), ("zero", ctypes.c_char * 8)]


class Msghdr(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint), ("iov", ctypes.c_void_p), ("iovlen", ctypes.c_size_t),
                ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t), ("flags", ctypes.c_int)]


d = sys.argv[1]
os.chdir(d)
data = ctypes.create_string_buffer(b"cov-data", 64)
iov = (Iovec * 1)(Iovec(ctypes.cast(data, ctypes.c_void_p), 8))

# files: open, the read/write family, creat, sendfile, openat2, openat, dup*, fcntl, pipe*, ioctl
fd = sys_call(2, text(f"{d}/f1"), os.O_CREAT | os.O_RDWR, 0o644)
sys_call(1, fd, data, 8); sys_call(18, fd, data, 8, 0); sys_call(17, fd, data, 8, 0); sys_call(0, fd, data, 8)
sys_call(20, fd, iov, 1); sys_call(19, fd, iov, 1); sys_call(296, fd, iov, 1, 0); sys_call(295, fd, iov, 1, 0)
out = sys_call(85, text(f"{d}/f2"), 0o600)
sys_call(40, out, fd, None, 8)
how = OpenHow(os.O_RDONLY, 0, 0)
sys_call(437, AT_FDCWD, text(f"{d}/f1"), ctypes.byref(how), ctypes.sizeof(how))
rel = sys_call(257, AT_FDCWD, text("f1"), os.O_RDONLY, 0)
sys_call(32, rel); sys_call(33, rel, 60); sys_call(292, rel, 61, os.O_CLOEXEC); sys_call(72, rel, 1, 0)
pipe = (ctypes.c_int * 2)()
sys_call(22, pipe); sys_call(293, pipe, os.O_NONBLOCK)
sys_call(16, pipe[0], 0x541B, ctypes.byref(ctypes.c_int()))   # FIONREAD

# directories and names
sys_call(83, text(f"{d}/d1"), 0o755); sys_call(258, AT_FDCWD, text("d2"), 0o755)
dirfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
sys_call(78, dirfd, data, 64)
sys_call(80, text(f"{d}/d1")); sys_call(81, dirfd)
sys_call(88, text("f1"), text(f"{d}/l1")); sys_call(266, text("f1"), AT_FDCWD, text("l2"))
sys_call(86, text(f"{d}/f1"), text(f"{d}/h1")); sys_call(265, AT_FDCWD, text("f1"), AT_FDCWD, text("h2"), 0)
sys_call(82, text(f"{d}/h1"), text(f"{d}/h3")); sys_call(264, AT_FDCWD, text("h2"), AT_FDCWD, text("h4"))
sys_call(316, AT_FDCWD, text("h3"), AT_FDCWD, text("h5"), 0)
sys_call(87, text(f"{d}/h4")); sys_call(263, AT_FDCWD, text("h5"), 0)
sys_call(84, text(f"{d}/d1")); sys_call(263, AT_FDCWD, text("d2"), 0x200)   # AT_REMOVEDIR

# credentials and signals (signal 0 only checks)
sys_call(105, 0); sys_call(106, 0); sys_call(117, -1, -1, -1); sys_call(119, -1, -1, -1)
pid = os.getpid()
sys_call(62, pid, 0); sys_call(200, pid, 0); sys_call(234, pid, pid, 0)

# memory, waiting and the special fds
mem = sys_call(9, None, 8192, 3, 0x22, -1, 0)   # PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
sys_call(11, mem, 8192); sys_call(12, 0)
polled = (PollFd * 1)(PollFd(pipe[0], 1, 0))
sys_call(7, polled, 1, 0); sys_call(271, polled, 1, ctypes.byref(Timespec(0, 0)), None, 8)
readable = (ctypes.c_ulong * 16)()
readable[pipe[0] // 64] |= 1 << (pipe[0] % 64)
sys_call(23, pipe[0] + 1, readable, None, None, ctypes.byref(Timespec(0, 0)))
epoll = sys_call(291, 0)
events = ctypes.create_string_buffer(48)
sys_call(232, epoll, events, 4, 0); sys_call(281, epoll, events, 4, 0, None, 8)
word = ctypes.c_int(0)
sys_call(202, ctypes.byref(word), 1, 1)   # FUTEX_WAKE one
sys_call(35, ctypes.byref(Timespec(0, 1000)), None)
sys_call(284, 3)
mask = ctypes.c_uint64(1 << 9)   # SIGUSR1
sys_call(282, -1, ctypes.byref(mask), 8)
sys_call(283, 1, 0); sys_call(253)

# sockets: a unix pair, then TCP on 127.0.0.1
pair = (ctypes.c_int * 2)()
sys_call(53, socket.AF_UNIX, socket.SOCK_STREAM, 0, pair)
server = sys_call(41, socket.AF_INET, socket.SOCK_STREAM, 0)
address = SockaddrIn(socket.AF_INET, 0, 0x0100007F)
sys_call(49, server, ctypes.byref(address), 16); sys_call(50, server, 2)
length = ctypes.c_uint32(16)
libc.getsockname(server, ctypes.byref(address), ctypes.byref(length))
client = sys_call(41, socket.AF_INET, socket.SOCK_STREAM, 0); sys_call(42, client, ctypes.byref(address), 16)
client2 = sys_call(41, socket.AF_INET, socket.SOCK_STREAM, 0); sys_call(42, client2, ctypes.byref(address), 16)
peer = sys_call(43, server, None, None); sys_call(288, server, None, None, 0)
sys_call(44, client, text("to"), 2, 0, None, 0); sys_call(45, peer, data, 2, 0, None, None)
message = Msghdr(None, 0, ctypes.cast(iov, ctypes.c_void_p), 1, None, 0, 0)
sys_call(46, client, ctypes.byref(message), 0); sys_call(47, peer, ctypes.byref(message), 0)
sys_call(48, client, 2); sys_call(3, client)

# namespaces: no-op unshare, setns into our own uts namespace
sys_call(272, 0)
sys_call(308, os.open("/proc/self/ns/uts", os.O_RDONLY), 0)

# processes: fork, execveat in a child, vfork (subprocess), clone3 (posix_spawn)
child = sys_call(57)
if child == 0:
    os._exit(0)
os.waitpid(child, 0)
child = os.fork()
if child == 0:
    argv = (ctypes.c_char_p * 2)(b"/bin/true", None)
    sys_call(322, AT_FDCWD, text("/bin/true"), argv, None, 0)
    os._exit(1)
os.waitpid(child, 0)
subprocess.run(["/bin/true"])
os.waitpid(os.posix_spawn("/bin/true", ["true"], {}), 0)

# unreadable paths: a pointer to nothing, and a null one
sys_call(83, 8, 0o755)
sys_call(83, None, 0o755)
