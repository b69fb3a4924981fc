using System.Collections.Concurrent;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Text;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.Storage;

namespace Matchcut.Dedup;

/// <summary>
/// Whether two shots show different text: title cards with other words on one background, captions over black. Every
/// descriptor dedup compares (what a frame shows, how it is laid out) finds two such cards alike, yet each says
/// something else and must stay findable. Read from each shot's keyframe with the text models, only for a pair dedup is
/// about to link, so shots without look-alikes cost nothing. Off (no check) when the text models are off.
/// </summary>
public sealed class TextDifference(IObjectStore store, ScreenTextProvider text, StillImageDecoder stills)
{
    /// <summary>Lines shorter than this (letters and digits) are not taken as text: a texture can read as "I" or "ll".</summary>
    public const int MinCharacters = 3;

    /// <summary>What makes the check (the text models' fingerprint), or null when it is off.</summary>
    public string? Method => text.Models is { } m ? $"{ScreenTextModels.Method}|{m.Fingerprint}" : null;

    /// <summary>A check over <paramref name="shots"/> (by shot index), or null when the text models are off.</summary>
    public Func<int, int, CancellationToken, Task<bool>>? For(IReadOnlyList<ShotRecord> shots)
    {
        if (text.Models is not { } models) return null;
        var byIndex = shots.ToDictionary(s => s.Index);
        var read = new ConcurrentDictionary<int, Task<string>>();
        return async (a, b, ct) =>
        {
            var ta = await read.GetOrAdd(a, i => WordsAsync(models, byIndex[i], ct));
            var tb = await read.GetOrAdd(b, i => WordsAsync(models, byIndex[i], ct));
            return ta != tb;
        };
    }

    // The keyframe's confident text as one upper-case string of its letters and digits, lines in reading order.
    private async Task<string> WordsAsync(ScreenTextModels models, ShotRecord shot, CancellationToken ct)
    {
        var picture = await store.GetBytesAsync(shot.KeyframeKey, ct);
        var still = await stills.DecodeAsync(picture, 360, ct);
        var lines = models.Read(new RgbFrame(still.Pixels, still.Width, still.Height));
        var words = lines.Select(l => new string(l.Text.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()))
            .Where(w => w.Length >= MinCharacters);
        return string.Join(' ', words);
    }
}
