using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Score;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddScoreStage();
builder.AddMatchcutBus(x => x.AddScoreConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
