using System.Security.Cryptography;
using System.Text;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Qdrant ids must be integers or UUIDs: a shot id maps to a name-based UUID (RFC 4122 version 5), the same in every process.</summary>
public static class QdrantPointIds
{
    // Fixed namespace so the mapping never changes between deployments.
    private static readonly Guid Namespace = new("6f1d4a52-6b7e-4c1b-9a53-3a7c2f0d9e10");

    /// <summary>The UUID Qdrant stores the shot under.</summary>
    public static Guid Of(string shotId)
    {
        Span<byte> name = new byte[16 + Encoding.UTF8.GetByteCount(shotId)];
        Namespace.TryWriteBytes(name, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(shotId, name[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The id as Qdrant writes it in JSON.</summary>
    public static string Text(string shotId) => Of(shotId).ToString("D");
}
