using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Matchcut.Encoders.Frames;

/// <summary>SHA-256 of model files (hex), computed once per file version (path, size, write time) in a process.</summary>
public static class ModelFileHash
{
    private static readonly ConcurrentDictionary<(string, long, DateTime), string> Cache = new();

    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        return Cache.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
