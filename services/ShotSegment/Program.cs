using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.ShotSegment;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddShotSegmentStage();
builder.AddMatchcutBus(x => x.AddShotSegmentConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
