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
            MessageRules.IsSafeId(titleId) ? Results.Ok(new { titleId, reviews = await reviews.ListAsync(titleId, ct) }) : ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-]."))
            .WithName("ListReviews");
        api.MapGet("/titles/{titleId}/reviews.csv", CsvAsync).WithName("ExportReviewsCsv");
    }

    private static async Task<IResult> PutAsync(string titleId, ReviewRequest request, ShotCatalog shots, ReviewStore reviews, CancellationToken ct)
    {
        if (!MessageRules.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        if (request.Verdict is not ("good" or "bad")) return ApiProblems.Invalid("verdict", "verdict is 'good' or 'bad'.");
        var flavour = request.Flavour;
        if (ApiProblems.CheckFlavour(ref flavour) is { } bad) return bad;
        if (request.Note?.Length > 2000) return ApiProblems.Invalid("note", "note is at most 2000 characters.");
        var a = await shots.ShotAsync(request.A ?? "", ct);
        var b = await shots.ShotAsync(request.B ?? "", ct);
        if (a is null || b is null) return ApiProblems.NotFound($"Shot '{(a is null ? request.A : request.B)}' is not known.");
        var review = new PairReview(flavour, a.ShotId, b.ShotId, request.Verdict, request.Note, a.EndSec, a.StartSec, b.StartSec, DateTimeOffset.UtcNow);
        await reviews.PutAsync(titleId, review, ct);
        return Results.Ok(review);
    }

    private static async Task<IResult> CsvAsync(string titleId, ReviewStore reviews, CancellationToken ct)
    {
        if (!MessageRules.IsSafeId(titleId)) return ApiProblems.Invalid("titleId", "Title ids use [A-Za-z0-9._-].");
        var csv = new StringBuilder("title,flavour,verdict,shot_a,a_start_sec,a_end_sec,shot_b,b_start_sec,note\n");
        foreach (var r in await reviews.ListAsync(titleId, ct))
        {
            csv.AppendLine(string.Join(',', Quote(titleId), r.Flavour, r.Verdict, r.A, Sec(r.ASec), Sec(r.AEndSec), r.B, Sec(r.BStartSec), Quote(r.Note ?? "")));
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{titleId}-reviews.csv");
    }

    private static string Sec(double s) => s.ToString("F3", CultureInfo.InvariantCulture);

    // Quote every free-text cell, and defuse spreadsheet formulas.
    private static string Quote(string s) => "\"" + (s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : s).Replace("\"", "\"\"") + "\"";
}

/// <summary>A reviewer's verdict on a pair.</summary>
public sealed record ReviewRequest(string? Flavour, string? A, string? B, string Verdict, string? Note);
