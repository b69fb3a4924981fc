using System.Runtime.InteropServices;
using Matchcut.Pipeline;
using Microsoft.Win32.SafeHandles;

namespace Matchcut.Ingest;

/// <summary>
/// Opens a path with open(2) without following a final symbolic link and without blocking (a FIFO would wait for a
/// writer), then describes what was opened: its real path (/proc/self/fd), type and size from statx(2) on the handle.
/// Checks made on the handle hold for the bytes read from it, which a check of the path by name cannot promise.
/// </summary>
internal static class NoFollowFile
{
    public sealed record Opened(SafeFileHandle Handle, string RealPath, bool IsRegular, string Kind, long Size);

    public static Opened Open(string path)
    {
        var fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | NoFollow);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new AssetRejectedException(errno switch
            {
                ENOENT or ENOTDIR => $"File not found: {path}",
                ELOOP => $"'{path}' is a symbolic link (it changed after its target was checked); nothing was read.",
                EACCES or EPERM => $"'{path}' is not readable by the ingest service.",
                _ => $"'{path}' could not be opened: {Marshal.GetPInvokeErrorMessage(errno)}.",
            });
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var stat = new byte[256];
            if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, stat) != 0)
                throw new IOException($"statx failed on '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            var mode = BitConverter.ToUInt16(stat, 28) & S_IFMT;
            var size = BitConverter.ToInt64(stat, 40);
            var real = new FileInfo($"/proc/self/fd/{fd}").LinkTarget
                ?? throw new IOException($"/proc/self/fd/{fd} does not name the file opened for '{path}'.");
            return new Opened(handle, real, mode == S_IFREG, KindOf(mode), size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string KindOf(int mode) => mode switch
    {
        S_IFREG => "a regular file",
        S_IFDIR => "a folder",
        S_IFIFO => "a FIFO (named pipe)",
        S_IFCHR => "a character device",
        S_IFBLK => "a block device",
        S_IFSOCK => "a socket",
        _ => "not a regular file",
    };

    private const int O_RDONLY = 0, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    // O_NOFOLLOW's value differs between Linux architectures (asm-generic against x86 and arm64).
    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
    private const int ENOENT = 2, EPERM = 1, EACCES = 13, ENOTDIR = 20, ELOOP = 40;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFSOCK = 0xC000;

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    // struct statx's layout is the same on every architecture: stx_mode (u16) at byte 28, stx_size (u64) at byte 40.
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
