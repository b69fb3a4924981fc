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
/// Opens a stage's models in the background as the host starts, so its first message does not wait for them (in the
/// embedded default they open while the source is being standardized). Start-up does not wait: a model that fails to
/// open fails the first message that needs it, with the same error, as it would without this.
/// </summary>
public sealed class ModelWarmup(StageModels models, IServiceProvider services) : IHostedService
{
    private Task _opening = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _opening = Task.Run(Open, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Waits for the models being opened, so none is still opening while the host disposes them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host stops without waiting further; a model still opening is left to the process's end.
        }
    }

    private void Open()
    {
        try
        {
            if (models.HasFlag(StageModels.FrameEncoder)) _ = services.GetRequiredService<FrameEncoderProvider>().Describe;
            if (models.HasFlag(StageModels.Vision)) _ = services.GetRequiredService<VisionModelsProvider>().Models;
            if (models.HasFlag(StageModels.Text)) _ = services.GetRequiredService<ScreenTextProvider>().Models;
        }
        catch (Exception)
        {
            // Told by the stage that needs the model: each provider keeps the error and throws it on use.
        }
    }
}

public static class ModelWarmupServices
{
    /// <summary>Opens <paramref name="models"/> in the background while the host starts (see <see cref="ModelWarmup"/>).</summary>
    public static IServiceCollection AddModelWarmup(this IServiceCollection services, StageModels models) =>
        services.AddSingleton<IHostedService>(sp => new ModelWarmup(models, sp));
}
