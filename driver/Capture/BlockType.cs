namespace Sharpdig.Driver.Capture;

/// <summary>What an event block's type says about its event.</summary>
[Flags]
enum EventLayout
{
    None = 0,
    Event = 1,
    /// <summary>32 bits of dump flags follow the cpu id.</summary>
    Flags = 2,
    /// <summary>The event header carries nparams (V2 blocks); older blocks leave it to the reader.</summary>
    Nparams = 4,
    /// <summary>Parameter lengths are 32-bit.</summary>
    Large = 8,
}

/// <summary>Block types of the scap capture format, including the pre-release (_INT) numbers old files use.</summary>
static class BlockType
{
    public const uint SectionHeader = 0x0A0D0D0A;
    public const uint SectionMagic = 0x1A2B3C4D;
    public const uint MachineInfo = 0x201, MachineInfoInt = 0x8002ABCD;
    public const uint ProcListV1 = 0x202, ProcListV1Int = 0x8000ABCD, ProcListV2 = 0x207, ProcListV2Int = 0x8013ABCD,
        ProcListV3 = 0x209, ProcListV3Int = 0x8014ABCD, ProcListV4 = 0x210, ProcListV5 = 0x211, ProcListV6 = 0x212,
        ProcListV7 = 0x213, ProcListV8 = 0x214, ProcListV9 = 0x215;
    public const uint FdList = 0x203, FdListInt = 0x8001ABCD, FdListV2 = 0x218;
    public const uint Event = 0x204, EventInt = 0x8010ABCD, EventV2 = 0x216, EventV2Large = 0x221;
    public const uint EventFlags = 0x208, EventFlagsV2 = 0x217, EventFlagsV2Large = 0x222;
    public const uint InterfaceList = 0x205, InterfaceListInt = 0x8011ABCD, InterfaceListV2 = 0x219;
    public const uint UserList = 0x206, UserListInt = 0x8012ABCD, UserListV2 = 0x220;

    /// <summary>How an event block lays out its event; <see cref="EventLayout.None"/> for other blocks.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static EventLayout Layout(uint t) => t switch
    {
        Event or EventInt => EventLayout.Event,
        EventV2 => EventLayout.Event | EventLayout.Nparams,
        EventV2Large => EventLayout.Event | EventLayout.Nparams | EventLayout.Large,
        EventFlags => EventLayout.Event | EventLayout.Flags,
        EventFlagsV2 => EventLayout.Event | EventLayout.Flags | EventLayout.Nparams,
        EventFlagsV2Large => EventLayout.Event | EventLayout.Flags | EventLayout.Nparams | EventLayout.Large,
        _ => EventLayout.None,
    };

    public static bool IsEvent(uint t) => Layout(t) != EventLayout.None;

    /// <summary>The process-list version 1..9 of a block type, or 0.</summary>
    public static int ProcListVersion(uint t) => t switch
    {
        ProcListV1 or ProcListV1Int => 1, ProcListV2 or ProcListV2Int => 2, ProcListV3 or ProcListV3Int => 3,
        ProcListV4 => 4, ProcListV5 => 5, ProcListV6 => 6, ProcListV7 => 7, ProcListV8 => 8, ProcListV9 => 9, _ => 0,
    };
}
