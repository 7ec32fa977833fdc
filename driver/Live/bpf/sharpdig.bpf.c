// SPDX-License-Identifier: GPL-2.0
// sharpdig's live driver: turns syscall enter/exit and process exit into events in the capture
// file's event layout (the 26-byte header, u16 parameter lengths, parameter bytes) and hands them to
// user space through a ring of its own per cpu, each record a u32 length and a u16 cpu before the event.
//
// The program is a small interpreter: user space fills `routes` (syscall number -> event types)
// and `programs` (event type -> one operation per parameter) from sysdig's event table, so the
// kernel side stays generic. Flag values are left in Linux's encoding; user space translates them.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#define MAX_PARAMS 32                   // a power of two: indexes are masked with MAX_PARAMS - 1
#define MAX_SYSCALLS 512
#define MAX_EVENT_TYPES 512
#define SCRATCH_SIZE (1 << 17)          // twice the largest event, so masked writes stay inside
#define OFFSET_MASK 0xffff
#define EVENT_LIMIT 65000               // events stay below the 64 KiB of an EV block
#define MAX_STRING 4096
#define HEADER 26
#define PREFIX 6                        // the record's length (u32) and the cpu number (u16) before each event
#define RING_SLACK (0x10000 + 4096)     // a record starting near a ring's end runs on into this
#define MAX_IOVECS 32
#define MAX_POLLFDS 64

// One load or store of memory user space shares, neither merged nor moved by the compiler.
#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

// Bounds a value where the verifier sees it: clang may otherwise reuse an unbounded copy of it.
#define BOUND(v, mask) asm volatile("%0 &= " #mask : "+r"(v))

// Events are packed, so values land at any byte offset. x86-64 (and the verifier there) takes an
// unaligned store in one instruction, but clang splits a store it can see is unaligned into single
// bytes; hiding where the pointer came from keeps the one store.
static __always_inline void *opaque(void *p)
{
	asm volatile("" : "+r"(p));
	return p;
}
#define STORE(type, where, v) (*(type *)opaque(where) = (type)(v))

// Parameter operations (ParamOp in LiveTables.cs).
enum op_kind {
	SD_OP_NONE, SD_OP_ARG, SD_OP_ARG_INT, SD_OP_RET, SD_OP_CONST, SD_OP_USTR, SD_OP_UBUF_RET, SD_OP_UBUF_ARG, SD_OP_IOV_RET,
	SD_OP_IOV_ARG, SD_OP_IOV_SIZE, SD_OP_SOCKADDR, SD_OP_TUPLE, SD_OP_MSG_DATA, SD_OP_MSG_SIZE, SD_OP_MSG_TUPLE,
	SD_OP_USER_INT, SD_OP_FD_INO, SD_OP_FD_DEV, SD_OP_TIMESPEC, SD_OP_FDLIST, SD_OP_PROC, SD_OP_QUEUE, SD_OP_SOCK_PTR,
	SD_OP_USER_U64, SD_OP_SYSCALL_ID, SD_OP_SYSCALL_NR, SD_OP_EXIT, SD_OP_FCNTL_CMD,
};

// What SD_OP_PROC reads from the current task (its aux byte).
enum proc_field {
	P_EXE, P_ARGS, P_TID, P_PID, P_PTID, P_CWD, P_FDLIMIT, P_MAJFLT, P_MINFLT, P_VMSIZE, P_VMRSS,
	P_VMSWAP, P_COMM, P_CGROUPS, P_ENV, P_TTY, P_PGID, P_LOGINUID, P_EUID, P_EGID, P_VTID, P_VPID,
};

struct op {
	__u8 kind;
	__u8 arg;    // syscall argument index
	__u8 size;   // bytes of a fixed-size value
	__u8 aux;    // second argument index, or a sub-kind
};

struct event_program {
	__u32 nparams;
	struct op ops[MAX_PARAMS];
};

struct route {
	__u16 enter_type;
	__u16 exit_type;
	__u16 sc;      // sysdig's syscall id, for generic events
	__u16 used;
};

struct settings {
	__u32 own_tgid;
	__u32 snaplen;
	__u64 boot_to_epoch_ns;
	__u32 procexit_type;
	__u32 capturing;
};

struct scratch {
	__u64 args[8];   // six syscall arguments; eight so an index masked with 7 stays inside
	__s64 ret;
	__u32 off;
	__u32 type;
	__u32 nr;
	__u32 sc;
	__u32 snaplen;
	__u32 pad;
	__u8 buf[SCRATCH_SIZE];
};

