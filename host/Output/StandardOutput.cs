using System.Runtime.InteropServices;

namespace Sharpdig.Output;

/// <summary>
/// Standard output written with write(2). Console's stream swallows EPIPE; this one raises it, so that
/// `sharpdig ... | head` stops when head exits instead of reading the rest of the capture. (A FileStream
/// would not do: it writes regular files at its own offset, over what was written before it.)
/// </summary>
sealed partial class StandardOutput : Stream
{
    const int StdoutFd = 1, EINTR = 4;

    public static Stream Open() => new StandardOutput();

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            nint n = WriteFd(StdoutFd, data);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                throw new IOException($"write to standard output failed (errno {errno})");
            }
            data = data[(int)n..];
        }
    }

    static unsafe nint WriteFd(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) return write(fd, p, (nuint)data.Length);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nuint count);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
