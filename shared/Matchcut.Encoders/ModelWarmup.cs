using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Encoders;

/// <summary>The models a stage runs, to open while the host starts.</summary>
[Flags]
public enum StageModels
{
    None = 0,
    /// <summary>The frame encoder (ResNet18 by default).</summary>
    FrameEncoder = 1,
    /// <summary>The folder models: segmenter, detector, face detector.</summary>
    Vision = 2,
    /// <summary>Text on screen's detection and recognition models.</summary>
    Text = 4,
}

/// <summary>
/// Opens a stage's models when the host starts, so its first message does not wait for them, and a model file that is
/// there but does not load (truncated, another format) stops the host at start-up naming it, instead of failing every
/// message that reaches the stage after retries.
/// </summary>
public sealed class ModelWarmup(StageModels models, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(Open, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message names the file and why; the inner errors only repeat it.
            throw new InvalidOperationException($"A model did not open ({models}): {e.Message}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Open()
    {
        if (models.HasFlag(StageModels.FrameEncoder)) _ = services.GetRequiredService<FrameEncoderProvider>().Describe;
        if (models.HasFlag(StageModels.Vision)) _ = services.GetRequiredService<VisionModelsProvider>().Models;
        if (models.HasFlag(StageModels.Text)) _ = services.GetRequiredService<ScreenTextProvider>().Models;
    }
}

public static class ModelWarmupServices
{
    /// <summary>Opens <paramref name="models"/> as the host starts (see <see cref="ModelWarmup"/>).</summary>
    public static IServiceCollection AddModelWarmup(this IServiceCollection services, StageModels models) =>
        services.AddSingleton<IHostedService>(sp => new ModelWarmup(models, sp));
}
