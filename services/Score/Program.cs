using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Score;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddScoreStage();
builder.AddMatchcutStages(x => x.AddScoreConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
