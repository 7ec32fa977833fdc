using System.Runtime.InteropServices;

namespace Sharpdig.Driver.Live;

/// <summary>The few libbpf (Debian's libbpf1) and libc calls the live driver needs.</summary>
static unsafe partial class LibBpf
{
    const string Lib = "libbpf.so.1";

    [LibraryImport(Lib, EntryPoint = "bpf_object__open_mem")]
    public static partial nint OpenMemory(byte* buffer, nuint size, nint options);

    [LibraryImport(Lib, EntryPoint = "bpf_object__load")]
    public static partial int Load(nint obj);

    [LibraryImport(Lib, EntryPoint = "bpf_object__close")]
    public static partial void Close(nint obj);

    [LibraryImport(Lib, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindMap(nint obj, string name);

    [LibraryImport(Lib, EntryPoint = "bpf_object__find_program_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindProgram(nint obj, string name);

    [LibraryImport(Lib, EntryPoint = "bpf_map__set_max_entries")]
    public static partial int SetMaxEntries(nint map, uint entries);

    [LibraryImport(Lib, EntryPoint = "bpf_map__set_value_size")]
    public static partial int SetValueSize(nint map, uint size);

    [LibraryImport(Lib, EntryPoint = "bpf_map__initial_value")]
    public static partial void* InitialValue(nint map, nuint* size);

    [LibraryImport(Lib, EntryPoint = "bpf_map__fd")]
    public static partial int MapFd(nint map);

    [LibraryImport(Lib, EntryPoint = "bpf_program__attach")]
    public static partial nint Attach(nint program);

    [LibraryImport(Lib, EntryPoint = "bpf_link__destroy")]
    public static partial int DestroyLink(nint link);

    [LibraryImport(Lib, EntryPoint = "bpf_map_update_elem")]
    public static partial int UpdateElement(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Lib, EntryPoint = "bpf_map_lookup_elem")]
    public static partial int LookupElement(int fd, void* key, void* value);

    [LibraryImport(Lib, EntryPoint = "libbpf_set_print")]
    public static partial nint SetPrint(nint function);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, TimeSpec* time);

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    public const int ClockRealtime = 0, ClockBoottime = 7;

    public const int ProtRead = 1, ProtWrite = 2, MapShared = 1;
}
