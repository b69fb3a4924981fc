using Matchcut.Vectors;

namespace Matchcut.Vectors.Tests;

/// <summary>Clustered random vectors shaped like shot embeddings: many shots near a few looks, spread over titles and assets.</summary>
internal static class SyntheticShots
{
    public static float[][] Clustered(int count, int dimension, int clusters, int seed, float spread = 0.35f)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Gaussian(random, dimension, 1f)).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var centre = centres[random.Next(clusters)];
            var noise = Gaussian(random, dimension, spread);
            for (var d = 0; d < dimension; d++) noise[d] += centre[d];
            return noise;
        }).ToArray();
    }

    public static ShotPoint Point(string flavour, float[] vector, int index, int titles = 10, int shotsPerAsset = 50)
    {
        var asset = $"asset{index / shotsPerAsset}";
        var shotIndex = index % shotsPerAsset;
        return new ShotPoint(ShotIds.Of(asset, shotIndex), new Dictionary<string, float[]> { [flavour] = vector },
            new ShotPayload($"title{index / shotsPerAsset % titles}", asset, shotIndex, shotIndex * 2.0, shotIndex * 2.0 + 2, $"kf/{asset}/{shotIndex}.jpg", $"clip/{asset}/{shotIndex}.mp4"));
    }

    public static float[] Gaussian(Random random, int dimension, float sigma)
    {
        var v = new float[dimension];
        for (var d = 0; d < dimension; d++)
            v[d] = sigma * MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
        return v;
    }
}
