using System.Collections.Concurrent;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Text;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;

namespace Matchcut.Dedup;

/// <summary>
/// Whether two shots are cards with different text: title cards with other words on one background, captions over black. Every
/// descriptor dedup compares (what a frame shows, how it is laid out) finds two such cards alike, yet each says
/// something else and must stay findable. Read from each shot's keyframe with the text models, only for a pair dedup is
/// about to link, so shots without look-alikes cost nothing. Off (no check) when the text models are off.
/// </summary>
public sealed class TextDifference(IObjectStore store, ScreenTextProvider text, StillImageDecoder stills, ILogger<TextDifference> log)
{
    /// <summary>Lines shorter than this (letters and digits) are not taken as text: a texture can read as "I" or "ll".</summary>
    public const int MinCharacters = 3;

    /// <summary>
    /// Share of the longer text that must differ (edit distance) for two readings to count as other words: the same
    /// picture at another quality reads a letter or two differently, another card almost entirely.
    /// </summary>
    public const double MinDifference = 0.35;

    /// <summary>
    /// Least share of a keyframe's pixels within <see cref="BackgroundLevels"/> of its commonest luma for it to be a card
    /// (words on a plain background): title cards and captions on black measure over 0.85, footage with a title over it far less.
    /// </summary>
    public const double MinBackgroundShare = 0.75;

    public const int BackgroundLevels = 12;

    /// <summary>What makes the check (the text models' fingerprint), or null when it is off.</summary>
    public string? Method => text.Models is { } m ? $"{ScreenTextModels.Method}|{m.Fingerprint}" : null;

    /// <summary>A check over <paramref name="shots"/> (by shot index), or null when the text models are off.</summary>
    public Func<int, int, CancellationToken, Task<bool>>? For(IReadOnlyList<ShotRecord> shots)
    {
        if (text.Models is not { } models) return null;
        var byIndex = shots.ToDictionary(s => s.Index);
        var read = new ConcurrentDictionary<int, Task<(string Words, bool Card)>>();
        return async (a, b, ct) =>
        {
            var (ta, cardA) = await read.GetOrAdd(a, i => ReadAsync(models, byIndex[i], ct));
            var (tb, cardB) = await read.GetOrAdd(b, i => ReadAsync(models, byIndex[i], ct));
            // Only between cards is the text all that tells two pictures apart; over footage, a title that comes and
            // goes within one setup does not make another shot.
            var differ = cardA && cardB && Differ(ta, tb);
            if (differ) log.LogInformation("Shot {A} is not linked to look-alike shot {B}: the cards read '{TextA}' and '{TextB}'", a, b, ta, tb);
            return differ;
        };
    }

    /// <summary>Whether two readings are other words: one has text and the other none, or more than <see cref="MinDifference"/> of the longer differs.</summary>
    public static bool Differ(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return a.Length != b.Length;
        return Distance(a, b) > MinDifference * Math.Max(a.Length, b.Length);
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Whether a picture is a card: most of it one plain background (<see cref="MinBackgroundShare"/>).</summary>
    public static bool IsCard(byte[] rgb)
    {
        var histogram = new int[256];
        var pixels = rgb.Length / 3;
        for (var p = 0; p < pixels; p++) histogram[Bt601.Luma8(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2])]++;
        var commonest = Array.IndexOf(histogram, histogram.Max());
        var near = 0;
        for (var l = Math.Max(0, commonest - BackgroundLevels); l <= Math.Min(255, commonest + BackgroundLevels); l++) near += histogram[l];
        return near >= MinBackgroundShare * pixels;
    }

    // The keyframe's confident text as one upper-case string of its letters and digits, lines in reading order, and
    // whether the keyframe is a card.
    private async Task<(string Words, bool Card)> ReadAsync(ScreenTextModels models, ShotRecord shot, CancellationToken ct)
    {
        var picture = await store.GetBytesAsync(shot.KeyframeKey, ct);
        var still = await stills.DecodeAsync(picture, 360, ct);
        var lines = models.Read(new RgbFrame(still.Pixels, still.Width, still.Height));
        var words = lines.Select(l => new string(l.Text.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()))
            .Where(w => w.Length >= MinCharacters);
        return (string.Join(' ', words), IsCard(still.Pixels));
    }
}
