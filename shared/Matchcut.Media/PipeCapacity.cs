using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Matchcut.Media;

/// <summary>
/// Room in the pipe a tool writes its frames to. Linux gives a pipe 64 KiB, about two 128 px RGB frames: whenever the
/// reader is not scheduled at once, ffmpeg's single filter-and-mux thread blocks on the write and the whole decode
/// (and an encode sharing it) stalls with it. A larger pipe lets ffmpeg run ahead while the reader catches up in bulk.
/// Only the buffering changes, never a byte that passes through, so where the system refuses (another OS, a lower
/// <c>/proc/sys/fs/pipe-max-size</c>) the pipe keeps its size and everything works as before, only with more stalls.
/// </summary>
internal static class PipeCapacity
{
    /// <summary>1 MiB, Linux's default ceiling for an unprivileged process: about 37 analysis frames of 128 x 72 RGB.</summary>
    public const int Preferred = 1 << 20;

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    /// <summary>Asks for <paramref name="bytes"/> of room in the pipe behind <paramref name="stream"/>; returns the size set, or null where none was.</summary>
    public static int? TryEnlarge(Stream stream, int bytes)
    {
        if (!OperatingSystem.IsLinux() || stream is not PipeStream pipe) return null;
        var size = Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, bytes);
        return size > 0 ? size : null;
    }

    // fcntl is variadic in C; with integer arguments only, Linux's calling conventions pass them as for a fixed signature.
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);
}
