using Matchcut.Hosting;
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
        builder.WebHost.UseUrls(urls);
        builder.AddAllStages();
        builder.AddQueryApi();
        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapMatchcutHealth();
        app.MapQueryApi();
        await app.StartAsync(ct);
        Console.WriteLine($"reindexed {await ReindexAsync(app.Services, ct)} asset(s) from {Path.GetFullPath(store)}");
        Console.WriteLine($"review page: {urls.Split(';')[0]}/  (the API needs no key here; the gateway adds keys)");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    // The in-process vector index starts empty: fill it from the indexed assets already in the store.
    private static async Task<int> ReindexAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IObjectStore>();
        var indexer = services.GetRequiredService<ShotIndexer>();
        var done = new HashSet<string>();
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            if (await store.TryGetJsonAsync<TitleAssociation>(key, ct) is not { } a || !done.Add(a.AssetId)) continue;
            if (await store.ExistsAsync(AssetKeys.Indexed(a.AssetId), ct)) await indexer.IndexAsync(a.AssetId, a.TitleId, ct);
        }
        return done.Count;
    }
}
