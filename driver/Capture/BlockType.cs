namespace Sharpdig.Driver.Capture;

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

    public static bool IsEvent(uint t) => t is Event or EventInt or EventV2 or EventV2Large or EventFlags or EventFlagsV2 or EventFlagsV2Large;
    public static bool HasFlags(uint t) => t is EventFlags or EventFlagsV2 or EventFlagsV2Large;
    /// <summary>V2 event blocks carry nparams in the event header; older ones leave it to the reader.</summary>
    public static bool HasNparams(uint t) => t is EventV2 or EventV2Large or EventFlagsV2 or EventFlagsV2Large;
    public static bool IsLarge(uint t) => t is EventV2Large or EventFlagsV2Large;

    /// <summary>The process-list version 1..9 of a block type, or 0.</summary>
    public static int ProcListVersion(uint t) => t switch
    {
        ProcListV1 or ProcListV1Int => 1, ProcListV2 or ProcListV2Int => 2, ProcListV3 or ProcListV3Int => 3,
        ProcListV4 => 4, ProcListV5 => 5, ProcListV6 => 6, ProcListV7 => 7, ProcListV8 => 8, ProcListV9 => 9, _ => 0,
    };
}
