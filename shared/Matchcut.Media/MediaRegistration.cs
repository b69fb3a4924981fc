using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matchcut.Media;

public static class MediaRegistration
{
    /// <summary>Where the ffmpeg tools and scratch space are (section "Media"), for the services that run ffmpeg.</summary>
    public static IServiceCollection AddMediaOptions(this IServiceCollection services)
    {
        // Once, however many of the process's stages ask for it.
        if (services.Any(d => d.ServiceType == typeof(MediaOptions))) return services;
        services.AddOptions<MediaOptions>().BindConfiguration("Media").ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
        return services;
    }
}
