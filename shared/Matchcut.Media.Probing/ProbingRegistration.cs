using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Media;

public static class ProbingRegistration
{
    /// <summary>The media options and the prober, for the stages that read a source's streams.</summary>
    public static IServiceCollection AddVideoProber(this IServiceCollection services)
    {
        // Once, however many of the process's stages ask for it.
        if (services.Any(d => d.ServiceType == typeof(VideoProber))) return services;
        services.AddMediaOptions();
        services.AddSingleton<VideoProber>();
        return services;
    }
}