struct counters {
	__u64 events;
	__u64 drops;
	__u64 nesting;
	__u64 committing;   // a record is being placed in this cpu's ring
};

// Each cpu's ring size less one (a power of two less one), set by user space before loading: the
// verifier takes it as the constant it is, and so knows a masked place is inside the map's value.
const volatile __u64 ring_mask SEC(".rodata.ring") = 0;

struct ring_position {
	__u64 head;          // written here
	__u64 pad[7];
	__u64 tail;          // written by user space, on a cache line of its own
	__u64 pad2[7];
};

// A cpu's ring: records are placed at head (masked) and never wrap (the slack takes what runs over
// the end); user space reads them up to head and gives the space back by moving tail. Each cpu writes
// its own without a lock, which a shared BPF ring buffer takes for every record.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);   // set to the cpus by user space
	__type(key, __u32);
	__uint(value_size, 4096); // set by user space: the ring and RING_SLACK
} ring_data SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);   // set to the cpus by user space
	__type(key, __u32);
	__type(value, struct ring_position);
} ring_positions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct route);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_EVENT_TYPES);
	__type(key, __u32);
	__type(value, struct event_program);
} programs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct settings);
} settings_map SEC(".maps");

// Two buffers per cpu: a program preempted mid-event by another on the same cpu uses the second.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);   // set to 2 * cpus by user space
	__type(key, __u32);
	__type(value, struct scratch);
} scratches SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} stats SEC(".maps");

static __always_inline struct settings *get_settings(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&settings_map, &zero);
}

static __always_inline struct counters *get_counters(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&stats, &zero);
}

// ---- writing parameters -------------------------------------------------------------------------

static __always_inline __u32 room(struct scratch *s)
{
	return s->off < EVENT_LIMIT ? EVENT_LIMIT - s->off : 0;
}

static __always_inline void set_length(struct scratch *s, __u32 i, __u32 len)
{
	__u32 at = PREFIX + HEADER + 2 * i;
	BOUND(at, 0xffff);
	STORE(__u16, &s->buf[at], len);
}

static __always_inline __u32 put_value(struct scratch *s, __u64 v, __u32 size)
{
	__u32 at = s->off & OFFSET_MASK;
	if (size > 8)
		size = 8;
	STORE(__u64, &s->buf[at], v);
	return size;
}

static __always_inline __u32 put_empty_string(struct scratch *s)
{
	s->buf[s->off & OFFSET_MASK] = 0;
	return 1;
}

// A user string as sysdig's kernel module writes it: "(NULL)" for a null pointer. One that cannot be
// read is an empty string, not a zero-length parameter: sysdig 0.29.3 prints leftovers of earlier
// parameters for those.
static __always_inline __u32 put_user_string(struct scratch *s, __u64 ptr)
{
	__u32 at = s->off & OFFSET_MASK;
	if (!ptr) {
		__builtin_memcpy(&s->buf[at], "(NULL)", 7);
		return 7;
	}
	if (room(s) < MAX_STRING)
		return put_empty_string(s);
	long n = bpf_probe_read_user_str(&s->buf[at], MAX_STRING, (void *)ptr);
	return n > 0 ? (__u32)n : put_empty_string(s);
}

static __always_inline __u32 put_kernel_string(struct scratch *s, const void *ptr, __u32 max)
{
	__u32 at = s->off & OFFSET_MASK;
	if (!ptr || room(s) < MAX_STRING)
		return 0;
	long n = bpf_probe_read_kernel_str(&s->buf[at], max & (MAX_STRING - 1), ptr);
	return n > 0 ? (__u32)n : 0;
}

static __always_inline __u32 put_user_bytes(struct scratch *s, __u64 ptr, __u64 len, __u32 at_off)
{
	__u32 limit = room(s);
	__u32 at = at_off & OFFSET_MASK;
	if (len > limit)
		len = limit;
	len &= OFFSET_MASK;
	if (!ptr || !len)
		return 0;
	if (bpf_probe_read_user(&s->buf[at], len, (void *)ptr))
		return 0;
	return len;
}

// ---- kernel objects -----------------------------------------------------------------------------

