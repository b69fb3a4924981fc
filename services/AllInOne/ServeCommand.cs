using Microsoft.Extensions.Logging;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Index;
using Matchcut.Index.Query;
using Matchcut.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.AllInOne;

/// <summary>`matchcut serve`: the pipeline, the query API and the review page in one process over a store `make run` filled.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string store, string urls, string? allow, CancellationToken ct)
    {
        if (WritableFolder.Problem(store, "store") is { } unwritable)
        {
            await Console.Error.WriteLineAsync(unwritable);
            return ExitCodes.CannotWrite;
        }
        await using var app = Build(store, urls, allow);
        if (ModelsPrecheck.Problem(app.Services) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return ExitCodes.ModelsMissing;
        }
        ReindexResult reindexed;
        try
        {
            reindexed = await StartAsync(app, ct);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"matchcut: {e.Message.TrimEnd('.')}: another program listens there; pick another with --urls.");
            return ExitCodes.Unavailable;
        }
        Console.WriteLine($"reindexed {reindexed.Indexed.Count} asset(s) from {Path.GetFullPath(store)}");
        // A damaged asset is left out and named; the others are served (`matchcut reindex` style repair: land it again).
        foreach (var d in reindexed.Damaged)
            await Console.Error.WriteLineAsync($"left out {d.AssetId ?? "a title record"} ({d.TitleId}): its stored results cannot be indexed: {d.Reason}");
        Console.WriteLine($"review page: {urls.Split(';')[0]}/  (the API needs no key here; the gateway adds keys)");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    /// <summary>The served app, not started; <paramref name="settings"/> adds to or overrides the configuration.</summary>
    public static WebApplication Build(string store, string urls, string? allow, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.GetFullPath(store),
            ["Ingest:AllowedRoots:0"] = allow is null ? null : Path.GetFullPath(allow),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(urls);
        builder.AddAllStages();
        builder.AddQueryApi();
        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapMatchcutHealth();
        app.UseQueryLimits();
        app.MapQueryApi();
        return app;
    }

    /// <summary>Starts the app and puts the store's indexed assets back into the in-process index; returns what went in and what could not.</summary>
    public static async Task<ReindexResult> StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        return await ReindexAsync(app.Services, ct);
    }

    // The in-process vector index starts empty: fill it from the indexed assets already in the store.
    private static Task<ReindexResult> ReindexAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ShotReindexer>().ReindexAllAsync(ct);
}
