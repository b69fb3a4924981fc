using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIngestStage();
builder.AddMatchcutBus(x => x.AddIngestConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
