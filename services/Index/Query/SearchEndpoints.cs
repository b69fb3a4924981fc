using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>
/// Search across titles: by words over text on screen and tags (GET /search?q=), by a picture (POST /search/image), and
/// by words over tags alone (GET /search/words?q=, the first word search, kept for its callers).
/// </summary>
public static class SearchEndpoints
{
    /// <summary>Largest picture accepted, in bytes.</summary>
    public const int MaxPictureBytes = 20 << 20;

    public static void MapSearchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/search/image", ImageAsync).WithName("SearchByImage").DisableAntiforgery().Limited(QueryLimits.Search);
        api.MapGet("/search/words", WordsAsync).WithName("SearchByWords").Limited(QueryLimits.Search);
        api.MapGet("/search", SearchAsync).WithName("Search").Limited(QueryLimits.Search);
    }

    private static async Task<IResult> SearchAsync(string? q, string? titles, string? scale, int? page, int? pageSize, ShotSearch search,
        IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        var size = pageSize ?? 20;
        if (size < 1 || size > options.Value.MaxK) return ApiProblems.Invalid("pageSize", $"pageSize must be between 1 and {options.Value.MaxK}.");
        var number = page ?? 1;
        if (number < 1 || (long)(number - 1) * size > int.MaxValue) return ApiProblems.Invalid("page", "page starts at 1.");
        var only = SearchTitles.Split(titles);
        if (only?.Any(t => !MessageFields.IsSafeId(t)) == true) return ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated.");
        var wantedScale = string.IsNullOrWhiteSpace(scale) ? null : scale.Trim().ToLowerInvariant();
        if (wantedScale is not null && !ShotEndpoints.Scales.Contains(wantedScale))
            return ApiProblems.Invalid("scale", $"scale is one of {string.Join(", ", ShotEndpoints.Scales)}.");
        if (string.IsNullOrWhiteSpace(q)) return ApiProblems.Invalid("q", "q holds the words to search for, e.g. q=exit or q=automobile.");
        if (q.Length > WordSearch.MaxQueryLength || q.Any(char.IsControl))
            return ApiProblems.Invalid("q", $"q is at most {WordSearch.MaxQueryLength} characters, without control characters.");
        return Results.Ok(await search.SearchAsync(q, only, wantedScale, number, size, ct));
    }

    private static async Task<IResult> WordsAsync(string? q, string? titles, int? k, WordSearch search, IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var only = SearchTitles.Split(titles);
        if (only?.Any(t => !MessageFields.IsSafeId(t)) == true) return ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated.");
        if (string.IsNullOrWhiteSpace(q)) return ApiProblems.Invalid("q", "q holds the words to search for, e.g. q=automobile.");
        if (q.Length > WordSearch.MaxQueryLength || q.Any(char.IsControl))
            return ApiProblems.Invalid("q", $"q is at most {WordSearch.MaxQueryLength} characters, without control characters.");
        return Results.Ok(await search.SearchAsync(q, only, top, ct));
    }

    private static async Task<IResult> ImageAsync(HttpRequest request, string? titles, int? k, PictureSearch search,
        IOptions<MediaLinkOptions> options, CancellationToken ct)
    {
        if (ApiProblems.CheckK(k, options.Value.MaxK, out var top) is { } badK) return badK;
        var only = SearchTitles.Split(titles);
        if (only?.Any(t => !MessageFields.IsSafeId(t)) == true) return ApiProblems.Invalid("titles", "Title ids use [A-Za-z0-9._-], comma-separated.");
        var picture = await ReadBodyAsync(request, ct);
        if (picture is null) return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Picture too large",
            detail: $"The picture is over {MaxPictureBytes >> 20} MiB.");
        if (picture.Length == 0) return ApiProblems.Invalid("body", "Send the picture as the request body (JPEG or PNG).");
        if (!StillImageDecoder.IsJpegOrPng(picture)) return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Not a picture", detail: "The body is neither JPEG nor PNG.");
        try
        {
            return Results.Ok(await search.SearchAsync(picture, only, top, ct));
        }
        catch (MediaRejectedException e)
        {
            return ApiProblems.Invalid("body", e.Message);
        }
    }

    // Null when the body is over the limit (chunked bodies too, which carry no length).
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxPictureBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxPictureBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>The titles parameter of the searches: comma-separated ids, null when absent.</summary>
public static class SearchTitles
{
    public static IReadOnlyCollection<string>? Split(string? titles) =>
        string.IsNullOrWhiteSpace(titles) ? null : titles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
