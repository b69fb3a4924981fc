using System.Text;

namespace Matchcut.Media;

/// <summary>
/// Names what a file refused by the demuxer allowlist is, from its first bytes, so the rejection says "an HLS playlist"
/// rather than only that the format is not allowed. It refuses nothing itself: ffmpeg's allowlist does.
/// </summary>
public static class ContainerSniffer
{
    public static string? Describe(string path)
    {
        Span<byte> head = stackalloc byte[512];
        int n;
        try
        {
            using var file = System.IO.File.OpenRead(path);
            n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException)
        {
            return null;
        }
        return Describe(head[..n]);
    }

    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        var text = Encoding.ASCII.GetString(head).TrimStart();
        if (text.StartsWith("#EXTM3U", StringComparison.Ordinal)) return "an HLS playlist (.m3u8)";
        if (text.StartsWith("ffconcat", StringComparison.Ordinal) || text.StartsWith("file ", StringComparison.Ordinal)) return "an ffmpeg concat list";
        if (text.StartsWith("#EXTINF", StringComparison.Ordinal) || text.StartsWith("[playlist]", StringComparison.OrdinalIgnoreCase)) return "a playlist";
        if (text.StartsWith("<?xml", StringComparison.Ordinal) && text.Contains("<MPD", StringComparison.Ordinal)) return "a DASH manifest";
        if (text.StartsWith("v=0", StringComparison.Ordinal)) return "an SDP session description";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "a JPEG image";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])) return "a PNG image";
        if (head.StartsWith("GIF8"u8)) return "a GIF image";
        if (head.StartsWith("BM"u8)) return "a BMP image";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "a WebP image";
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return "a TIFF image";
        return null;
    }
}