static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct files_struct *files = task->files;
	struct fdtable *fdt;
	struct file **fds;
	struct file *f = NULL;

	if (fd < 0 || !files)
		return NULL;
	fdt = BPF_CORE_READ(files, fdt);
	if (!fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline struct socket *fd_socket(long fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return NULL;
	// Only socket files carry a struct socket in private_data.
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	umode_t mode = BPF_CORE_READ(ino, i_mode);
	if ((mode & 00170000) != 0140000)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

static __always_inline __u32 encode_dev(dev_t dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

// A sockaddr from user memory, as sysdig encodes it: family byte, then address and port.
static __always_inline __u32 put_sockaddr(struct scratch *s, __u64 uaddr, __u64 ulen)
{
	__u32 at = s->off & OFFSET_MASK;
	__u16 family = 0;
	if (!uaddr || ulen < 2 || room(s) < 256)
		return 0;
	if (bpf_probe_read_user(&family, 2, (void *)uaddr))
		return 0;
	if (family == 2 /* AF_INET */ && ulen >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in a;
		if (bpf_probe_read_user(&a, sizeof(a), (void *)uaddr))
			return 0;
		s->buf[at] = 2;
		STORE(__u32, &s->buf[at + 1], a.sin_addr.s_addr);
		__u16 port = bpf_ntohs(a.sin_port);
		STORE(__u16, &s->buf[at + 5], port);
		return 7;
	}
	if (family == 10 /* AF_INET6 */ && ulen >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 a;
		if (bpf_probe_read_user(&a, sizeof(a), (void *)uaddr))
			return 0;
		s->buf[at] = 10;
		__builtin_memcpy(&s->buf[at + 1], &a.sin6_addr, 16);
		__u16 port = bpf_ntohs(a.sin6_port);
		STORE(__u16, &s->buf[at + 17], port);
		return 19;
	}
	if (family == 1 /* AF_UNIX */) {
		s->buf[at] = 1;
		long n = bpf_probe_read_user_str(&s->buf[at + 1], 108, (void *)(uaddr + 2));
		if (n <= 0) {
			s->buf[at + 1] = 0;
			n = 1;
		}
		return 1 + (__u32)n;
	}
	s->buf[at] = (__u8)family;
	return 1;
}

// The endpoints of a socket fd, as sysdig's socktuple: inbound ones (accept, receive) put the peer first.
static __always_inline __u32 put_tuple(struct scratch *s, long fd, bool inbound, __u64 uaddr, __u64 ulen)
{
	__u32 at = s->off & OFFSET_MASK;
	struct socket *sock = fd_socket(fd);
	if (!sock || room(s) < 256)
		return 0;
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == 2) {
		__u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rip == 0 && uaddr && ulen >= sizeof(struct sockaddr_in)) {
			struct sockaddr_in a;
			if (!bpf_probe_read_user(&a, sizeof(a), (void *)uaddr) && a.sin_family == 2) {
				rip = a.sin_addr.s_addr;
				rport = bpf_ntohs(a.sin_port);
			}
		}
		s->buf[at] = 2;
		if (inbound) {
			STORE(__u32, &s->buf[at + 1], rip);
			STORE(__u16, &s->buf[at + 5], rport);
			STORE(__u32, &s->buf[at + 7], lip);
			STORE(__u16, &s->buf[at + 11], lport);
		} else {
			STORE(__u32, &s->buf[at + 1], lip);
			STORE(__u16, &s->buf[at + 5], lport);
			STORE(__u32, &s->buf[at + 7], rip);
			STORE(__u16, &s->buf[at + 11], rport);
		}
		return 13;
	}
	if (family == 10) {
		struct in6_addr lip = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr rip = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		s->buf[at] = 10;
		if (inbound) {
			__builtin_memcpy(&s->buf[at + 1], &rip, 16);
			STORE(__u16, &s->buf[at + 17], rport);
			__builtin_memcpy(&s->buf[at + 19], &lip, 16);
			STORE(__u16, &s->buf[at + 35], lport);
		} else {
			__builtin_memcpy(&s->buf[at + 1], &lip, 16);
			STORE(__u16, &s->buf[at + 17], lport);
			__builtin_memcpy(&s->buf[at + 19], &rip, 16);
			STORE(__u16, &s->buf[at + 35], rport);
		}
		return 37;
	}
	if (family == 1) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		__u64 src = (__u64)sk, dst = (__u64)peer;
		s->buf[at] = 1;
		STORE(__u64, &s->buf[at + 1], src);
		STORE(__u64, &s->buf[at + 9], dst);
		// The path: the peer's bound name, else our own.
		struct unix_address *addr = peer ? BPF_CORE_READ((struct unix_sock *)peer, addr) : NULL;
		if (!addr)
			addr = BPF_CORE_READ(us, addr);
		long n = 0;
		if (addr) {
			int len = BPF_CORE_READ(addr, len);
			if (len > 2)
				n = bpf_probe_read_kernel_str(&s->buf[at + 17], 108, &addr->name[0].sun_path);
		}
		if (n <= 0) {
			s->buf[at + 17] = 0;
			n = 1;
		}
		return 17 + (__u32)n;
	}
	s->buf[at] = (__u8)family;
	return 1;
}

