using System.Globalization;
using System.Text.Json;
using Matchcut.Index;
using Matchcut.Index.Query;
using Matchcut.Media;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.AllInOne;

/// <summary>What `matchcut search` was asked.</summary>
/// <param name="K">Shots to return (the page size of a words search).</param>
public sealed record SearchRequest(string? Image, string Store, IReadOnlyCollection<string>? Titles, int K, bool Json, string? Words = null,
    string? Scale = null, int Page = 1);

/// <summary>
/// `matchcut search --image x.jpg` (POST /api/v1/search/image) or `--words "a car"` (GET /api/v1/search: text on screen and tags): the API's search over a store `matchcut run` filled, without a server: the same
/// services answer (the store's indexed assets put into an in-process index, as `serve` does), so the hits are the API's.
/// </summary>
public static class SearchCommand
{
    public static async Task<int> RunAsync(SearchRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if ((request.Image is null) == string.IsNullOrWhiteSpace(request.Words))
        {
            await error.WriteLineAsync("Give one thing to search by: --image PICTURE.jpg (JPEG or PNG) or --words \"WORDS\".");
            return ExitCodes.Usage;
        }
        if (request.Words is { } words && (words.Length > WordSearch.MaxQueryLength || words.Any(char.IsControl)))
        {
            await error.WriteLineAsync($"--words is at most {WordSearch.MaxQueryLength} characters, without control characters.");
            return ExitCodes.Usage;
        }
        var scale = string.IsNullOrWhiteSpace(request.Scale) ? null : request.Scale.Trim().ToLowerInvariant();
        if (scale is not null && (request.Words is null || !ShotEndpoints.Scales.Contains(scale)))
        {
            await error.WriteLineAsync($"--scale goes with --words and is one of {string.Join(", ", ShotEndpoints.Scales)}.");
            return ExitCodes.Usage;
        }
        if (request.Image is not null && !File.Exists(request.Image))
        {
            await error.WriteLineAsync($"Picture not found: {Path.GetFullPath(request.Image)}");
            return ExitCodes.NoInput;
        }
        if (!Directory.Exists(request.Store))
        {
            await error.WriteLineAsync($"Store not found: {Path.GetFullPath(request.Store)} (fill it with `matchcut run`, or pass --store).");
            return ExitCodes.NoInput;
        }
        using var host = Build(request.Store);
        await host.StartAsync(ct);
        try
        {
            await host.Services.GetRequiredService<ShotReindexer>().ReindexAllAsync(ct);
            if (request.Words is { } query)
            {
                var found = await host.Services.GetRequiredService<ShotSearch>().SearchAsync(query, request.Titles, scale, Math.Max(1, request.Page), request.K, ct);
                if (request.Json) await output.WriteLineAsync(JsonSerializer.Serialize(found, JsonOptions));
                else await WriteTableAsync(found, output);
                return ExitCodes.Success;
            }
            PictureSearchResult result;
            try
            {
                result = await host.Services.GetRequiredService<PictureSearch>().SearchAsync(await File.ReadAllBytesAsync(request.Image!, ct), request.Titles, request.K, ct);
            }
            catch (MediaRejectedException e)
            {
                await error.WriteLineAsync($"{request.Image}: {e.Message}");
                return ExitCodes.NoInput;
            }
            if (request.Json) await output.WriteLineAsync(JsonSerializer.Serialize(result, JsonOptions));
            else await WriteTableAsync(result, output);
            return ExitCodes.Success;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>What the API writes its answers with (ASP.NET Core's web defaults: camelCase).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static async Task WriteTableAsync(PictureSearchResult result, TextWriter output)
    {
        await output.WriteLineAsync($"{result.Shots.Count} shot(s) by {result.Method}");
        var rank = 0;
        foreach (var h in result.Shots)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{++rank,3}  {h.Score:0.000}  {h.Shot.TitleId,-20} {h.Shot.ShotId}  {h.Shot.StartSec:0.00}-{h.Shot.EndSec:0.00}s  frame {h.Frame.Kind} {h.Frame.Frame}"));
    }

    private static async Task WriteTableAsync(ShotSearchResult result, TextWriter output)
    {
        var classes = result.Classes.Count == 0 ? "no detector class" : string.Join(", ", result.Classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Tag} ({c.Similarity:0.00})")));
        await output.WriteLineAsync($"{result.Total} shot(s) for \"{result.Query}\": text {string.Join(" ", result.Words.Select(w => $"'{w}'"))}, tags {classes} (page {result.Page}, {result.Method})");
        var rank = (result.Page - 1) * result.PageSize;
        foreach (var h in result.Shots)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{++rank,3}  {h.Score:0.000}  {h.Shot.TitleId,-20} {h.Shot.ShotId}  {h.Shot.StartSec:0.00}-{h.Shot.EndSec:0.00}s  {string.Join(", ", h.Why)}"));
    }

    // The store, the in-process index and the query services: no bus, no stages, no listener.
    private static IHost Build(string store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.GetFullPath(store),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddMatchcutDefaults();
        builder.AddIndexStage();
        builder.AddQueryApi();
        return builder.Build();
    }
}
