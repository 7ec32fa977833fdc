using System.Buffers.Binary;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>
/// The machine's network interfaces, as the capture lists them. sysdig uses them to complete
/// half-known socket tuples and to tell local from remote addresses.
/// </summary>
public sealed class Interfaces
{
    /// <summary>127.0.0.1 as stored (network order read little-endian).</summary>
    const uint Loopback = 0x0100007f;
    static readonly byte[] Ipv6Loopback = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    public readonly List<(string Name, uint Address, uint Netmask, uint Broadcast)> Ipv4 = new();
    /// <summary>IPv6 interfaces: sysdig keeps only the address (its first 64 bits are the network).</summary>
    public readonly List<(string Name, byte[] Address)> Ipv6 = new();

    public void Load(IEnumerable<InterfaceRecord> records)
    {
        foreach (var r in records)
        {
            if (r.IsIpv6) Ipv6.Add((r.Name, r.Address));
            else Ipv4.Add((r.Name, Read(r.Address), Read(r.Netmask), Read(r.Broadcast)));
        }
    }

    /// <summary>
    /// Whether an address is this machine's as the thread sees it (sinsp's is_ipv4/6addr_in_local_machine):
    /// an interface address on the host, the container's own address (or any known container's) inside one.
    /// IPv6 is compared by its /64 and never local inside a container.
    /// </summary>
    public bool IsLocal(ContainerTable containers, ReadOnlySpan<byte> ip, ThreadInfo t)
    {
        if (ip.Length == 16)
        {
            if (t.ContainerId.Length > 0) return false;
            foreach (var i in Ipv6)
                if (SameSubnet(i.Address, ip)) return true;
            return false;
        }
        if (ip.Length != 4) return false;
        uint address = BinaryPrimitives.ReadUInt32LittleEndian(ip);
        if (t.ContainerId.Length > 0 && containers.Find(t.ContainerId) is { } c)
        {
            if (c.Ip != 0)
            {
                if (c.Ip == address) return true;
            }
            else
            {
                foreach (var other in containers.All)
                    if (other.Ip == address) return true;
            }
        }
        foreach (var i in Ipv4)
            if (i.Address == address) return true;
        return false;
    }

    static uint Read(byte[] a) => a.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(a) : 0;

    /// <summary>The local address that talks to <paramref name="peer"/>: the same address, one in its subnet, else the first non-loopback.</summary>
    public uint InferIpv4(uint peer)
    {
        foreach (var i in Ipv4) if (i.Address == peer) return i.Address;
        foreach (var i in Ipv4) if ((i.Address & i.Netmask) == (peer & i.Netmask)) return i.Address;
        foreach (var i in Ipv4) if (i.Address != Loopback) return i.Address;
        return 0;
    }

    /// <summary>As <see cref="InferIpv4"/>, for IPv6 (all zero when nothing fits).</summary>
    public ReadOnlySpan<byte> InferIpv6(ReadOnlySpan<byte> peer)
    {
        foreach (var i in Ipv6) if (peer.SequenceEqual(i.Address)) return i.Address;
        foreach (var i in Ipv6) if (SameSubnet(i.Address, peer)) return i.Address;
        foreach (var i in Ipv6) if (!i.Address.AsSpan().SequenceEqual(Ipv6Loopback)) return i.Address;
        return new byte[16];
    }

    static bool SameSubnet(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a[..8].SequenceEqual(b[..8]);

    /// <summary>Fills in the unknown end of a socket tuple from the interfaces (sinsp's update_fd).</summary>
    public void CompleteTuple(FdInfo fd)
    {
        if (fd.Kind == FdKind.Ipv4Sock)
        {
            uint sip = fd.Ipv4Sip, dip = fd.Ipv4Dip;
            if (sip != 0 && dip != 0) return;
            if (sip == 0)
            {
                uint address = InferIpv4(dip);
                if (address == dip && fd.Ipv4Sport == fd.Ipv4Dport) return;
                fd.Ipv4Sip = address;
            }
            else
            {
                uint address = InferIpv4(sip);
                if (address == sip && fd.Ipv4Sport == fd.Ipv4Dport) return;
                fd.Ipv4Dip = address;
            }
        }
        else if (fd.Kind == FdKind.Ipv6Sock)
        {
            bool noSource = IsZero(fd.Ipv6Sip), noDest = IsZero(fd.Ipv6Dip);
            if (!noSource && !noDest) return;
            if (noSource)
            {
                var address = InferIpv6(fd.Ipv6Dip);
                if (address.SequenceEqual(fd.Ipv6Dip) && fd.Ipv6Sport == fd.Ipv6Dport) return;
                fd.SetIpv6Sip(address);
            }
            else
            {
                var address = InferIpv6(fd.Ipv6Sip);
                if (address.SequenceEqual(fd.Ipv6Sip) && fd.Ipv6Sport == fd.Ipv6Dport) return;
                fd.SetIpv6Dip(address);
            }
        }
    }

    static bool IsZero(ReadOnlySpan<byte> a) => a.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Whether an IPv4 address belongs to a private range or to a local interface's subnet.</summary>
    public bool IsIpv4InSubnet(uint address)
    {
        if ((address & 0xff) == 0x0a || (address & 0xffff) == 0xa8c0 || (address & 0x3fff) == 0x10ac) return true;
        foreach (var i in Ipv4) if ((i.Address & i.Netmask) == (address & i.Netmask)) return true;
        return false;
    }

    /// <summary>Whether an IPv4 address is this machine's (or, for a thread in a container, the container's).</summary>
    public bool IsIpv4Local(uint address, ThreadInfo thread, ContainerTable containers)
    {
        if (thread.ContainerId.Length != 0 && containers.Find(thread.ContainerId) is { } container)
        {
            if (container.Ip != 0)
            {
                if (address == BinaryPrimitives.ReverseEndianness(container.Ip)) return true;
            }
            else
            {
                foreach (var other in containers.All)
                    if (BinaryPrimitives.ReverseEndianness(other.Ip) == address) return true;
            }
        }
        foreach (var i in Ipv4) if (i.Address == address) return true;
        return false;
    }

    /// <summary>Whether an IPv6 address is in a local interface's network (never, for threads in containers).</summary>
    public bool IsIpv6Local(ReadOnlySpan<byte> address, ThreadInfo thread)
    {
        if (thread.ContainerId.Length != 0) return false;
        foreach (var i in Ipv6) if (SameSubnet(address, i.Address)) return true;
        return false;
    }
}
