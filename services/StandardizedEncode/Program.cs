using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.StandardizedEncode;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddStandardizedEncodeStage();
builder.AddMatchcutBus(x => x.AddStandardizedEncodeConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
