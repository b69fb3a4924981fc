using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

// The deployed topology on one machine (`make up`): RabbitMQ and the S3 stand-in (s3rver) as executables, every service
// of docker-compose.yml as its own process with compose's settings, the gateway in front. No Qdrant server can run
// here, so the Index service keeps its vectors in process (Vectors__Kind=InProcess) and refills them from the store.
var builder = DistributedApplication.CreateBuilder(args);
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var config = builder.Configuration;
var rabbitPort = config.GetValue("Topology:RabbitMqPort", 25672);
var s3Port = config.GetValue("Topology:S3Port", 24569);
var gatewayPort = config.GetValue("Topology:GatewayPort", 8080);
var apiKey = config["Topology:ApiKey"] ?? "matchcut-local";
var work = config["Topology:Work"] ?? Path.Combine(root, ".matchcut", "up");
var media = config["Topology:Media"] ?? (Directory.Exists(Path.Combine(root, "..", "shared", "media"))
    ? Path.GetFullPath(Path.Combine(root, "..", "shared", "media")) : Path.Combine(work, "media"));
Directory.CreateDirectory(media);

// The two executables are ready when their port accepts a connection (s3rver may first install itself from npm), so
// the services start against a broker and a store that answer instead of retrying from the first second.
builder.Services.AddHealthChecks()
    .AddCheck("rabbitmq-port", () => Listening(rabbitPort))
    .AddCheck("s3-port", () => Listening(s3Port));
var rabbit = builder.AddExecutable("rabbitmq", "bash", root, "scripts/rabbitmq.sh", "run", rabbitPort.ToString())
    .WithEnvironment("RABBITMQ_TEST_DIR", Path.Combine(work, "rabbitmq"))
    .WithHealthCheck("rabbitmq-port");
var s3 = builder.AddExecutable("s3", "bash", root, "scripts/s3rver.sh", "run", s3Port.ToString(), "matchcut")
    .WithEnvironment("S3RVER_DATA_DIR", Path.Combine(work, "s3"))
    .WithHealthCheck("s3-port");

// What every matchcut service shares (compose's x-matchcut-env), pointed at the two executables.
IResourceBuilder<ProjectResource> Service<T>(string name, params (string Key, string Value)[] own) where T : IProjectMetadata, new()
{
    var service = builder.AddProject<T>(name, launchProfileName: null)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
        .WithEnvironment("Bus__Transport", "RabbitMq")
        .WithEnvironment("Bus__RabbitMq__Host", "127.0.0.1")
        .WithEnvironment("Bus__RabbitMq__Port", rabbitPort.ToString())
        .WithEnvironment("Bus__RabbitMq__Username", "guest")
        .WithEnvironment("Bus__RabbitMq__Password", "guest")
        .WithEnvironment("Storage__Kind", "S3")
        .WithEnvironment("Storage__S3__ServiceUrl", "http://127.0.0.1:" + s3Port)
        .WithEnvironment("Storage__S3__Bucket", "matchcut")
        .WithEnvironment("Storage__S3__ForcePathStyle", "true")
        .WithEnvironment("Storage__S3__AccessKey", "S3RVER")
        .WithEnvironment("Storage__S3__SecretKey", "S3RVER")
        .WithEnvironment("Storage__S3__LocalCacheFolder", Path.Combine(work, "cache", name))
        .WithEnvironment("Vectors__Kind", "InProcess")
        .WithEnvironment("Media__ScratchFolder", Path.Combine(work, "scratch", name))
        .WithHttpEndpoint(name: "http", env: "ASPNETCORE_HTTP_PORTS", isProxied: false)
        .WithHttpHealthCheck("/health")
        .WaitFor(rabbit)
        .WaitFor(s3);
    foreach (var (key, value) in own) service.WithEnvironment(key, value);
    return service;
}

Service<Projects.Matchcut_Ingest>("ingest", ("Ingest__AllowedRoots__0", media), ("Ingest__SourceBucket", "matchcut"));
Service<Projects.Matchcut_StandardizedEncode>("standardized-encode");
Service<Projects.Matchcut_ShotSegment>("shot-segment");
Service<Projects.Matchcut_Dedup>("dedup");
Service<Projects.Matchcut_EmbedGpu>("embed", ("Onnx__ExecutionProvider", "Cpu"));
Service<Projects.Matchcut_Score>("score");
var index = Service<Projects.Matchcut_Index>("index", ("Ingest__AllowedRoots__0", media));

var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
builder.AddProject<Projects.Matchcut_Gateway>("gateway", launchProfileName: null)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
    .WithEnvironment(context => context.EnvironmentVariables["ReverseProxy__Clusters__index__Destinations__d1__Address"] =
        index.GetEndpoint("http").Url + "/")
    .WithEnvironment("Gateway__ApiKeys__default__Hash", hash)
    .WithEnvironment("Gateway__ApiKeys__default__Scopes__0", "read")
    .WithEnvironment("Gateway__ApiKeys__default__Scopes__1", "review")
    .WithEnvironment("Gateway__ApiKeys__default__Scopes__2", "ingest")
    .WithHttpEndpoint(port: gatewayPort, name: "http", env: "ASPNETCORE_HTTP_PORTS", isProxied: false)
    .WithHttpHealthCheck("/health")
    .WaitFor(index);

builder.Build().Run();

static HealthCheckResult Listening(int port)
{
    try
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        return HealthCheckResult.Healthy($"127.0.0.1:{port} accepts connections");
    }
    catch (SocketException ex)
    {
        return HealthCheckResult.Unhealthy($"127.0.0.1:{port}: {ex.SocketErrorCode}");
    }
}
