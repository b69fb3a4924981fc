using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Index;
using Matchcut.Index.Query;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIndexStage();
builder.AddIndexRefill();
builder.AddQueryApi();
builder.AddMatchcutBus(x => x.AddIndexConsumers());

var app = builder.Build();
if (args is ["reindex", ..])
{
    // `reindex`: fills the configured vector index from the stored embeddings of every title, then exits (docs/deploy.md).
    var indexed = await app.Services.GetRequiredService<ShotReindexer>().ReindexAllAsync(CancellationToken.None);
    Console.WriteLine($"Re-indexed {indexed.Sum(i => i.Shots)} shots of {indexed.Count} title assets.");
    await app.DisposeAsync(); // an in-process index writes its snapshot here
    return;
}
app.MapMatchcutHealth();
app.MapQueryApi();
app.Run();
