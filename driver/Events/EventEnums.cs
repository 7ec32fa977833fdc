namespace Sharpdig.Driver.Events;

/// <summary>Parameter types of the falcosecurity event table (ppm_param_type), in its numbering.</summary>
public enum ParamType : byte
{
    None, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, CharBuf, ByteBuf, Errno, SockAddr, SockTuple,
    Fd, Pid, FdList, FsPath, SyscallId, SigType, RelTime, AbsTime, Port, L4Proto, SockFamily, Bool, Ipv4Addr,
    Dynamic, Flags8, Flags16, Flags32, Uid, Gid, Double, SigSet, CharBufArray, CharBufPairArray, Ipv4Net,
    Ipv6Addr, Ipv6Net, IpAddr, IpNet, Mode, FsRelPath,
}

/// <summary>How a numeric parameter is printed (ppm_print_format).</summary>
public enum PrintFormat : byte { NA, Dec, Hex, PaddedDec, Id, Dir, Oct }

/// <summary>Event categories (ppm_event_category); the I/O values share the 0x20 base bit.</summary>
[Flags]
public enum EventCategory : uint
{
    Unknown = 0, Other = 1, File = 2, Net = 3, Ipc = 4, Memory = 5, Process = 6, Sleep = 7, System = 8,
    Signal = 9, User = 10, Time = 11, Processing = 12, IoBase = 32, IoRead = 32, IoWrite = 33, IoOther = 34,
    Wait = 64, Scheduler = 128, Internal = 256,
}

/// <summary>Event flags (ppm_event_flags).</summary>
[Flags]
public enum EventFlags : uint
{
    None = 0, CreatesFd = 1, DestroysFd = 2, UsesFd = 4, ReadsFromFd = 8, WritesToFd = 16, ModifiesState = 32,
    Unused = 64, Waits = 128, SkipParseReset = 256, OldVersion = 512, DropSimpleCons = 1024, LargePayload = 2048,
}
