using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
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
    }

    private static async Task<IResult> GetMatchesAsync(string titleId, string? flavour, int? k,
        ShotCatalog shots, IObjectStore store, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (!SafeId.IsValid(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        if (ApiProblems.CheckFlavour(ref flavour) is { } badFlavour) return badFlavour;
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var assetId = await shots.ScoredAssetOfTitleAsync(titleId, ct);
        if (assetId is null) return ApiProblems.NotFound($"Title '{titleId}' has no scored asset.");
        var set = await store.GetJsonAsync<MatchSet>(AssetKeys.Matches(assetId), ct);
        var list = (await shots.ShotsOfAssetAsync(assetId, titleId, ct))!;
        var pairs = set.Flavours.TryGetValue(flavour, out var found) ? found : [];
        var result = pairs.Take(top).Select((p, rank) => new MatchView(rank + 1, p.Score, list[p.A], list[p.B])).ToList();
        return Results.Ok(new MatchesView(titleId, assetId, flavour, set.Flavours.Keys.Order().ToList(), result));
    }
}

/// <summary>A title's pairs in one flavour, and which flavours were scored.</summary>
public sealed record MatchesView(string TitleId, string AssetId, string Flavour, IReadOnlyList<string> AvailableFlavours, IReadOnlyList<MatchView> Pairs);

/// <summary>Shot B following shot A as a match cut, with its rank and score.</summary>
public sealed record MatchView(int Rank, double Score, ShotView A, ShotView B);
