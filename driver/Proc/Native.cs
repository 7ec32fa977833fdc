using System.Runtime.InteropServices;

namespace Sharpdig.Driver.Proc;

/// <summary>stat(2), for the inode and device of fds (x86-64 glibc layout).</summary>
static partial class Native
{
    [StructLayout(LayoutKind.Sequential)]
    public struct StatBuffer
    {
        public ulong Dev, Ino, Nlink;
        public uint Mode, Uid, Gid, Pad;
        public ulong Rdev;
        public long Size, BlockSize, Blocks;
        public long AccessSec, AccessNsec, ModifySec, ModifyNsec, ChangeSec, ChangeNsec;
        public long Reserved1, Reserved2, Reserved3;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Stat(string path, out StatBuffer buffer);
}
