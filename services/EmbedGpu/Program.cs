using Matchcut.EmbedGpu;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddEmbedStage();
builder.AddMatchcutBus(x => x.AddEmbedConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
