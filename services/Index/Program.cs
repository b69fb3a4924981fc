using Matchcut.Hosting;
using Matchcut.Index;
using Matchcut.Index.Query;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIndexStage();
builder.AddIndexRefill();
builder.AddQueryApi();
builder.AddMatchcutBus(x => x.AddIndexConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.MapQueryApi();
app.Run();
