// Work in progress (issue 22 item 7): the topology of docker-compose.yml as Aspire resources is not described yet;
// this AppHost only proves that the Aspire packages restore and build here.
var builder = DistributedApplication.CreateBuilder(args);
builder.Build().Run();
