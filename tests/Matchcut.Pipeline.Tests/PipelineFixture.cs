namespace Matchcut.Pipeline.Tests;

/// <summary>The embedded pipeline shared by the pipeline tests, with one quick retry.</summary>
/// <remarks>It runs without the models folder and with the classical frame encoder chosen in configuration, so these
/// tests pin the classical representations; the neural ones are Matchcut.Encoders.Tests' job.</remarks>
public sealed class PipelineFixture() : EmbeddedPipelineFixture("pipeline")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Bus:RetryIntervalsMs:0", "50"),
        new("Models:Enabled", "false"),
        new("Embedding:FrameEncoder", "classical"),
    ];
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
