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
public sealed record SearchRequest(string? Image, string Store, IReadOnlyCollection<string>? Titles, int K, bool Json);

/// <summary>
/// `matchcut search --image x.jpg`: the API's search over a store `matchcut run` filled, without a server: the same
/// services answer (the store's indexed assets put into an in-process index, as `serve` does), so the hits are the API's.
/// </summary>
public static class SearchCommand
{
    public static async Task<int> RunAsync(SearchRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (request.Image is null)
        {
            await error.WriteLineAsync("Give a picture to search by: --image PICTURE.jpg (JPEG or PNG).");
            return ExitCodes.Usage;
        }
        if (!File.Exists(request.Image))
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
            PictureSearchResult result;
            try
            {
                result = await host.Services.GetRequiredService<PictureSearch>().SearchAsync(await File.ReadAllBytesAsync(request.Image, ct), request.Titles, request.K, ct);
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
