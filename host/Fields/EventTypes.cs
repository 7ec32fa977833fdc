namespace Sharpdig.Fields;

/// <summary>Event type ids (PPME_*) that fields single out; exit ids are enter ids + 1.</summary>
static class EventTypes
{
    public const ushort GenericE = 0, GenericX = 1, OpenE = 2, OpenX = 3, SocketE = 18, ConnectX = 23, AcceptE = 26,
        AcceptX = 27, Accept4E = 56, Accept4X = 57, CreatE = 58, CreatX = 59, PipeE = 60, EventFdE = 62, PollE = 80,
        PollX = 81, OpenAtE = 102, OpenAtX = 103, LinkAtE = 106, UnlinkAtE = 110, SignalFdE = 126, TimerFdCreateE = 136,
        InotifyInitE = 138, SchedSwitch1E = 146, SchedSwitch6E = 152, RenameAtX = 177, SymlinkAtX = 181,
        ProcInfoE = 234, Accept5E = 246, Accept5X = 247, Accept45E = 248, Accept45X = 249, PpollE = 254, PpollX = 255,
        TracerE = 268, TracerX = 269, ContainerJsonE = 272, InfraE = 286, UnlinkAt2X = 303, MkdirAtX = 305,
        OpenAt2E = 306, OpenAt2X = 307, LinkAt2X = 311, OpenAt2SyscallE = 326, OpenAt2SyscallX = 327;

    public static bool IsAccept(ushort type) => type is AcceptX or Accept4X or Accept5X or Accept45X;
}
