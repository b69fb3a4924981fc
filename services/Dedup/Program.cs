using Matchcut.Dedup;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddDedupStage();
builder.AddMatchcutBus(x => x.AddDedupConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
