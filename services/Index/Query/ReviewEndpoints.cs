using Matchcut.Contracts;
using Matchcut.ServiceDefaults;
using System.Globalization;
using System.Text;
using Matchcut.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Matchcut.Index.Query;

/// <summary>PUT/GET titles/{titleId}/reviews, and the CSV cut list for the editor.</summary>
public static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/titles/{titleId}/reviews", PutAsync).WithName("ReviewPair");
        api.MapGet("/titles/{titleId}/reviews", async (string titleId, ReviewStore reviews, CancellationToken ct) =>
            MessageFields.IsSafeId(titleId) ? Results.Ok(new { titleId, reviews = await reviews.ListAsync(titleId, ct) }) : ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-]."))
            .WithName("ListReviews");
        api.MapGet("/titles/{titleId}/reviews.csv", CsvAsync).WithName("ExportReviewsCsv");
        api.MapDelete("/titles/{titleId}/reviews/{flavour}/{a}/{b}", DeleteAsync).WithName("DeleteReview");
    }

    /// <summary>The header the gateway sets to the calling key's client name, replacing whatever the caller sent.</summary>
    public const string ClientHeader = "X-Gateway-Client";

    private static async Task<IResult> PutAsync(string titleId, ReviewRequest request, HttpContext http, ShotCatalog shots, AssetCatalog catalog,
        ReviewStore reviews, Microsoft.Extensions.Options.IOptions<MediaLinkOptions> limits, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        if (request.Verdict is not ("good" or "bad")) return ApiProblems.Invalid("verdict", "verdict is 'good' or 'bad'.");
        var flavour = request.Flavour;
        if (ApiProblems.CheckFlavour(ref flavour) is { } bad) return bad;
        if (request.Note?.Length > 2000) return ApiProblems.Invalid("note", "note is at most 2000 characters.");
        var assets = (await catalog.AssetsOfTitleAsync(titleId, ct)).Select(a => a.AssetId).ToHashSet(StringComparer.Ordinal);
        if (assets.Count == 0) return ApiProblems.NotFound($"Title '{titleId}' is not known.");
        var a = await shots.ShotAsync(request.A ?? "", ct);
        var b = await shots.ShotAsync(request.B ?? "", ct);
        // A review is of a cut inside the title: both shots must be the title's own.
        foreach (var (name, given, shot) in new[] { ("a", request.A, a), ("b", request.B, b) })
        {
            if (shot is null || !assets.Contains(shot.AssetId))
                return ApiProblems.NotFound($"Shot {MessageFields.Show(given)} ({name}) is not a shot of title '{titleId}'.");
        }
        if (a!.ShotId == b!.ShotId) return ApiProblems.Invalid("b", "A pair is two different shots.");
        if (!await reviews.ExistsAsync(titleId, flavour, a.ShotId, b.ShotId, ct)
            && await reviews.CountAsync(titleId, ct) is var count && count >= limits.Value.MaxReviewsPerTitle)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many reviews",
                detail: $"Title '{titleId}' has {count} pair reviews, the most it keeps (Query:MaxReviewsPerTitle); delete some or replace one.");
        var review = new PairReview(flavour, a.ShotId, b.ShotId, request.Verdict, request.Note, a.EndSec, a.StartSec, b.StartSec, DateTimeOffset.UtcNow, ReviewerOf(http));
        await reviews.PutAsync(titleId, review, ct);
        return Results.Ok(review);
    }

    private static async Task<IResult> DeleteAsync(string titleId, string flavour, string a, string b, ReviewStore reviews, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        string? f = flavour;
        if (ApiProblems.CheckFlavour(ref f) is { } bad) return bad;
        if (!MessageFields.IsSafeId(a) || !MessageFields.IsSafeId(b)) return ApiProblems.Invalid("shot", "Shot ids are {assetId}-{index}.");
        return await reviews.DeleteAsync(titleId, f, a, b, ct)
            ? Results.NoContent()
            : ApiProblems.NotFound($"Title '{titleId}' has no {f} review of {a} -> {b}.");
    }

    /// <summary>The gateway's client name for the key; "local" when the API was called without the gateway.</summary>
    private static string ReviewerOf(HttpContext http) =>
        http.Request.Headers[ClientHeader].ToString() is { Length: > 0 } client && MessageFields.IsSafeId(client) ? client : "local";

    private static async Task<IResult> CsvAsync(string titleId, ReviewStore reviews, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        var csv = new StringBuilder("title,flavour,verdict,shot_a,a_start_sec,a_end_sec,shot_b,b_start_sec,note,reviewer\n");
        foreach (var r in await reviews.ListAsync(titleId, ct))
        {
            csv.AppendLine(string.Join(',', Quote(titleId), r.Flavour, r.Verdict, r.A, Sec(r.ASec), Sec(r.AEndSec), r.B, Sec(r.BStartSec), Quote(r.Note ?? ""), Quote(r.Reviewer ?? "")));
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{titleId}-reviews.csv");
    }

    private static string Sec(double s) => s.ToString("F3", CultureInfo.InvariantCulture);

    // Quote every free-text cell, and defuse spreadsheet formulas.
    private static string Quote(string s) => "\"" + (s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : s).Replace("\"", "\"\"") + "\"";
}

/// <summary>A reviewer's verdict on a pair.</summary>
public sealed record ReviewRequest(string? Flavour, string? A, string? B, string Verdict, string? Note);
