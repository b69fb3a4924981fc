namespace Matchcut.Vectors.Bench;

/// <summary>Synthetic shot embeddings: Gaussian clouds around random "looks", as shots of one scene sit near each other.</summary>
public static class ClusteredVectors
{
    public static float[][] Generate(int count, int dimension, int clusters, float spread, int seed)
    {
        var random = new Random(seed);
        var centres = new float[clusters][];
        for (var c = 0; c < clusters; c++) centres[c] = Gaussian(random, dimension, 1f, null);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++) vectors[i] = Gaussian(random, dimension, spread, centres[random.Next(clusters)]);
        return vectors;
    }

    private static float[] Gaussian(Random random, int dimension, float sigma, float[]? around)
    {
        var v = new float[dimension];
        for (var d = 0; d < dimension; d += 2)
        {
            // Box-Muller gives two normals per draw.
            var radius = sigma * MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle()));
            var angle = 2f * MathF.PI * random.NextSingle();
            v[d] = radius * MathF.Cos(angle) + (around?[d] ?? 0);
            if (d + 1 < dimension) v[d + 1] = radius * MathF.Sin(angle) + (around?[d + 1] ?? 0);
        }
        return v;
    }
}