// Loops over user arrays run through bpf_loop: its callback is verified once, whatever the count.
struct walk {
	__u32 slot;
	__u32 start;      // buffer offset where the gathered bytes begin
	__u64 ptr;        // the user array
	__u64 total;      // bytes wanted (iovecs)
	__u64 done;       // bytes gathered, or entries written, or the size summed
	__u32 revents;    // pollfd: report revents rather than events
};

static long iov_gather_step(__u32 i, struct walk *w)
{
	struct iovec v;
	struct scratch *s = bpf_map_lookup_elem(&scratches, &w->slot);
	if (!s || w->done >= w->total)
		return 1;
	if (bpf_probe_read_user(&v, sizeof(v), (void *)(w->ptr + i * sizeof(v))))
		return 1;
	__u64 len = v.iov_len;
	if (len > w->total - w->done)
		len = w->total - w->done;
	__u32 at = w->start + w->done;
	__u32 limit = EVENT_LIMIT;
	if (at >= limit)
		return 1;
	if (len > limit - at)
		len = limit - at;
	BOUND(len, 0xffff);
	BOUND(at, 0xffff);
	if (len && bpf_probe_read_user(&s->buf[at], len, v.iov_base))
		return 1;
	w->done += len;
	return 0;
}

static long iov_size_step(__u32 i, struct walk *w)
{
	struct iovec v;
	if (bpf_probe_read_user(&v, sizeof(v), (void *)(w->ptr + i * sizeof(v))))
		return 1;
	w->done += v.iov_len;
	return 0;
}

static long pollfd_step(__u32 i, struct walk *w)
{
	struct pollfd p;
	struct scratch *s = bpf_map_lookup_elem(&scratches, &w->slot);
	if (!s || bpf_probe_read_user(&p, sizeof(p), (void *)(w->ptr + i * sizeof(p))))
		return 1;
	__s64 fd = p.fd;
	__s16 flags = w->revents ? p.revents : p.events;
	__u32 at = w->start + 2 + i * 10;
	BOUND(at, 0xffff);
	STORE(__u64, &s->buf[at], fd);
	STORE(__u16, &s->buf[at + 8], flags);
	w->done++;
	return 0;
}

// Gathers the bytes of an iovec array, up to `total` bytes.
static __always_inline __u32 put_iovec(struct scratch *s, __u32 slot, __u64 iov_ptr, __u64 count, __u64 total)
{
	struct walk w = { .slot = slot, .start = s->off, .ptr = iov_ptr, .total = total };
	if (!iov_ptr || !total)
		return 0;
	bpf_loop(count < MAX_IOVECS ? count : MAX_IOVECS, iov_gather_step, &w, 0);
	return w.done;
}

static __always_inline __u64 iovec_size(__u64 iov_ptr, __u64 count)
{
	struct walk w = { .ptr = iov_ptr };
	if (!iov_ptr)
		return 0;
	bpf_loop(count < MAX_IOVECS ? count : MAX_IOVECS, iov_size_step, &w, 0);
	return w.done;
}

// A pollfd array as sysdig's fdlist: a u16 count, then (i64 fd, i16 events or revents) each.
static __always_inline __u32 put_fdlist(struct scratch *s, __u32 slot, __u64 ptr, __u64 count, bool revents)
{
	struct walk w = { .slot = slot, .start = s->off, .ptr = ptr, .revents = revents };
	__u32 at = s->off & OFFSET_MASK;
	if (room(s) < 2 + MAX_POLLFDS * 10)
		return 0;
	if (ptr)
		bpf_loop(count < MAX_POLLFDS ? count : MAX_POLLFDS, pollfd_step, &w, 0);
	__u16 n = w.done;
	STORE(__u16, &s->buf[at], n);
	return 2 + n * 10;
}

static __always_inline __u64 mm_counter(struct mm_struct *mm, int which)
{
	__s64 v = BPF_CORE_READ(mm, rss_stat[which].count);
	return v > 0 ? v : 0;
}

static __always_inline __s32 pid_nr_in_ns(struct pid *pid)
{
	if (!pid)
		return 0;
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid up;
	if (bpf_probe_read_kernel(&up, sizeof(up), (void *)&pid->numbers[0] + (level & 7) * sizeof(struct upid)))
		return 0;
	return up.nr;
}

