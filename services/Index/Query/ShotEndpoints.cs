using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Reports.CrossTitle;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>Shots: nearest neighbours, search by tag and scale, and their pictures and clips streamed from the store.</summary>
public static class ShotEndpoints
{
    public static void MapShotEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/shots/{shotId}", async (string shotId, ShotCatalog shots, CancellationToken ct) =>
            await shots.ShotAsync(shotId, ct) is { } s ? Results.Ok(s) : ApiProblems.NotFound($"Shot '{shotId}' is not known.")).WithName("GetShot");
        api.MapGet("/shots/{shotId}/similar", SimilarAsync).WithName("GetSimilarShots").Limited(QueryLimits.Search);
        api.MapGet("/shots", SearchAsync).WithName("SearchShots").Limited(QueryLimits.Listing);
        api.MapGet("/shots/{shotId}/keyframe", (string shotId, ShotCatalog s, IObjectStore o, CancellationToken ct) => MediaAsync(shotId, v => v.KeyframeKey, "image/jpeg", s, o, ct));
        api.MapGet("/shots/{shotId}/first-frame", (string shotId, ShotCatalog s, IObjectStore o, CancellationToken ct) => MediaAsync(shotId, v => v.FirstFrameKey, "image/jpeg", s, o, ct));
        api.MapGet("/shots/{shotId}/last-frame", (string shotId, ShotCatalog s, IObjectStore o, CancellationToken ct) => MediaAsync(shotId, v => v.LastFrameKey, "image/jpeg", s, o, ct));
        api.MapGet("/shots/{shotId}/clip", ClipAsync);
    }

    // Silhouettes: the coarse mask vector finds candidates (CandidateFactor x k), the full masks' IoU scores and ranks them.
    private static async Task<IResult> SimilarAsync(string shotId, string? flavour, int? k, string? titles, bool? excludeSameTitle,
        ShotCatalog shots, IVectorIndex index, SilhouetteMasks masks, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (ApiProblems.CheckFlavour(ref flavour) is { } badFlavour) return badFlavour;
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var only = SplitTitles(titles);
        if (only?.Any(t => !MessageFields.IsSafeId(t)) == true) return ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated.");
        if (await shots.ShotAsync(shotId, ct) is null) return ApiProblems.NotFound($"Shot '{shotId}' is not known.");
        var point = await index.GetAsync(shotId, ct);
        if (point is null) return ApiProblems.NotFound($"Shot '{shotId}' is not indexed (dropped by dedup, or its asset is still in the pipeline).");
        if (!point.Vectors.TryGetValue(flavour, out var vector))
            return ApiProblems.NotFound($"Shot '{shotId}' has no '{flavour}' vector; indexed flavours: {string.Join(", ", point.Vectors.Keys)}.");
        var silhouette = flavour == Flavours.Silhouette;
        var hits = await index.SearchAsync(new VectorQuery(flavour, vector, silhouette ? top * SilhouetteMasks.CandidateFactor : top, only,
            excludeSameTitle == true ? point.Payload.TitleId : null, shotId), ct);
        var scored = hits.Select(h => (Hit: h, Score: h.Score)).ToList();
        var method = "cosine";
        if (silhouette)
        {
            if (!(await masks.OfAssetAsync(point.Payload.AssetId, ct)).TryGetValue(point.Payload.ShotIndex, out var mask))
                return ApiProblems.NotFound($"Shot '{shotId}' has a silhouette vector but no stored person mask; index its asset again.");
            scored = (await masks.RescoreAsync(mask, hits, ct)).Take(top).Select(s => (s.Hit, (float)s.IoU)).ToList();
            method = SilhouetteVector.RankingMethod(SilhouetteVector.Method);
        }
        var result = new List<SimilarShotView>(scored.Count);
        foreach (var (h, score) in scored)
        {
            if (await shots.ShotAsync(h.ShotId, ct) is { } view) result.Add(new SimilarShotView(score, view with { TitleId = h.Payload.TitleId }));
        }
        return Results.Ok(new { shotId, flavour, method, shots = result });
    }

    /// <summary>Scales EmbedGpu assigns; anything else is a client error rather than an empty answer.</summary>
    public static readonly string[] Scales = ["close-up", "medium", "wide"];

    // Found through the vector index's payload (tags and scale from EmbedGpu's annotations), in-process and Qdrant alike.
    private static async Task<IResult> SearchAsync(string? tag, string? scale, string? titles, int? page, int? pageSize, string? cursor,
        ShotCatalog shots, IVectorIndex index, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (cursor is not null && page is not null) return ApiProblems.Invalid("cursor", "Page by page or by cursor, not both.");
        var size = pageSize ?? 50;
        if (size < 1 || size > options.Value.MaxPageSize) return ApiProblems.Invalid("pageSize", $"pageSize must be between 1 and {options.Value.MaxPageSize}.");
        var number = page ?? 1;
        if (number < 1) return ApiProblems.Invalid("page", "page starts at 1.");
        var only = SplitTitles(titles);
        if (only?.Any(t => !MessageFields.IsSafeId(t)) == true) return ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated.");
        var tags = tag?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).Distinct().ToList();
        if (tag is not null && tags!.Count == 0) return ApiProblems.Invalid("tag", "tag names a detected class, e.g. tag=person; several comma-separated must all be present.");
        var wantedScale = string.IsNullOrWhiteSpace(scale) ? null : scale.Trim().ToLowerInvariant();
        if (wantedScale is not null && !Scales.Contains(wantedScale))
            return ApiProblems.Invalid("scale", $"scale is one of {string.Join(", ", Scales)}.");
        var filter = new ShotFilter(Titles: only, Tags: tags, Scale: wantedScale);
        if (cursor is not null) return await ScrollAsync(filter, cursor, size, shots, index, ct);
        if ((long)(number - 1) * size > int.MaxValue) return ApiProblems.Invalid("page", "page is past any possible result.");
        var listing = await index.ListAsync(filter, (number - 1) * size, size, ct);
        var items = new List<ShotView>(listing.Shots.Count);
        foreach (var hit in listing.Shots)
        {
            if (await shots.ShotAsync(hit.ShotId, ct) is { } view) items.Add(view with { TitleId = hit.Payload.TitleId });
        }
        return Results.Ok(new { page = number, pageSize = size, total = listing.Total, shots = items });
    }

    // cursor= (empty) starts a scroll; each answer's `next` continues it. The index reads about a page per request, where
    // page= reads and sorts the whole filtered set each time (it also counts `total`, which a scroll does not).
    private static async Task<IResult> ScrollAsync(ShotFilter filter, string cursor, int size, ShotCatalog shots, IVectorIndex index, CancellationToken ct)
    {
        string? at = null;
        if (cursor.Length > 0)
        {
            try
            {
                at = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            }
            catch (FormatException)
            {
                return ApiProblems.Invalid("cursor", "cursor is the `next` of an earlier answer.");
            }
        }
        ShotScroll scroll;
        try
        {
            scroll = await index.ScrollAsync(filter, at, size, ct);
        }
        catch (InvalidCursorException)
        {
            return ApiProblems.Invalid("cursor", "cursor is the `next` of an earlier answer (from this index).");
        }
        var items = new List<ShotView>(scroll.Shots.Count);
        foreach (var hit in scroll.Shots)
        {
            if (await shots.ShotAsync(hit.ShotId, ct) is { } view) items.Add(view with { TitleId = hit.Payload.TitleId });
        }
        var next = scroll.Next is null ? null : System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(scroll.Next));
        return Results.Ok(new { pageSize = size, shots = items, next });
    }

    // Streams from the store, with byte ranges from both stores (206, Accept-Ranges, Content-Range) so players can seek
    // in clips: over S3 a range reads only its bytes.
    // The clip is cut from the standardized video the first time it is asked for (ShotClips), then served from the store.
    private static async Task<IResult> ClipAsync(string shotId, ShotCatalog shots, ShotClips clips, IObjectStore store, CancellationToken ct)
    {
        if (await shots.ShotAsync(shotId, ct) is not { } shot) return ApiProblems.NotFound($"Shot '{shotId}' is not known.");
        if (!await clips.EnsureAsync(shot, ct)) return ApiProblems.NotFound($"Shot '{shotId}' has no clip: its asset's standardized video is not in the store.");
        return await MediaAsync(shotId, v => v.ClipKey, "video/mp4", shots, store, ct);
    }

    private static async Task<IResult> MediaAsync(string shotId, Func<ShotView, string> key, string contentType,
        ShotCatalog shots, IObjectStore store, CancellationToken ct)
    {
        if (await shots.ShotAsync(shotId, ct) is not { } shot) return ApiProblems.NotFound($"Shot '{shotId}' is not known.");
        try
        {
            var stream = await store.OpenSeekableAsync(key(shot), ct);
            return Results.Stream(stream, contentType, enableRangeProcessing: true);
        }
        catch (ObjectNotFoundException)
        {
            return ApiProblems.NotFound($"Shot '{shotId}' has no stored {contentType} object.");
        }
    }

    private static IReadOnlyCollection<string>? SplitTitles(string? titles) =>
        string.IsNullOrWhiteSpace(titles) ? null : titles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A neighbour with its score: cosine similarity, mask IoU for silhouettes.</summary>
public sealed record SimilarShotView(float Score, ShotView Shot);
