using Matchcut.Contracts;
using System.Text;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports.CrossTitle;
using Matchcut.Reports.Exports;
using Matchcut.Reports;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>
/// What an editor takes away: match cuts across titles (GET matches), a title's beat events (GET titles/{id}/beats),
/// and cut lists (EDL, OTIO, FCPXML, CSV) of a title's shots or pairs and of pairs across titles.
/// </summary>
public static class DeskEndpoints
{
    public static void MapDeskEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/matches", CrossTitleAsync).WithName("GetCrossTitleMatches").Limited(QueryLimits.CrossTitle);
        api.MapGet("/matches/export/{format}", CrossTitleExportAsync).WithName("ExportCrossTitleMatches").Limited(QueryLimits.CrossTitle);
        api.MapGet("/titles/{titleId}/beats", BeatsAsync).WithName("GetTitleBeats").Limited(QueryLimits.Export);
        api.MapGet("/titles/{titleId}/export/{format}", TitleExportAsync).WithName("ExportTitle").Limited(QueryLimits.Export);
    }

    // Titles whose vectors were made by different methods cannot be compared: 409 with the matcher's reason.
    private static async Task<(CrossTitleResult Result, IResult? Conflict)> MatchAcrossAsync(CrossTitleMatcher matcher,
        IReadOnlyList<TitleAsset> titles, string flavour, int top, CancellationToken ct)
    {
        try
        {
            return (await matcher.MatchAsync(titles, flavour, top, ct), null);
        }
        catch (CrossTitleException ex)
        {
            return (null!, Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot match across these titles", detail: ex.Message));
        }
    }

    private static async Task<IResult> CrossTitleAsync(string? titles, string? flavour, int? k, ShotCatalog shots, CrossTitleMatcher matcher,
        IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        var (found, problem) = await CrossTitleRequestAsync(titles, flavour, k, shots, options.Value, ct);
        if (problem is not null) return problem;
        var (list, f, top) = found!.Value;
        var (result, conflict) = await MatchAcrossAsync(matcher, list, f, top, ct);
        if (conflict is not null) return conflict;
        var pairs = new List<CrossTitlePairView>(result.Pairs.Count);
        foreach (var p in result.Pairs)
        {
            var a = await shots.ShotAsync(ShotIds.Of(p.A.AssetId, p.A.Shot), ct);
            var b = await shots.ShotAsync(ShotIds.Of(p.B.AssetId, p.B.Shot), ct);
            if (a is null || b is null) continue;
            pairs.Add(new CrossTitlePairView(p.Rank, p.Score, a with { TitleId = p.A.TitleId }, b with { TitleId = p.B.TitleId }));
        }
        return Results.Ok(new CrossTitleMatchesView(list.Select(t => t.TitleId).ToList(), f, new ProvenanceView(result.Method), pairs));
    }

    private static async Task<IResult> CrossTitleExportAsync(string format, string? titles, string? flavour, int? k, ShotCatalog shots,
        CrossTitleMatcher matcher, AssetResultBuilder builder, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (!CutListFormats.All.Contains(format)) return BadFormat(format);
        var (found, problem) = await CrossTitleRequestAsync(titles, flavour, k, shots, options.Value, ct);
        if (problem is not null) return problem;
        var (list, f, top) = found!.Value;
        var (result, conflict) = await MatchAcrossAsync(matcher, list, f, top, ct);
        if (conflict is not null) return conflict;
        var results = new Dictionary<string, AssetResult>();
        foreach (var asset in list.Select(t => t.AssetId).Distinct()) results[asset] = await builder.BuildAsync(asset, ct);
        var cut = CutLists.Pairs($"across {string.Join(" ", list.Select(t => t.TitleId))} {f} pairs", f,
            result.Pairs.Select(p => new ShotPair(results[p.A.AssetId], p.A.TitleId, p.A.Shot, results[p.B.AssetId], p.B.TitleId, p.B.Shot, p.Score)));
        return File(format, cut, $"matches-{f}");
    }

    private static async Task<IResult> BeatsAsync(string titleId, ShotCatalog shots, AssetResultBuilder builder, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        var assetId = await shots.ScoredAssetOfTitleAsync(titleId, ct);
        if (assetId is null) return ApiProblems.NotFound($"Title '{titleId}' has no scored asset.");
        var result = await builder.BuildAsync(assetId, ct);
        return Results.Ok(new { titleId, assetId, beats = result.Beats ?? [] });
    }

    private static async Task<IResult> TitleExportAsync(string titleId, string format, string? content, string? flavour, string? marked, int? k,
        ShotCatalog shots, AssetResultBuilder builder, ReviewStore reviews, IObjectStore store, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        if (!CutListFormats.All.Contains(format)) return BadFormat(format);
        content ??= "pairs";
        if (content is not ("shots" or "pairs")) return ApiProblems.Invalid("content", "content is 'shots' or 'pairs'.");
        if (marked is not (null or "good" or "bad" or "any")) return ApiProblems.Invalid("marked", "marked is 'good', 'bad' or 'any'.");
        if (ApiProblems.CheckFlavour(ref flavour) is { } badFlavour) return badFlavour;
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var assetId = await shots.ScoredAssetOfTitleAsync(titleId, ct);
        if (assetId is null) return ApiProblems.NotFound($"Title '{titleId}' has no scored asset.");
        var result = await builder.BuildAsync(assetId, ct);
        if (content == "shots") return File(format, CutLists.Shots(result, titleId), $"{titleId}-shots");

        var scored = result.Matches.TryGetValue(flavour, out var list) ? list : [];
        IEnumerable<ShotPair> pairs;
        if (marked is null)
            pairs = scored.Take(top).Select(p => new ShotPair(result, titleId, p.A, result, titleId, p.B, p.Score));
        else
        {
            // Reviewed pairs of this title's asset, in the order the reviewer sees them (time of A).
            var score = scored.ToDictionary(p => (p.A, p.B), p => p.Score);
            var chosen = new List<ShotPair>();
            foreach (var r in (await reviews.ListAsync(titleId, ct)).Where(r => r.Flavour == flavour && (marked == "any" || r.Verdict == marked)))
            {
                if (!ShotIds.TryParse(r.A, out var assetA, out var a) || !ShotIds.TryParse(r.B, out var assetB, out var b) || assetA != assetId || assetB != assetId) continue;
                if (!result.Shots.Any(s => s.Index == a) || !result.Shots.Any(s => s.Index == b)) continue;
                chosen.Add(new ShotPair(result, titleId, a, result, titleId, b, score.GetValueOrDefault((a, b), double.NaN)));
            }
            pairs = chosen.Take(top);
        }
        var name = marked is null ? $"{titleId}-{flavour}-pairs" : $"{titleId}-{flavour}-{marked}";
        return File(format, CutLists.Pairs(name, flavour, pairs), name);
    }

    private static async Task<((IReadOnlyList<TitleAsset> Titles, string Flavour, int K)? Found, IResult? Problem)> CrossTitleRequestAsync(
        string? titles, string? flavour, int? k, ShotCatalog shots, MediaLinkOptions options, CancellationToken ct)
    {
        if (ApiProblems.CheckFlavour(ref flavour) is { } badFlavour) return (null, badFlavour);
        if (ApiProblems.CheckK(k, options.MaxK, out var top) is { } badK) return (null, badK);
        // Every title costs a nearest-neighbour search per kept shot: the caller names them, at most MaxMatchTitles.
        if (string.IsNullOrWhiteSpace(titles))
            return (null, ApiProblems.Invalid("titles", $"Name the titles to match across (comma-separated, 2 to {options.MaxMatchTitles})."));
        var names = titles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (names.Any(t => !MessageFields.IsSafeId(t))) return (null, ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated."));
        if (names.Count > options.MaxMatchTitles)
            return (null, ApiProblems.Invalid("titles", $"At most {options.MaxMatchTitles} titles per request (Query:MaxMatchTitles); {names.Count} given."));
        var list = new List<TitleAsset>();
        foreach (var t in names)
        {
            var asset = await shots.ScoredAssetOfTitleAsync(t, ct);
            if (asset is null) return (null, ApiProblems.NotFound($"Title '{t}' has no scored asset."));
            list.Add(new TitleAsset(t, asset));
        }
        if (list.Count < 2) return (null, ApiProblems.Invalid("titles", "Matches across titles need two or more titles with scored assets."));
        return ((list, flavour, top), null);
    }

    private static IResult File(string format, CutList list, string name) =>
        Results.File(Encoding.UTF8.GetBytes(CutListFormats.Write(format, list)), CutListFormats.ContentType(format), $"{name}.{format}");

    private static IResult BadFormat(string format) =>
        ApiProblems.Invalid("format", $"'{format}' is not an export format; use {string.Join(", ", CutListFormats.All)}.");
}

/// <summary>Which method made a flavour's vectors.</summary>
public sealed record ProvenanceView(string Method);

/// <summary>Shot A (of the title listed first) cut to shot B of another title, with rank and cosine similarity.</summary>
public sealed record CrossTitlePairView(int Rank, double Score, ShotView A, ShotView B);

/// <summary>The best pairs across titles in one flavour.</summary>
public sealed record CrossTitleMatchesView(IReadOnlyList<string> Titles, string Flavour, ProvenanceView Provenance, IReadOnlyList<CrossTitlePairView> Pairs);
