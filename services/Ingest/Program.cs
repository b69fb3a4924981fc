using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIngestStage();
builder.AddMatchcutStages(x => x.AddIngestConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
