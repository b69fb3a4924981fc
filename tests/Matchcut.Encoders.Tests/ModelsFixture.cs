using Matchcut.Encoders.Models;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Tests;

/// <summary>The real models, opened once for the tests that call them directly.</summary>
public sealed class ModelsFixture : IDisposable
{
    public VisionModels Models { get; } = VisionModels.Open(new ModelLocator(), new OnnxOptions(), new ModelFilesOptions(), concurrentRuns: 1);

    public void Dispose() => Models.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "models";
}
