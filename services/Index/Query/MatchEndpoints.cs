using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports;
using Matchcut.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>GET titles and titles/{titleId}/matches: a title's top match-cut pairs in a flavour.</summary>
public static class MatchEndpoints
{
    public static void MapMatchEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/titles", async (ShotCatalog shots, CancellationToken ct) => Results.Ok(new { titles = await shots.TitlesAsync(ct) }))
            .WithName("ListTitles");
        api.MapGet("/titles/{titleId}/matches", GetMatchesAsync).WithName("GetTitleMatches");
        api.MapGet("/titles/{titleId}", GetTitleAsync).WithName("GetTitle");
    }

    private static async Task<IResult> GetMatchesAsync(string titleId, string? flavour, int? k,
        ShotCatalog shots, IObjectStore store, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        if (ApiProblems.CheckFlavour(ref flavour) is { } badFlavour) return badFlavour;
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var assetId = await shots.ScoredAssetOfTitleAsync(titleId, ct);
        if (assetId is null) return ApiProblems.NotFound($"Title '{titleId}' has no scored asset.");
        var set = (await shots.MatchesOfAssetAsync(assetId, ct))!;
        var list = (await shots.ShotsOfAssetAsync(assetId, titleId, ct))!;
        var pairs = set.Flavours.TryGetValue(flavour, out var found) ? found : [];
        var result = pairs.Take(top).Select((p, rank) => new MatchView(rank + 1, p.Score, list[p.A], list[p.B], p.AFrame, p.BFrame)).ToList();
        return Results.Ok(new MatchesView(titleId, assetId, flavour, set.Flavours.Keys.Order().ToList(), result,
            set.Provenance?.GetValueOrDefault(flavour)));
    }

    /// <summary>A title's scored asset, its title-level tags (weighted across its kept shots) and what made each flavour.</summary>
    private static async Task<IResult> GetTitleAsync(string titleId, ShotCatalog shots, AssetCatalog catalog, IObjectStore store,
        Microsoft.Extensions.Options.IOptions<TagsOptions> tags, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        var assetId = await shots.ScoredAssetOfTitleAsync(titleId, ct);
        if (assetId is null) return ApiProblems.NotFound($"Title '{titleId}' has no scored asset.");
        var features = await catalog.RequireFeaturesAsync(assetId, ct);
        var matches = await store.GetJsonAsync<MatchSet>(features.Require(FeatureNames.Matches).Key, ct);
        var embeddings = features.Find(FeatureNames.Embeddings) is { } e ? await store.TryGetJsonAsync<EmbeddingSet>(e.Key, ct) : null;
        var dedup = features.Find(FeatureNames.Dedup) is { } d ? await store.TryGetJsonAsync<DedupResult>(d.Key, ct) : null;
        var annotations = embeddings is not null && features.Find(FeatureNames.Annotations) is { } a && await store.TryGetJsonAsync<ShotAnnotationSet>(a.Key, ct) is { } set
            ? set.Shots.Where(a => embeddings.ShotIndices.Contains(a.Shot)).ToList()
            : [];
        return Results.Ok(new TitleView(titleId, assetId, TitleTags.Compute(annotations, tags.Value), AssetResultBuilder.Provenance(matches, embeddings, dedup)));
    }
}

/// <summary>A title's pairs in one flavour, which flavours were scored, and the method and model that made this one.</summary>
public sealed record MatchesView(string TitleId, string AssetId, string Flavour, IReadOnlyList<string> AvailableFlavours, IReadOnlyList<MatchView> Pairs,
    ModelProvenance? Provenance = null);

/// <summary>
/// Shot B following shot A as a match cut, with its rank and score. Frame pairs name the standardized frames scored
/// (AFrame: A's last clean frame, BFrame: B's first clean frame), which are what A's last-frame and B's first-frame show.
/// </summary>
public sealed record MatchView(int Rank, double Score, ShotView A, ShotView B, int? AFrame = null, int? BFrame = null);

/// <summary>A title: its scored asset, title-level tags (COCO class to weight 0..1) and per-flavour provenance.</summary>
public sealed record TitleView(string TitleId, string AssetId, IReadOnlyDictionary<string, double> Tags, IReadOnlyDictionary<string, ModelProvenance> Provenance);
