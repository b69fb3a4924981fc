using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.StandardizedEncode;

var builder = WebApplication.CreateBuilder(args);
builder.AddMatchcutDefaults();
builder.AddStandardizedEncodeStage();
builder.AddMatchcutStages(x => x.AddStandardizedEncodeConsumers());

var app = builder.Build();
app.MapMatchcutHealth();
app.Run();
