using Matchcut.Reports;

namespace Matchcut.Encoders.Tests;

/// <summary>The embedded pipeline with the real models, in a temp store; each source runs once and is shared by the tests.</summary>
public sealed class EncodedPipelineFixture() : EmbeddedPipelineFixture("encoders")
{
    private readonly Dictionary<string, Task<string>> _assets = new();

    /// <summary>The asset id of <paramref name="source"/> after the whole pipeline ran on it (once per fixture).</summary>
    public Task<string> AssetAsync(string source)
    {
        lock (_assets)
        {
            if (!_assets.TryGetValue(source, out var task)) _assets[source] = task = LandOnceAsync(source);
            return task;
        }
    }

    public async Task<AssetResult> ResultAsync(string source) => await Get<AssetResultBuilder>().BuildAsync(await AssetAsync(source));

    private async Task<string> LandOnceAsync(string source)
    {
        var result = await LandAsync($"enc-{Path.GetFileNameWithoutExtension(source)}", source);
        Assert.True(result.Succeeded, result.Failed?.Reason);
        return result.AssetId!;
    }
}

[CollectionDefinition(Name)]
public sealed class EncodedPipelineCollection : ICollectionFixture<EncodedPipelineFixture>
{
    public const string Name = "encoded-pipeline";
}
