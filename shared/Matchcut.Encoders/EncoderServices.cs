using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Shots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matchcut.Encoders;

/// <summary>Registers the encoders with options from "Models", "Onnx" and "Embedding"; safe to call from several stages in one host.</summary>
public static class EncoderServices
{
    public static IServiceCollection AddShotEncoders(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ShotVideoAnalyzer))) return services;
        services.AddFrameEncoder();
        services.TryAddSingleton<ShotVideoAnalyzer>();
        // So do the folder models (silhouettes, tags, scale) unless Models:Enabled=false.
        services.AddHostedService<VisionModelsStartupCheck>();
        // Text on screen when its models are found (or required by Text:Enabled=true).
        services.AddOptions<Text.TextOptions>().BindConfiguration("Text").ValidateOnStart();
        services.TryAddSingleton<Text.ScreenTextProvider>();
        services.AddHostedService<Text.ScreenTextStartupCheck>();
        return services;
    }

    /// <summary>The frame encoder alone (what search by picture needs), checked at start-up like the stages' own.</summary>
    public static IServiceCollection AddFrameEncoder(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(FrameEncoderProvider))) return services;
        services.AddOptions<ModelFilesOptions>().BindConfiguration("Models").ValidateOnStart();
        services.AddOptions<OnnxOptions>().BindConfiguration("Onnx").ValidateOnStart();
        services.AddOptions<EncodingOptions>().BindConfiguration("Embedding")
            .Validate(o => o.MotionProblem() is null, "Embedding:MotionMaxFrames must be 0 (every frame) or at least 2, and Embedding:MotionRunFrames at least 2.")
            .ValidateOnStart();
        services.TryAddSingleton<VisionModelsProvider>();
        services.TryAddSingleton<FrameEncoderProvider>();
        // A configured frame encoder whose model file is missing stops the host at start-up, naming the path.
        services.AddHostedService<FrameEncoderStartupCheck>();
        return services;
    }
}
