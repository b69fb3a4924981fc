using Matchcut.Dedup;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddDedupStage();
builder.AddMatchcutStages(x => x.AddDedupConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
