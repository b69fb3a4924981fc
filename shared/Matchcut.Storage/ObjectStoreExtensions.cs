using System.Text.Json;

namespace Matchcut.Storage;

/// <summary>JSON, bytes and files over any <see cref="IObjectStore"/>.</summary>
public static class ObjectStoreExtensions
{
    /// <summary>Web-style JSON (camelCase) used for every stored document.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task PutJsonAsync<T>(this IObjectStore store, string key, T value, CancellationToken ct = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        await store.PutBytesAsync(key, bytes, "application/json", ct);
    }

    public static async Task<T> GetJsonAsync<T>(this IObjectStore store, string key, CancellationToken ct = default)
    {
        await using var stream = await store.OpenReadAsync(key, ct);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct)
               ?? throw new InvalidDataException($"Object '{key}' holds JSON null.");
    }

    /// <summary>The document, or default when no object exists under the key.</summary>
    public static async Task<T?> TryGetJsonAsync<T>(this IObjectStore store, string key, CancellationToken ct = default)
    {
        try
        {
            return await store.GetJsonAsync<T>(key, ct);
        }
        catch (ObjectNotFoundException)
        {
            return default;
        }
    }

    public static async Task PutBytesAsync(this IObjectStore store, string key, ReadOnlyMemory<byte> bytes, string? contentType = null, CancellationToken ct = default)
    {
        await using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        await store.PutAsync(key, stream, contentType, ct);
    }

    public static async Task<byte[]> GetBytesAsync(this IObjectStore store, string key, CancellationToken ct = default)
    {
        await using var stream = await store.OpenReadAsync(key, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    public static async Task PutFileAsync(this IObjectStore store, string key, string path, string? contentType = null, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await store.PutAsync(key, file, contentType, ct);
    }

    /// <summary>Float vectors as little-endian float32, the layout every stage reads and writes.</summary>
    public static Task PutFloatsAsync(this IObjectStore store, string key, ReadOnlySpan<float> values, CancellationToken ct = default)
        => store.PutBytesAsync(key, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray(), "application/octet-stream", ct);

    public static async Task<float[]> GetFloatsAsync(this IObjectStore store, string key, CancellationToken ct = default)
    {
        var bytes = await store.GetBytesAsync(key, ct);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
