namespace Matchcut.Deployment.Tests;

/// <summary>Facts about the services that the deployment files must agree with.</summary>
public static class Expectations
{
    /// <summary>Kestrel's port in the containers (the .NET images' ASPNETCORE_HTTP_PORTS).</summary>
    public const int ContainerPort = 8080;

    public static readonly IReadOnlySet<string> HealthPaths = new HashSet<string> { "/health", "/alive" };

    /// <summary>Services with no queue: the gateway takes HTTP, not messages.</summary>
    public static readonly IReadOnlySet<string> ServicesWithoutQueue = new HashSet<string> { "gateway" };

    /// <summary>Stages that probe or decode video, so their images need ffmpeg.</summary>
    public static readonly IReadOnlySet<string> ProjectsNeedingFfmpeg = new HashSet<string>
    {
        "services/Ingest/Matchcut.Ingest.csproj",
        "services/StandardizedEncode/Matchcut.StandardizedEncode.csproj",
        "services/ShotSegment/Matchcut.ShotSegment.csproj",
        "services/Dedup/Matchcut.Dedup.csproj",
        "services/EmbedGpu/Matchcut.EmbedGpu.csproj",
    };

    /// <summary>Stages that run the vision models (through VisionModelsProvider), so they need the models folder.</summary>
    public static readonly IReadOnlySet<string> ProjectsRunningModels = new HashSet<string>
    {
        "services/Dedup/Matchcut.Dedup.csproj",
        "services/EmbedGpu/Matchcut.EmbedGpu.csproj",
    };

    /// <summary>The gateway's project; it serves HTTP and forwards to the services its YARP clusters name.</summary>
    public const string GatewayProject = "services/Gateway/Matchcut.Gateway.csproj";
}
