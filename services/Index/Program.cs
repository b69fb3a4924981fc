using Matchcut.Hosting;
using Matchcut.Index;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddIndexStage();
builder.AddMatchcutBus(x => x.AddIndexConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
