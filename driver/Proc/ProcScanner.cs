using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Proc;

/// <summary>
/// The system's state when a live capture starts, read from /proc and /etc as sysdig's scap does:
/// every thread with its process's fds (sockets resolved through /proc/net), users, groups,
/// interfaces and machine facts. Processes that vanish during the scan are skipped.
/// </summary>
public static class ProcScanner
{
    const int MaxArgs = 4096;

    /// <summary>Reads the system's state; users and groups too unless <paramref name="importUsers"/> is false (-E).</summary>
    public static SystemSnapshot Scan(bool importUsers = true, string proc = "/proc")
    {
        var s = new SystemSnapshot { Machine = Machine(proc), HasUserList = importUsers };
        var sockets = SocketTable.Read(proc);
        foreach (var dir in Directory.EnumerateDirectories(proc))
        {
            if (!long.TryParse(Path.GetFileName(dir), out long pid)) continue;
            try
            {
                ScanProcess(dir, pid, sockets, s.Threads);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process exited while we read it
            }
        }
        if (importUsers) Credentials.Read(s);
        Interfaces(s.Interfaces);
        return s;
    }

    static MachineInfo Machine(string proc)
    {
        ulong memory = 0, maxPid = 0;
        foreach (var line in File.ReadLines(Path.Combine(proc, "meminfo")))
            if (line.StartsWith("MemTotal:"))
                memory = ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        ulong.TryParse(ReadText(Path.Combine(proc, "sys/kernel/pid_max")).Trim(), out maxPid);
        return new MachineInfo((uint)Environment.ProcessorCount, memory, maxPid, Environment.MachineName);
    }

    static void ScanProcess(string dir, long pid, SocketTable sockets, List<ThreadRecord> threads)
    {
        var cmdline = ReadBytes(Path.Combine(dir, "cmdline"), MaxArgs);
        int firstNul = Array.IndexOf(cmdline, (byte)0);
        string exe = Encoding.UTF8.GetString(firstNul >= 0 ? cmdline.AsSpan(0, firstNul) : cmdline);
        byte[] args = firstNul >= 0 && firstNul + 1 < cmdline.Length ? cmdline[(firstNul + 1)..] : [];
        var env = ReadBytes(Path.Combine(dir, "environ"), MaxArgs);
        string exePath = ReadLink(Path.Combine(dir, "exe"));
        string cwd = ReadLink(Path.Combine(dir, "cwd"));
        string root = ReadLink(Path.Combine(dir, "root"));
        ulong fdLimit = FdLimit(dir);
        var cgroups = Cgroups(dir);
        uint loginUid = uint.TryParse(ReadText(Path.Combine(dir, "loginuid")).Trim(), out uint lu) ? lu : uint.MaxValue;
        List<FdRecord>? fds = null;

        foreach (var taskDir in Directory.EnumerateDirectories(Path.Combine(dir, "task")))
        {
            if (!long.TryParse(Path.GetFileName(taskDir), out long tid)) continue;
            var t = new ThreadRecord
            {
                Tid = tid, Pid = pid, Exe = exe, ExePath = exePath, Args = args, Env = env, Cwd = cwd, Root = root,
                FdLimit = fdLimit, Cgroups = cgroups, LoginUid = loginUid,
                Comm = ReadText(Path.Combine(taskDir, "comm")).TrimEnd('\n'),
            };
            Stat(taskDir, t);
            Status(taskDir, t);
            // Threads share their process's fd table: flag them as sysdig does (CLONE_THREAD | CLONE_FILES).
            if (tid != pid) t.Flags = 8192 | 1;
            else t.Fds.AddRange(fds ??= Fds(dir, sockets));
            threads.Add(t);
        }
    }

    /// <summary>/proc/PID/stat: parent, process group, session, tty, page faults.</summary>
    static void Stat(string dir, ThreadRecord t)
    {
        var text = ReadText(Path.Combine(dir, "stat"));
        int close = text.LastIndexOf(')');
        var f = text[(close + 2)..].Split(' ');   // f[0] is field 3 (state)
        t.Ptid = long.Parse(f[1]);
        t.Vpgid = long.Parse(f[2]);
        t.Sid = long.Parse(f[3]);
        t.Tty = (uint)int.Parse(f[4]);
        t.PfMinor = ulong.Parse(f[7]);
        t.PfMajor = ulong.Parse(f[9]);
    }