static __always_inline __s32 tty_of(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (!tty)
		return 0;
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor = BPF_CORE_READ(tty, driver, minor_start);
	return encode_dev(((dev_t)major << 20) | (minor + index));
}

// Copies the NUL-separated strings between two user addresses (argv or environ of the current mm).
static __always_inline __u32 put_user_area(struct scratch *s, __u64 start, __u64 end, __u32 skip)
{
	__u32 at = s->off & OFFSET_MASK;
	if (end <= start + skip || room(s) < MAX_STRING)
		return 0;
	__u64 len = end - start - skip;
	if (len > MAX_STRING)
		len = MAX_STRING;
	len &= (MAX_STRING * 2 - 1);
	if (!len || bpf_probe_read_user(&s->buf[at], len, (void *)(start + skip)))
		return 0;
	s->buf[(at + len - 1) & OFFSET_MASK] = 0;
	return len;
}

static __always_inline __u32 put_proc(struct scratch *s, __u8 field, __u32 size)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct mm_struct *mm = task->mm;
	__u64 v = 0;

	switch (field) {
	case P_EXE:
		if (!mm || s->ret < 0)
			return put_empty_string(s);
		{
			__u64 start = BPF_CORE_READ(mm, arg_start);
			__u32 at = s->off & OFFSET_MASK;
			long n = bpf_probe_read_user_str(&s->buf[at], MAX_STRING, (void *)start);
			return n > 0 ? (__u32)n : put_empty_string(s);
		}
	case P_ARGS:
		if (!mm || s->ret < 0)
			return 0;
		{
			__u64 start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
			// skip argv[0], which the exe parameter already carries
			__u32 at = s->off & OFFSET_MASK;
			long n = bpf_probe_read_user_str(&s->buf[at], MAX_STRING, (void *)start);
			if (n <= 0)
				return 0;
			return put_user_area(s, start, end, (__u32)n);
		}
	case P_ENV:
		if (!mm || s->ret < 0)
			return 0;
		return put_user_area(s, BPF_CORE_READ(mm, env_start), BPF_CORE_READ(mm, env_end), 0);
	case P_CWD:
	case P_CGROUPS:
		return field == P_CWD ? put_empty_string(s) : 0;
	case P_COMM:
		return put_kernel_string(s, task->comm, sizeof(task->comm));
	case P_TID: v = task->pid; break;
	case P_PID: v = task->tgid; break;
	case P_PTID: v = BPF_CORE_READ(task, real_parent, pid); break;
	case P_FDLIMIT: v = BPF_CORE_READ(task, signal, rlim[7].rlim_cur); break;
	case P_MAJFLT: v = task->maj_flt; break;
	case P_MINFLT: v = task->min_flt; break;
	case P_VMSIZE: v = mm ? BPF_CORE_READ(mm, total_vm) << 2 : 0; break;
	case P_VMRSS: v = mm ? (mm_counter(mm, 0) + mm_counter(mm, 1) + mm_counter(mm, 3)) << 2 : 0; break;
	case P_VMSWAP: v = mm ? mm_counter(mm, 2) << 2 : 0; break;
	case P_TTY: v = (__u32)tty_of(task); break;
	case P_PGID: v = pid_nr_in_ns(BPF_CORE_READ(task, signal, pids[PIDTYPE_PGID])); break;
	case P_LOGINUID: v = BPF_CORE_READ(task, loginuid.val); break;
	case P_EUID: v = BPF_CORE_READ(task, cred, euid.val); break;
	case P_EGID: v = BPF_CORE_READ(task, cred, egid.val); break;
	case P_VTID: v = pid_nr_in_ns(BPF_CORE_READ(task, thread_pid)); break;
	case P_VPID: v = pid_nr_in_ns(BPF_CORE_READ(task, group_leader, thread_pid)); break;
	}
	if (field == P_TID || field == P_PID || field == P_PTID || field == P_PGID || field == P_VTID || field == P_VPID)
		v = (__s64)(__s32)v;
	return put_value(s, v, size);
}

