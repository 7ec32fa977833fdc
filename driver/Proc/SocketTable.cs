using System.Globalization;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Proc;

/// <summary>The sockets of /proc/net (tcp, udp, raw, v4 and v6, unix, netlink) by inode, to name socket fds.</summary>
sealed class SocketTable
{
    const byte Tcp = 2, Udp = 3, Raw = 5;

    readonly Dictionary<ulong, Func<long, FdRecord>> byInode = new();

    public static SocketTable Read(string proc)
    {
        var t = new SocketTable();
        t.ReadInet(Path.Combine(proc, "net/tcp"), Tcp, false);
        t.ReadInet(Path.Combine(proc, "net/udp"), Udp, false);
        t.ReadInet(Path.Combine(proc, "net/raw"), Raw, false);
        t.ReadInet(Path.Combine(proc, "net/tcp6"), Tcp, true);
        t.ReadInet(Path.Combine(proc, "net/udp6"), Udp, true);
        t.ReadInet(Path.Combine(proc, "net/raw6"), Raw, true);
        t.ReadUnix(Path.Combine(proc, "net/unix"));
        t.ReadNetlink(Path.Combine(proc, "net/netlink"));
        return t;
    }

    /// <summary>The fd record for a socket inode; sockets of kinds /proc/net does not list are skipped.</summary>
    public FdRecord? Find(long fd, ulong inode) => byInode.TryGetValue(inode, out var make) ? make(fd) : null;

    static IEnumerable<string[]> Rows(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
        for (int i = 1; i < lines.Length; i++)
            yield return lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    void ReadInet(string path, byte proto, bool v6)
    {
        foreach (var f in Rows(path))
        {
            if (f.Length < 10 || !ulong.TryParse(f[9], out ulong inode) || inode == 0) continue;
            var (lip, lport) = Endpoint(f[1]);
            var (rip, rport) = Endpoint(f[2]);
            bool server = rport == 0 && rip.All(b => b == 0);
            FdKind kind = v6 ? (server ? FdKind.Ipv6ServSock : FdKind.Ipv6Sock) : (server ? FdKind.Ipv4ServSock : FdKind.Ipv4Sock);
            byInode[inode] = fd => new FdRecord
            {
                Fd = fd, Ino = inode, Kind = kind, SourceIp = lip, SourcePort = lport,
                DestIp = server ? [] : rip, DestPort = rport, L4Proto = proto,
            };
        }
    }

    /// <summary>"0100007F:1F90": the address as the kernel's 32-bit words printed in hex, then the port.</summary>
    static (byte[] Ip, ushort Port) Endpoint(string text)
    {
        int colon = text.IndexOf(':');
        string hex = text[..colon];
        var ip = new byte[hex.Length / 2];
        for (int word = 0; word < hex.Length / 8; word++)
            for (int b = 0; b < 4; b++)
                ip[word * 4 + b] = byte.Parse(hex.AsSpan(word * 8 + (3 - b) * 2, 2), NumberStyles.HexNumber);
        return (ip, ushort.Parse(text.AsSpan(colon + 1), NumberStyles.HexNumber));
    }

    void ReadUnix(string path)
    {
        foreach (var f in Rows(path))
        {
            if (f.Length < 7 || !ulong.TryParse(f[6], out ulong inode)) continue;
            ulong.TryParse(f[0].TrimEnd(':'), NumberStyles.HexNumber, null, out ulong address);
            string name = f.Length > 7 ? f[7] : "";
            byInode[inode] = fd => new FdRecord { Fd = fd, Ino = inode, Kind = FdKind.UnixSock, UnixSource = address, Name = name };
        }
    }

    void ReadNetlink(string path)
    {
        foreach (var f in Rows(path))
        {
            if (f.Length < 10 || !ulong.TryParse(f[^1], out ulong inode)) continue;
            byInode[inode] = fd => new FdRecord { Fd = fd, Ino = inode, Kind = FdKind.Netlink };
        }
    }
}
