namespace Matchcut.Reports.Beats;

/// <summary>
/// A run of consecutive kept shots about one thing (their dominant label): shots FirstShot..LastShot (shot indices),
/// from StartSec to EndSec; ShotIds are the kept shots it holds.
/// </summary>
public sealed record BeatEvent(int Index, string Label, int FirstShot, int LastShot, double StartSec, double EndSec, IReadOnlyList<string> ShotIds);