// accept's backlog figures, from the listening socket (aux: 0 percent, 1 length, 2 maximum).
static __always_inline __u32 put_queue(struct scratch *s, long fd, __u8 which, __u32 size)
{
	struct socket *sock = fd_socket(fd);
	__u64 len = 0, max = 0, v;
	if (sock) {
		struct sock *sk = BPF_CORE_READ(sock, sk);
		if (sk) {
			len = BPF_CORE_READ(sk, sk_ack_backlog);
			max = BPF_CORE_READ(sk, sk_max_ack_backlog);
		}
	}
	v = which == 0 ? (max ? len * 100 / max : 0) : which == 1 ? len : max;
	return put_value(s, v, size);
}

// fcntl commands in sysdig's numbering (PPM_FCNTL_*); 0 for the ones it does not name.
static __always_inline __u8 fcntl_command(__u64 cmd)
{
	switch (cmd) {
	case 0: return 1;     case 1: return 2;     case 2: return 3;     case 3: return 4;
	case 4: return 5;     case 5: return 6;     case 6: return 8;     case 7: return 9;
	case 8: return 10;    case 9: return 12;    case 10: return 13;   case 11: return 15;
	case 15: return 21;   case 16: return 22;   case 36: return 30;   case 37: return 31;
	case 38: return 32;   case 1024: return 23; case 1025: return 24; case 1026: return 27;
	case 1029: return 25; case 1030: return 26; case 1031: return 28; case 1032: return 29;
	}
	return 0;
}

static __always_inline __u64 read_user_u64(__u64 ptr)
{
	__u64 v = 0;
	if (ptr)
		bpf_probe_read_user(&v, sizeof(v), (void *)ptr);
	return v;
}

static __always_inline __s64 read_user_int(__u64 ptr, __u32 index)
{
	__s32 v = -1;
	if (ptr)
		bpf_probe_read_user(&v, sizeof(v), (void *)(ptr + index * 4));
	return v;
}

// One parameter: a global function, so the verifier checks it once rather than once per parameter.
// Plain values and user buffers (SD_OP_UBUF_*) never come here: emit writes those itself.
__noinline int fill_param(__u32 slot, __u32 i)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &slot);
	if (!s || i >= MAX_PARAMS)
		return 0;
	__u32 type = s->type;
	struct event_program *prog = bpf_map_lookup_elem(&programs, &type);
	if (!prog)
		return 0;
	BOUND(i, 31);
	struct op op = prog->ops[i];
	__u32 ai = op.arg, bi = op.aux;
	BOUND(ai, 7);
	BOUND(bi, 7);
	__u64 a = s->args[ai];
	__u64 b = s->args[bi];
	__u32 len = 0;

	switch (op.kind) {
	case SD_OP_CONST: len = put_value(s, op.aux, op.size); break;
	case SD_OP_USTR: len = put_user_string(s, a); break;
	case SD_OP_IOV_RET:
		len = s->ret > 0 ? put_iovec(s, slot, a, b, s->ret < s->snaplen ? s->ret : s->snaplen) : 0;
		break;
	case SD_OP_IOV_ARG: len = put_iovec(s, slot, a, b, s->snaplen); break;
	case SD_OP_IOV_SIZE: len = put_value(s, iovec_size(a, b), op.size); break;
	case SD_OP_SOCKADDR:
		// aux 6 marks a user length pointer (socklen_t *), as recvfrom and accept have
		if (s->ret < 0 && op.arg != 1)
			break;
		len = put_sockaddr(s, a, op.aux == 6 ? 128 : b);
		break;
	case SD_OP_TUPLE:
		// size: 0 fd from arg, outbound; 1 fd from arg, inbound; 2 fd from ret, inbound
		if (op.size == 2)
			len = s->ret >= 0 ? put_tuple(s, s->ret, true, 0, 0) : 0;
		else
			len = put_tuple(s, (__s32)a, op.size == 1, op.aux < 6 ? b : 0, op.aux < 6 ? 128 : 0);
		break;
	case SD_OP_MSG_DATA:
	case SD_OP_MSG_SIZE:
	case SD_OP_MSG_TUPLE: {
		struct user_msghdr m;
		if (!a || bpf_probe_read_user(&m, sizeof(m), (void *)a)) {
			if (op.kind == SD_OP_MSG_SIZE)
				len = put_value(s, 0, op.size);
			break;
		}
		if (op.kind == SD_OP_MSG_SIZE)
			len = put_value(s, iovec_size((__u64)m.msg_iov, m.msg_iovlen), op.size);
		else if (op.kind == SD_OP_MSG_TUPLE)
			len = put_tuple(s, (__s32)s->args[0], op.size == 1, (__u64)m.msg_name, m.msg_namelen);
		else if (op.size == 1)   // received: what the call returned
			len = s->ret > 0 ? put_iovec(s, slot, (__u64)m.msg_iov, m.msg_iovlen, s->ret < s->snaplen ? s->ret : s->snaplen) : 0;
		else
			len = put_iovec(s, slot, (__u64)m.msg_iov, m.msg_iovlen, s->snaplen);
		break;
	}
	case SD_OP_USER_INT: len = put_value(s, s->ret >= 0 ? read_user_int(a, op.aux) : -1, op.size); break;
	case SD_OP_USER_U64: len = put_value(s, read_user_u64(a ? a + op.aux : 0), op.size); break;
	case SD_OP_FCNTL_CMD: len = put_value(s, fcntl_command(a), 1); break;
	case SD_OP_FD_INO: {
		struct file *f = s->ret >= 0 ? fd_file(read_user_int(a, 0)) : NULL;
		len = put_value(s, f ? BPF_CORE_READ(f, f_inode, i_ino) : 0, op.size);
		break;
	}
	case SD_OP_FD_DEV: {
		struct file *f = s->ret >= 0 ? fd_file(s->ret) : NULL;
		len = put_value(s, f ? encode_dev(BPF_CORE_READ(f, f_inode, i_sb, s_dev)) : 0, op.size);
		break;
	}
	case SD_OP_TIMESPEC: {
		struct __kernel_timespec ts = {};
		if (a)
			bpf_probe_read_user(&ts, sizeof(ts), (void *)a);
		len = put_value(s, ts.tv_sec * 1000000000ULL + ts.tv_nsec, 8);
		break;
	}
	case SD_OP_FDLIST: len = put_fdlist(s, slot, a, b, op.size == 1); break;
	case SD_OP_PROC: len = put_proc(s, op.aux, op.size); break;
	case SD_OP_QUEUE: len = put_queue(s, (__s32)s->args[0], op.aux, op.size); break;
	case SD_OP_SOCK_PTR: {
		struct socket *sock = s->ret >= 0 ? fd_socket(read_user_int(a, 0)) : NULL;
		struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
		__u64 v = 0;
		if (sk)
			v = op.aux == 0 ? (__u64)sk : (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		len = put_value(s, v, 8);
		break;
	}
	case SD_OP_SYSCALL_ID: len = put_value(s, s->sc, 2); break;
	case SD_OP_SYSCALL_NR: len = put_value(s, s->nr, 2); break;
	case SD_OP_EXIT: {
		// sched_process_exit: the exit code, split as wait(2) reports it
		struct task_struct *task = bpf_get_current_task_btf();
		__s64 code = task->exit_code;
		__u64 v = op.aux == 0 ? code : op.aux == 1 ? (code >> 8) & 0xff : op.aux == 2 ? code & 0x7f : (code & 0x80) != 0;
		len = put_value(s, v, op.size);
		break;
	}
	}
	len &= OFFSET_MASK;
	set_length(s, i, len);
	s->off += len;
	return 0;
}

