using System.Text.Json;

namespace Matchcut.Onnx.Tests;

/// <summary>Outputs of the official onnxruntime-node binding, from fixtures/reference-outputs.json.</summary>
internal sealed record ReferenceFixtures(string OrtVersion, IReadOnlyList<ModelFixture> Fixtures)
{
    private static readonly Lazy<ReferenceFixtures> Loaded = new(() =>
        JsonSerializer.Deserialize<ReferenceFixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "reference-outputs.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static ReferenceFixtures Instance => Loaded.Value;

    public static ModelFixture For(string file) => Instance.Fixtures.Single(f => f.File == file);
}

internal sealed record ModelFixture(string File, InputFixture Input, IReadOnlyList<OutputFixture> Outputs)
{
    /// <summary>Rents and fills the fixture's input; dispose after the run.</summary>
    public PooledTensor<float> RentInput()
    {
        var tensor = PooledTensor<float>.Rent([.. Input.Shape]);
        DeterministicInput.Fill(tensor.Span, Input.Seed, Input.Lo, Input.Hi);
        return tensor;
    }
}

internal sealed record InputFixture(string Name, long[] Shape, double Lo, double Hi, int Seed);

internal sealed record OutputFixture(
    string Name, long[] Shape, double Sum, double SumAbs, double Mean, int[] SampleIndices, double[] SampleValues);
