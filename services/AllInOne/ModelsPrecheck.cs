using Matchcut.Encoders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matchcut.AllInOne;

/// <summary>The folder models checked before a host starts, so a first run without them gets one line, not the host's failure log.</summary>
public static class ModelsPrecheck
{
    /// <summary>Null when the configured models are there (or turned off), else one line naming what was looked for and the ways out.</summary>
    public static string? Problem(IServiceProvider services)
    {
        try
        {
            VisionModelsStartupCheck.Check(services.GetRequiredService<IOptions<ModelFilesOptions>>().Value);
            return null;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return $"matchcut: {e.Message}";
        }
    }
}
