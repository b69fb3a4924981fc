using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Index;
using Matchcut.Index.Query;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIndexStage();
builder.AddIndexRefill();
builder.AddQueryApi();
builder.AddMatchcutStages(x => x.AddIndexConsumers());

var app = builder.Build();
if (args is ["reindex", ..])
{
    // `reindex`: fills the configured vector index from the stored embeddings of every title, then exits (docs/deploy.md).
    var result = await app.Services.GetRequiredService<ShotReindexer>().ReindexAllAsync(CancellationToken.None);
    Console.WriteLine($"Re-indexed {result.Indexed.Sum(i => i.Shots)} shots of {result.Indexed.Count} title assets.");
    foreach (var d in result.Damaged)
        Console.Error.WriteLine($"Left out {d.AssetId ?? "a title record"} ({d.TitleId}): its stored results cannot be indexed: {d.Reason}");
    await app.DisposeAsync(); // an in-process index writes its snapshot here
    Environment.ExitCode = result.Damaged.Count == 0 ? 0 : 1;
    return;
}
app.MapMatchcutHealth();
app.UseQueryLimits();
app.MapQueryApi();
app.Run();
