using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sharpdig.Decode;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>sysdig.*: the run as a whole — global filter, output, capture, time, state tables, UDP.</summary>
static unsafe partial class LuaApi
{
    /// <summary>sysdig.set_filter(text): replaces the global filter (the command line's).</summary>
    static int SetGlobalFilter(LuaChisel c, nint L)
    {
        var text = LuaNative.ToString(L, 1) ?? "";
        try
        {
            c.Session.SetGlobalFilter(text);
        }
        catch (Filter.FilterException e)
        {
            throw new ChiselException($"invalid filter in chisel {c.Name}: {e.Describe()}");
        }
        return 0;
    }

    /// <summary>sysdig.set_snaplen(n): only live captures have a snaplen to change.</summary>
    static int SetSnaplen(LuaChisel c, nint L) => 0;

    /// <summary>sysdig.set_output_format(name): how buffers print, unless the command line chose.</summary>
    static int SetOutputFormat(LuaChisel c, nint L)
    {
        c.Session.ChooseBufferFormat(LuaNative.ToString(L, 1), c.Name);
        return 0;
    }

    static int IsLive(LuaChisel c, nint L) => Push(L, c.Session.Settings.IsLive);

    static int IsTty(LuaChisel c, nint L) => Push(L, !Console.IsOutputRedirected);

    [StructLayout(LayoutKind.Sequential)]
    struct WindowSize
    {
        public ushort Rows, Columns, XPixels, YPixels;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int ioctl(int fd, nuint request, WindowSize* size);

    /// <summary>sysdig.get_terminal_info(): {width, height} of stdout's terminal, -1 each when it is not one.</summary>
    static int GetTerminalInfo(LuaChisel c, nint L)
    {
        const nuint TIOCGWINSZ = 0x5413;
        WindowSize size;
        bool known = ioctl(1, TIOCGWINSZ, &size) != -1;
        lua_createtable(L, 0, 2);
        lua_pushinteger(L, known ? size.Columns : -1);
        SetField(L, "width");
        lua_pushinteger(L, known ? size.Rows : -1);
        SetField(L, "height");
        return 1;
    }

    static int GetFilter(LuaChisel c, nint L) => Push(L, c.Session.GlobalFilter);

    static int GetMachineInfo(LuaChisel c, nint L)
    {
        var machine = c.Session.Inspector?.Machine
            ?? throw new ChiselException("get_machine_info can only be called from the on_capture_start callback");
        lua_createtable(L, 0, 4);
        LuaValues.PushUnsigned(L, machine.NumCpus);
        SetField(L, "num_cpus");
        LuaValues.PushUnsigned(L, machine.MemorySizeBytes);
        SetField(L, "memory_size_bytes");
        LuaValues.PushUnsigned(L, machine.MaxPid);
        SetField(L, "max_pid");
        PushString(L, machine.Hostname);
        SetField(L, "hostname");
        return 1;
    }

    static int GetThreadTable(LuaChisel c, nint L) => LuaStateTables.Threads(c, L, fds: true, barebone: false);
    static int GetThreadTableNoFds(LuaChisel c, nint L) => LuaStateTables.Threads(c, L, fds: false, barebone: false);
    static int GetThreadTableBarebone(LuaChisel c, nint L) => LuaStateTables.Threads(c, L, fds: true, barebone: true);
    static int GetThreadTableBareboneNoFds(LuaChisel c, nint L) => LuaStateTables.Threads(c, L, fds: false, barebone: true);
    static int GetContainerTable(LuaChisel c, nint L) => LuaStateTables.Containers(c, L);

    static int IsPrintContainerData(LuaChisel c, nint L) => Push(L, c.Session.Settings.PrintContainer);

    static int GetOutputFormat(LuaChisel c, nint L) => Push(L, c.Session.IsJson ? "json" : "normal");

    static int GetEventSourceName(LuaChisel c, nint L) => Push(L, c.Session.EventSourceName);

    static int GetFirstEventTs(LuaChisel c, nint L) => Push(L, (c.Session.Inspector?.FirstEventTs ?? 0).ToString(CultureInfo.InvariantCulture));

    static int GetLastEventTs(LuaChisel c, nint L) => Push(L, (c.Session.Inspector?.LastEventTs ?? 0).ToString(CultureInfo.InvariantCulture));

    /// <summary>sysdig.make_ts(s, ns): a timestamp in ns, as a string (Lua numbers cannot hold it exactly).</summary>
    static int MakeTs(LuaChisel c, nint L)
    {
        ulong ts = (uint)ToInteger(L, 1) * 1_000_000_000UL + (uint)ToInteger(L, 2);
        return Push(L, ts.ToString(CultureInfo.InvariantCulture));
    }

    static int AddTs(LuaChisel c, nint L) => Push(L, (ParseTs(L, 1) + ParseTs(L, 2)).ToString(CultureInfo.InvariantCulture));

    static int SubtractTs(LuaChisel c, nint L) => Push(L, (ParseTs(L, 1) - ParseTs(L, 2)).ToString(CultureInfo.InvariantCulture));

    static ulong ParseTs(nint L, int idx)
    {
        var text = LuaValues.Text(L, idx);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v
            : throw new ChiselException($"can't convert {text} to a number");
    }

    /// <summary>sysdig.run_app(args): once this run ends, sharpdig runs again with these arguments.</summary>
    static int RunApp(LuaChisel c, nint L)
    {
        c.NextRunArguments = LuaNative.ToString(L, 1) ?? "";
        return 0;
    }

    static int EndCapture(LuaChisel c, nint L)
    {
        c.EndCaptureRequested = true;
        return 0;
    }

    /// <summary>sysdig.log(message, severity): shown on stderr with -D, as sinsp's logger does.</summary>
    static int Log(LuaChisel c, nint L)
    {
        if (c.Session.Settings.Debug) Console.Error.WriteLine(LuaNative.ToString(L, 1));
        return 0;
    }

    /// <summary>sysdig.udp_setpeername(ip, port): where udp_send sends.</summary>
    static int UdpSetPeerName(LuaChisel c, nint L)
    {
        var address = LuaNative.ToString(L, 1) ?? "";
        var port = LuaValues.Text(L, 2);
        if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            throw new ChiselException("inet_pton error occurred");
        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out ushort p))
            throw new ChiselException($"can't convert {port} to a port number");
        c.UdpPeer?.Dispose();
        c.UdpPeer = new UdpPeer(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp), new IPEndPoint(ip, p));
        return 0;
    }

    static int UdpSend(LuaChisel c, nint L)
    {
        var message = ToBytes(L, 1, out _);
        try
        {
            if (c.UdpPeer is not { } peer) throw new SocketException((int)SocketError.NotConnected);
            peer.Socket.SendTo(message, peer.EndPoint);
        }
        catch (SocketException)
        {
            throw new ChiselException("udp_send error: cannot send the buffer: ");
        }
        return 0;
    }

    /// <summary>sysdig.get_read_progress(): how much of the capture file has been read, in percent.</summary>
    static int GetReadProgress(LuaChisel c, nint L)
    {
        lua_pushnumber(L, c.Session.Inspector?.ReadPercent ?? 0);
        return 1;
    }
}

/// <summary>The socket and address of sysdig.udp_setpeername.</summary>
sealed record UdpPeer(Socket Socket, IPEndPoint EndPoint) : IDisposable
{
    public void Dispose() => Socket.Dispose();
}
