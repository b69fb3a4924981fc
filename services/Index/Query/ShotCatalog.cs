using System.Collections.Concurrent;
using System.Text.Json;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Index.Query;

/// <summary>Reads shots, with optional per-shot tags and scale, from the stored shot lists; a list is immutable per asset and stage version, so it is cached.</summary>
public sealed class ShotCatalog(IObjectStore store, AssetCatalog catalog)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ShotView>> _shots = new(StringComparer.Ordinal);

    /// <summary>The asset's shots, or null when it has none stored.</summary>
    public async Task<IReadOnlyList<ShotView>?> ShotsOfAssetAsync(string assetId, string? titleId, CancellationToken ct)
    {
        if (_shots.TryGetValue(assetId, out var cached)) return cached;
        var key = AssetKeys.Shots(assetId);
        if (!await store.ExistsAsync(key, ct)) return null;
        var bytes = await store.GetBytesAsync(key, ct);
        using var doc = JsonDocument.Parse(bytes);
        var list = JsonSerializer.Deserialize<ShotList>(bytes, ObjectStoreExtensions.Json)!;
        var raw = doc.RootElement.GetProperty("shots").EnumerateArray().ToList();
        titleId ??= (await catalog.TitlesOfAssetAsync(assetId, ct)).FirstOrDefault()?.TitleId;
        var views = list.Shots.Select((s, i) => ShotView.From(s, assetId, titleId, Tags(raw[i]), Scale(raw[i]))).ToList();
        return _shots[assetId] = views;
    }

    public async Task<ShotView?> ShotAsync(string shotId, CancellationToken ct)
    {
        if (!ShotIds.TryParse(shotId, out var assetId, out var index) || !SafeId.IsValid(assetId)) return null;
        var shots = await ShotsOfAssetAsync(assetId, null, ct);
        return shots is not null && index < shots.Count ? shots[index] : null;
    }

    /// <summary>The title's most recently landed asset that has scored matches, or null.</summary>
    public async Task<string?> ScoredAssetOfTitleAsync(string titleId, CancellationToken ct)
    {
        var assets = await catalog.AssetsOfTitleAsync(titleId, ct);
        foreach (var a in assets.Reverse())
        {
            if (await store.ExistsAsync(AssetKeys.Matches(a.AssetId), ct)) return a.AssetId;
        }
        return null;
    }

    /// <summary>Every title with at least one landed asset.</summary>
    public async Task<IReadOnlyList<string>> TitlesAsync(CancellationToken ct)
    {
        var titles = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            var parts = key.Split('/');
            if (parts.Length == 3 && parts[2].EndsWith(".json", StringComparison.Ordinal)) titles.Add(parts[1]);
        }
        return titles.ToList();
    }

    // Tags and scale arrive in the shot documents later; until then a shot has none.
    private static IReadOnlyList<string> Tags(JsonElement shot) =>
        shot.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(Label).Where(s => s is not null).Select(s => s!).ToList()
            : [];

    private static string? Scale(JsonElement shot) =>
        shot.TryGetProperty("scale", out var s) ? Label(s) : null;

    // A tag or scale may be a plain string or an object with a name/label.
    private static string? Label(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Object when e.TryGetProperty("name", out var n) => n.GetString(),
        JsonValueKind.Object when e.TryGetProperty("label", out var l) => l.GetString(),
        _ => null,
    };
}

/// <summary>A shot as the API shows it, with links to its pictures and clip.</summary>
public sealed record ShotView(
    string ShotId, string? TitleId, string AssetId, int Index, double StartSec, double EndSec,
    IReadOnlyList<string> Tags, string? Scale, ShotLinks Links)
{
    internal string KeyframeKey { get; init; } = "";
    internal string FirstFrameKey { get; init; } = "";
    internal string LastFrameKey { get; init; } = "";
    internal string ClipKey { get; init; } = "";

    public static ShotView From(ShotRecord s, string assetId, string? titleId, IReadOnlyList<string> tags, string? scale)
    {
        var id = ShotIds.Of(assetId, s.Index);
        return new ShotView(id, titleId, assetId, s.Index, s.StartSec, s.EndSec, tags, scale, ShotLinks.Of(id))
        {
            KeyframeKey = s.KeyframeKey, FirstFrameKey = s.FirstFrameKey, LastFrameKey = s.LastFrameKey, ClipKey = s.ClipKey,
        };
    }
}

/// <summary>API paths of a shot's media.</summary>
public sealed record ShotLinks(string Keyframe, string FirstFrame, string LastFrame, string Clip)
{
    public static ShotLinks Of(string shotId)
    {
        var b = $"{QueryApi.Prefix}/shots/{Uri.EscapeDataString(shotId)}";
        return new ShotLinks($"{b}/keyframe", $"{b}/first-frame", $"{b}/last-frame", $"{b}/clip");
    }
}
