using System.Runtime.InteropServices;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Progress measured by libz itself (the library sysdig uses), for gzip captures: how far inflate has
/// taken zlib's 8 KiB input chunks cannot be worked out from the outside, so the file is read a second
/// time through libz, with the calls libscap makes, and gzoffset() asked. (On a plain file it gives
/// what <see cref="PlainReadProgress"/> works out, which the tests check.)
/// </summary>
sealed unsafe class LibzReadProgress : ReadProgress
{
    const int SeekCurrent = 1;

    nint file;
    byte[] scratch = new byte[BufferSize];
    long offset;
    bool stale = true;      // offset must be asked again
    bool seekPending;       // zlib skips forward lazily, at the next read

    LibzReadProgress(nint file) => this.file = file;

    /// <summary>Opens the file with libz; without libz there is no progress to tell (always 0).</summary>
    public static ReadProgress Open(string path)
    {
        nint file;
        try
        {
            file = Zlib.Open(path, "rb");
        }
        catch (DllNotFoundException)
        {
            file = 0;
        }
        return file == 0 ? new PlainReadProgress(0) : new LibzReadProgress(file);
    }

    public override long Offset
    {
        get
        {
            if (stale)
            {
                offset = Zlib.Offset(file);
                stale = false;
            }
            return offset;
        }
    }

    public override void Read(int count)
    {
        if (count <= 0) return;
        // The public head of zlib's gzFile is the count of bytes it holds decompressed: a read they
        // cover touches neither the file nor the input buffer, and leaves the offset as it was.
        if (seekPending || *(uint*)file < (uint)count) stale = true;
        seekPending = false;
        if (scratch.Length < count) scratch = new byte[count];
        fixed (byte* p = scratch) Zlib.Read(file, p, (uint)count);
    }

    public override void ReadFields(long count)
    {
        for (; count > 0; count -= BufferSize - 1) Read((int)Math.Min(count, BufferSize - 1));
    }

    public override void Seek(long count)
    {
        Zlib.Seek(file, count, SeekCurrent);
        seekPending = stale = true;
    }

    public override void Dispose()
    {
        if (file != 0) Zlib.Close(file);
        file = 0;
    }
}

/// <summary>The gz calls of libz (Debian's zlib1g), the library sysdig reads captures with.</summary>
static unsafe partial class Zlib
{
    const string Lib = "libz.so.1";

    [LibraryImport(Lib, EntryPoint = "gzopen64", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Open(string path, string mode);

    [LibraryImport(Lib, EntryPoint = "gzread")]
    public static partial int Read(nint file, byte* buffer, uint length);

    [LibraryImport(Lib, EntryPoint = "gzseek64")]
    public static partial long Seek(nint file, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "gzoffset64")]
    public static partial long Offset(nint file);

    [LibraryImport(Lib, EntryPoint = "gzclose")]
    public static partial int Close(nint file);
}
