using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.ShotSegment;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddShotSegmentStage();
builder.AddMatchcutStages(x => x.AddShotSegmentConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
