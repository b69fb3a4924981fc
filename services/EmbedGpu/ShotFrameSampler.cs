using System.Numerics.Tensors;
using Matchcut.Hosting.Documents;
using Matchcut.Media;

namespace Matchcut.EmbedGpu;

/// <summary>Decodes the standardized video once and pools a per-frame descriptor over N evenly spaced frames of each shot.</summary>
public sealed class ShotFrameSampler(MediaOptions media)
{
    /// <summary>Analysis width for descriptors; height follows the standardized aspect.</summary>
    public const int Width = 128;

    public async Task<float[][]> PoolAsync(string videoPath, StandardTimeline timeline, IReadOnlyList<ShotRecord> shots,
        int framesPerShot, int dimension, FrameDescriber describe, CancellationToken ct)
    {
        var height = Math.Max(2, (int)Math.Round(Width * (double)timeline.Height / timeline.Width / 2) * 2);
        var wanted = new Dictionary<int, List<int>>();
        for (var s = 0; s < shots.Count; s++)
            foreach (var k in SampleFrames(shots[s].StdCleanFirst, shots[s].StdCleanLast, framesPerShot))
                (wanted.TryGetValue(k, out var list) ? list : wanted[k] = []).Add(s);

        var sums = shots.Select(_ => new float[dimension]).ToArray();
        var counts = new int[shots.Count];
        var last = wanted.Count == 0 ? -1 : wanted.Keys.Max();
        await using var reader = RawFrameReader.Open(media, videoPath, Width, height, RawPixelFormat.Rgb24);
        var frame = new byte[reader.FrameBytes];
        var descriptor = new float[dimension];
        for (var k = 0; k <= last && await reader.ReadFrameAsync(frame, ct); k++)
        {
            if (!wanted.TryGetValue(k, out var owners)) continue;
            describe(frame, Width, height, descriptor);
            foreach (var s in owners)
            {
                TensorPrimitives.Add(sums[s], descriptor, sums[s]);
                counts[s]++;
            }
        }
        for (var s = 0; s < shots.Count; s++)
        {
            if (counts[s] == 0) throw new InvalidDataException($"No frame of shot {shots[s].Index} was decoded from the standardized video.");
            var norm = TensorPrimitives.Norm(sums[s]);
            if (norm > 0) TensorPrimitives.Divide(sums[s], norm, sums[s]);
        }
        return sums;
    }

    /// <summary>N frames spread evenly inside [first, last], each at the centre of its slice.</summary>
    public static IEnumerable<int> SampleFrames(int first, int last, int n)
    {
        var length = last - first + 1;
        return Enumerable.Range(0, Math.Min(n, length)).Select(j => first + (int)((j + 0.5) * length / Math.Min(n, length))).Distinct();
    }
}

/// <summary>Writes the descriptor of one RGB24 frame into the output span.</summary>
public delegate void FrameDescriber(ReadOnlySpan<byte> rgb, int width, int height, Span<float> output);
