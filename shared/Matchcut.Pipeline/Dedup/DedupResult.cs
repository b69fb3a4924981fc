namespace Matchcut.Pipeline;

/// <summary>
/// Dedup's verdict on every shot, and how it judged: the descriptor's method, and for a neural descriptor its model
/// (<see cref="Provenance"/>); <see cref="Fingerprint"/> is what it was computed with, so another model recomputes it.
/// </summary>
public sealed record DedupResult(string Descriptor, double Threshold, double MinShotSec, IReadOnlyList<ShotVerdict> Shots,
    ModelProvenance? Provenance = null, string? Fingerprint = null)
{
    /// <summary>How two look-alike shots were told apart by their text (the text models' method), or null when the text models were off.</summary>
    public string? TextCheck { get; init; }

    public IEnumerable<int> Kept => Shots.Where(s => s.Kept).Select(s => s.Index);
}

/// <summary>Why a shot was dropped ("blank", "too-short", "duplicate") and of which earlier shot it duplicates.</summary>
public sealed record ShotVerdict(int Index, bool Kept, string? DropReason, int? DuplicateOf, double? Similarity);