    /// <summary>/proc/PID/status: effective ids, memory, and ids inside the pid namespace.</summary>
    static void Status(string dir, ThreadRecord t)
    {
        foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
        {
            var f = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2) continue;
            switch (f[0])
            {
                case "Uid:": t.Uid = uint.Parse(f[2]); break;
                case "Gid:": t.Gid = uint.Parse(f[2]); break;
                case "VmSize:": t.VmSizeKb = uint.Parse(f[1]); break;
                case "VmRSS:": t.VmRssKb = uint.Parse(f[1]); break;
                case "VmSwap:": t.VmSwapKb = uint.Parse(f[1]); break;
                case "NSpid:": t.Vtid = long.Parse(f[^1]); break;
                case "NStgid:": t.Vpid = long.Parse(f[^1]); break;
            }
        }
    }

    static ulong FdLimit(string dir)
    {
        foreach (var line in File.ReadLines(Path.Combine(dir, "limits")))
            if (line.StartsWith("Max open files"))
            {
                var f = line[25..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return ulong.TryParse(f[0], out ulong v) ? v : ulong.MaxValue;
            }
        return 0;
    }

    /// <summary>"controller=path" for each v1 controller, NUL-separated, as sysdig lists cgroups.</summary>
    static byte[] Cgroups(string dir)
    {
        var sb = new StringBuilder();
        foreach (var line in File.ReadLines(Path.Combine(dir, "cgroup")))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3 || parts[1].Length == 0) continue;
            foreach (var controller in parts[1].Split(','))
                sb.Append(controller.StartsWith("name=") ? controller[5..] : controller).Append('=').Append(parts[2]).Append('\0');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    static List<FdRecord> Fds(string dir, SocketTable sockets)
    {
        var list = new List<FdRecord>();
        string fdDir = Path.Combine(dir, "fd");
        foreach (var entry in Directory.EnumerateFileSystemEntries(fdDir))
        {
            if (!long.TryParse(Path.GetFileName(entry), out long fd)) continue;
            string target = ReadLink(entry);
            if (target.Length == 0) continue;
            var record = FdOf(fd, target, entry, Path.Combine(dir, "fdinfo", fd.ToString(CultureInfo.InvariantCulture)), sockets);
            if (record != null) list.Add(record);
        }
        return list;
    }

    static FdRecord? FdOf(long fd, string target, string link, string fdinfo, SocketTable sockets)
    {
        if (target.StartsWith("socket:["))
            return sockets.Find(fd, ulong.Parse(target[8..^1]));
        if (target.StartsWith("pipe:["))
            return new FdRecord { Fd = fd, Kind = FdKind.Fifo, Name = target, Ino = ulong.Parse(target[6..^1]) };
        if (target.StartsWith("anon_inode:"))
        {
            string what = target[11..].Trim('[', ']');
            var kind = what switch
            {
                "eventfd" => FdKind.Event, "eventpoll" => FdKind.EventPoll, "inotify" => FdKind.Inotify,
                "signalfd" => FdKind.SignalFd, "timerfd" => FdKind.TimerFd, "userfaultfd" => FdKind.UserFaultFd,
                "io_uring" => FdKind.IoUring, "pidfd" => FdKind.PidFd,
                _ => what.StartsWith("bpf") ? FdKind.Bpf : FdKind.Unsupported,
            };
            return new FdRecord { Fd = fd, Kind = kind, Name = target };
        }
        var (ino, dev, isDirectory) = StatOf(link);
        if (isDirectory) return new FdRecord { Fd = fd, Kind = FdKind.Directory, Name = target, Ino = ino };
        return new FdRecord { Fd = fd, Kind = FdKind.FileV2, Name = target, Ino = ino, Dev = dev, OpenFlags = OpenFlags(fdinfo) };
    }

    /// <summary>The fd's open flags from fdinfo (octal, Linux encoding) in sysdig's encoding.</summary>
    static uint OpenFlags(string fdinfo)
    {
        foreach (var line in File.ReadLines(fdinfo))
            if (line.StartsWith("flags:"))
                return Live.LiveTranslation.OpenFlags(Convert.ToUInt32(line[6..].Trim(), 8));
        return 0;
    }

    static (ulong Ino, uint Dev, bool IsDirectory) StatOf(string path)
    {
        if (Native.Stat(path, out var st) != 0) return (0, 0, false);
        uint major = (uint)((st.Dev >> 8) & 0xfff), minor = (uint)((st.Dev & 0xff) | ((st.Dev >> 12) & 0xfff00));
        uint encoded = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
        return (st.Ino, encoded, (st.Mode & 0xf000) == 0x4000);
    }

    static void Interfaces(List<InterfaceRecord> list)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            foreach (var a in nic.GetIPProperties().UnicastAddresses)
            {
                var address = a.Address.GetAddressBytes();
                if (a.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    var mask = a.IPv4Mask.GetAddressBytes();
                    var broadcast = new byte[4];
                    for (int i = 0; i < 4; i++) broadcast[i] = (byte)(address[i] | ~mask[i]);
                    list.Add(new InterfaceRecord(1, nic.Name, address, mask, broadcast, 0));
                }
                else if (a.Address.AddressFamily == AddressFamily.InterNetworkV6)
                    list.Add(new InterfaceRecord(2, nic.Name, address, new byte[16], new byte[16], 0));
            }
    }

    internal static string ReadText(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    static byte[] ReadBytes(string path, int max)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var buffer = new byte[max];
            int n = 0, got;
            while (n < max && (got = f.Read(buffer, n, max - n)) > 0) n += got;
            return buffer[..n];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    static string ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget ?? ""; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
