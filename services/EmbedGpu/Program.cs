using Matchcut.EmbedGpu;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddEmbedStage();
builder.AddMatchcutStages(x => x.AddEmbedConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