// ---- events -------------------------------------------------------------------------------------

// Places a record in this cpu's ring. Programs on a cpu run one at a time but for preemption: one that
// finds another in the middle of placing a record drops its own rather than write over it.
static __always_inline void commit(__u32 cpu, struct counters *cnt, const void *record, __u32 size)
{
	__u8 *ring = bpf_map_lookup_elem(&ring_data, &cpu);
	struct ring_position *pos = bpf_map_lookup_elem(&ring_positions, &cpu);
	if (!ring || !pos || cnt->committing) {
		cnt->drops++;
		return;
	}
	cnt->committing = 1;
	__u64 head = pos->head;
	__u64 advance = (size + 7) & ~7;
	if (head + advance - READ_ONCE(pos->tail) > ring_mask + 1) {
		cnt->drops++;
	} else {
		__u64 at = head & ring_mask;
		bpf_probe_read_kernel(ring + at, size, record);
		// x86-64 keeps stores in order: user space sees the record before the head that covers it
		asm volatile("" ::: "memory");
		WRITE_ONCE(pos->head, head + advance);
		cnt->events++;
	}
	cnt->committing = 0;
}

static __always_inline int emit(struct task_struct *task, __u32 type, __u32 nr, __u32 sc, struct pt_regs *regs, long ret)
{
	struct settings *cfg = get_settings();
	struct counters *cnt = get_counters();
	if (!cfg || !cnt || !cfg->capturing)
		return 0;
	// the ids come from the task the caller already has: one helper call fewer than bpf_get_current_pid_tgid
	if (task->tgid == cfg->own_tgid)
		return 0;
	struct event_program *prog = bpf_map_lookup_elem(&programs, &type);
	if (!prog)
		return 0;

	if (cnt->nesting >= 2) {
		cnt->drops++;
		return 0;
	}
	__u32 slot = bpf_get_smp_processor_id() * 2 + cnt->nesting;
	cnt->nesting++;
	struct scratch *s = bpf_map_lookup_elem(&scratches, &slot);
	if (!s) {
		cnt->nesting--;
		return 0;
	}

	__u32 nparams = prog->nparams;
	if (nparams > MAX_PARAMS)
		nparams = MAX_PARAMS;
	if (regs) {
		// tp_btf hands a trusted pointer: plain loads, no probe reads
		s->args[0] = regs->di;
		s->args[1] = regs->si;
		s->args[2] = regs->dx;
		s->args[3] = regs->r10;
		s->args[4] = regs->r8;
		s->args[5] = regs->r9;
	}
	s->ret = ret;
	s->type = type;
	s->nr = nr;
	s->sc = sc;
	s->snaplen = cfg->snaplen;
	s->off = PREFIX + HEADER + 2 * nparams;

	for (__u32 i = 0; i < MAX_PARAMS; i++) {
		if (i >= nparams)
			break;
		// Plain values are written here; everything else goes through fill_param (a call per parameter).
		struct op op = prog->ops[i];
		if (op.kind == SD_OP_ARG || op.kind == SD_OP_ARG_INT || op.kind == SD_OP_RET) {
			__u32 ai = op.arg;
			BOUND(ai, 7);
			__u64 v = op.kind == SD_OP_RET ? (__u64)s->ret : op.kind == SD_OP_ARG ? s->args[ai] : (__u64)(__s64)(__s32)s->args[ai];
			__u32 len = put_value(s, v, op.size);
			set_length(s, i, len);
			s->off += len;
		} else if (op.kind == SD_OP_UBUF_RET || op.kind == SD_OP_UBUF_ARG) {
			// the data of read, write and their kin, the most common variable parameters: no call.
			// What was read is as long as the result; what was written, as the size argument.
			__u32 ai = op.arg, bi = op.aux;
			BOUND(ai, 7);
			BOUND(bi, 7);
			__u64 want = op.kind == SD_OP_UBUF_ARG ? s->args[bi] : s->ret > 0 ? (__u64)s->ret : 0;
			if (want > s->snaplen)
				want = s->snaplen;
			__u32 len = put_user_bytes(s, s->args[ai], want, s->off);
			set_length(s, i, len);
			s->off += len;
		} else {
			fill_param(slot, i);
		}
	}

	__u32 total = s->off;
	if (total > 0xffff)
		total = 0xffff;
	__u16 cpu = bpf_get_smp_processor_id();
	__u64 ts = bpf_ktime_get_boot_ns() + cfg->boot_to_epoch_ns;
	__u64 tid = (__u32)task->pid;
	__u32 evlen = total - PREFIX;
	__u16 evtype = type;
	STORE(__u32, &s->buf[0], total - 4);
	STORE(__u16, &s->buf[4], cpu);
	STORE(__u64, &s->buf[6], ts);
	STORE(__u64, &s->buf[14], tid);
	STORE(__u32, &s->buf[22], evlen);
	STORE(__u16, &s->buf[26], evtype);
	STORE(__u32, &s->buf[28], nparams);
	BOUND(total, 0xffff);
	commit(cpu, cnt, s->buf, total);
	cnt->nesting--;
	return 0;
}

static __always_inline struct route *route_of(struct task_struct *task, long nr)
{
	__u32 key = nr;
	// 32-bit (ia32) syscalls are numbered differently: the routing table is x86-64's, so they are left out.
	if (task->thread_info.status & 0x0002 /* TS_COMPAT */)
		return NULL;
	if (nr < 0 || nr >= MAX_SYSCALLS)
		return NULL;
	return bpf_map_lookup_elem(&routes, &key);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct route *r = route_of(task, id);
	if (!r || !r->used)
		return 0;
	return emit(task, r->enter_type, id, r->sc, regs, 0);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long id = regs->orig_ax;
	struct route *r = route_of(task, id);
	if (!r || !r->used)
		return 0;
	return emit(task, r->exit_type, id, r->sc, regs, ret);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	struct settings *cfg = get_settings();
	if (!cfg)
		return 0;
	return emit(bpf_get_current_task_btf(), cfg->procexit_type, 0, 0, NULL, 0);
}

char LICENSE[] SEC("license") = "GPL";
