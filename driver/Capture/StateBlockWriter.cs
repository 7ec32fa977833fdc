using System.Text;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Serializes a <see cref="SystemSnapshot"/> as the state blocks a capture starts with, in the block
/// versions sysdig 0.29.3 reads back: MI, IL v2, UL v2, PL v9 (ending at loginuid, the last field its
/// reader knows, so no newer layout is misread), and one FDL v2 per thread with fds.
/// </summary>
static class StateBlockWriter
{
    const int MaxPath = 1023, MaxArgs = 4096, MaxCredential = 255;

    public static void Write(SystemSnapshot s, BlockWriter b, Action<ReadOnlySpan<byte>> emit)
    {
        MachineInfo(s.Machine, b); emit(b.Block);
        Interfaces(s.Interfaces, b); emit(b.Block);
        Users(s, b); emit(b.Block);
        Processes(s.Threads, b); emit(b.Block);
        foreach (var t in s.Threads)
        {
            if (t.Fds.Count == 0) continue;
            Fds(t, b);
            emit(b.Block);
        }
    }

    public static void SectionHeader(BlockWriter b)
    {
        b.Begin(BlockType.SectionHeader);
        b.U32(BlockType.SectionMagic);
        b.U16(1);                       // major
        b.U16(2);                       // minor
        b.U64(ulong.MaxValue);          // section length: unknown
        b.End();
    }

    static void MachineInfo(MachineInfo? m, BlockWriter b)
    {
        b.Begin(BlockType.MachineInfo);
        b.U32(m?.NumCpus ?? 0);
        b.U64(m?.MemorySizeBytes ?? 0);
        b.U64(m?.MaxPid ?? 0);
        Span<byte> host = stackalloc byte[128];
        host.Clear();
        if (m != null)
        {
            var name = Encoding.UTF8.GetBytes(m.Hostname);
            name.AsSpan(0, Math.Min(name.Length, 127)).CopyTo(host);
        }
        b.Bytes(host);
        b.Zeros(4 * 8);                 // reserved words
        b.End();
    }

    static void Interfaces(List<InterfaceRecord> list, BlockWriter b)
    {
        b.Begin(BlockType.InterfaceListV2);
        foreach (var i in list)
        {
            int lengthAt = b.Reserve32();
            int start = b.Position;
            var name = Encoding.UTF8.GetBytes(i.Name);
            int nameLength = Math.Min(name.Length, MaxPath);
            b.U16(i.Type);
            b.U16((ushort)nameLength);
            b.Bytes(i.Address);
            b.Bytes(i.Netmask);
            b.Bytes(i.Broadcast);
            if (i.Type is 1 or 2) b.U64(i.LinkSpeed);
            b.Bytes(name.AsSpan(0, nameLength));
            b.Patch32(lengthAt, (uint)(b.Position - start));   // IL v2 lengths exclude their own field
        }
        b.End();
    }

    static void Users(SystemSnapshot s, BlockWriter b)
    {
        b.Begin(BlockType.UserListV2);
        foreach (var u in s.Users)
        {
            int start = b.Reserve32();
            b.U8(0);
            b.U32(u.Uid);
            b.U32(u.Gid);
            b.String16(u.Name, MaxCredential);
            b.String16(u.HomeDir, MaxCredential);
            b.String16(u.Shell, MaxCredential);
            b.Patch32(start, (uint)(b.Position - start));
        }
        foreach (var g in s.Groups)
        {
            int start = b.Reserve32();
            b.U8(1);
            b.U32(g.Gid);
            b.String16(g.Name, MaxCredential);
            b.Patch32(start, (uint)(b.Position - start));
        }
        b.End();
    }

    static void Processes(List<ThreadRecord> threads, BlockWriter b)
    {
        b.Begin(BlockType.ProcListV9);
        foreach (var t in threads)
        {
            int start = b.Reserve32();
            b.I64(t.Tid); b.I64(t.Pid); b.I64(t.Ptid); b.I64(t.Sid); b.I64(t.Vpgid);
            b.String16(t.Comm, MaxPath);
            b.String16(t.Exe, MaxPath);
            b.String16(t.ExePath, MaxPath);
            b.Bytes16(Cap(t.Args, MaxArgs));
            b.String16(t.Cwd, MaxPath);
            b.U64(t.FdLimit);
            b.U32(t.Flags); b.U32(t.Uid); b.U32(t.Gid);
            b.U32(t.VmSizeKb); b.U32(t.VmRssKb); b.U32(t.VmSwapKb);
            b.U64(t.PfMajor); b.U64(t.PfMinor);
            b.Bytes16(Cap(t.Env, MaxArgs));
            b.I64(t.Vtid); b.I64(t.Vpid);
            b.Bytes16(Cap(t.Cgroups, MaxArgs));
            b.String16(t.Root, MaxPath);
            b.U32(t.LoginUid);
            b.Patch32(start, (uint)(b.Position - start));
        }
        b.End();
    }

    static ReadOnlySpan<byte> Cap(byte[] bytes, int max) => bytes.AsSpan(0, Math.Min(bytes.Length, max));

    static void Fds(ThreadRecord t, BlockWriter b)
    {
        b.Begin(BlockType.FdListV2);
        b.I64(t.Tid);
        foreach (var fd in t.Fds)
        {
            int start = b.Reserve32();
            b.I64(fd.Fd);
            b.U64(fd.Ino);
            // sysdig 0.29.3 refuses fd types past FILE_V2 (bpf, userfaultfd, io_uring, memfd, pidfd): they go as unsupported.
            var kind = fd.Kind > FdKind.FileV2 && fd.Kind != FdKind.Uninitialized ? FdKind.Unsupported : fd.Kind;
            b.U8((byte)kind);
            switch (kind)
            {
                case FdKind.Ipv4Sock:
                    b.Bytes(Ip(fd.SourceIp, 4)); b.Bytes(Ip(fd.DestIp, 4));
                    b.U16(fd.SourcePort); b.U16(fd.DestPort); b.U8(fd.L4Proto);
                    break;
                case FdKind.Ipv4ServSock:
                    b.Bytes(Ip(fd.SourceIp, 4)); b.U16(fd.SourcePort); b.U8(fd.L4Proto);
                    break;
                case FdKind.Ipv6Sock:
                    b.Bytes(Ip(fd.SourceIp, 16)); b.Bytes(Ip(fd.DestIp, 16));
                    b.U16(fd.SourcePort); b.U16(fd.DestPort); b.U8(fd.L4Proto);
                    break;
                case FdKind.Ipv6ServSock:
                    b.Bytes(Ip(fd.SourceIp, 16)); b.U16(fd.SourcePort); b.U8(fd.L4Proto);
                    break;
                case FdKind.UnixSock:
                    b.U64(fd.UnixSource); b.U64(fd.UnixDest);
                    b.String16(fd.Name, MaxPath - 1);
                    break;
                case FdKind.FileV2:
                    b.U32(fd.OpenFlags);
                    b.String16(fd.Name, MaxPath - 1);
                    b.U32(fd.Dev);
                    break;
                case FdKind.Unknown:
                    break;
                default:
                    b.String16(fd.Name, MaxPath - 1);
                    break;
            }
            b.Patch32(start, (uint)(b.Position - start));
        }
        b.End();
    }

    static ReadOnlySpan<byte> Ip(byte[] ip, int size) => ip.Length == size ? ip : new byte[size];
}
