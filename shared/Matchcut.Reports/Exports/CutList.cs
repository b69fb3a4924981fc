namespace Matchcut.Reports.Exports;

/// <summary>A source file a cut list points into: where it is, its exact rate and its start timecode in frames.</summary>
public sealed record CutListSource(string Name, string Uri, FrameRate Rate, long StartTimecodeFrames, bool DropFrame, int Width, int Height, int FrameCount)
{
    public string StartTimecode => Timecode.Format(StartTimecodeFrames, Rate, DropFrame);
}

/// <summary>
/// One event: source frames [InFrame, OutFrame) of <see cref="Source"/> (0-based from the file's first frame, out
/// exclusive), laid end to end on the record side. Shot is the shot index; Pair, Score, Flavour and Role (a or b) say
/// which pair it shows, when it shows one.
/// </summary>
public sealed record CutEvent(string Name, CutListSource Source, string? TitleId, string ShotId, int Shot, int InFrame, int OutFrame,
    int? Pair = null, double? Score = null, string? Flavour = null, string? Role = null)
{
    public int Frames => OutFrame - InFrame;
}

/// <summary>An ordered cut list on one timeline rate (the first event's source rate).</summary>
public sealed record CutList(string Name, IReadOnlyList<CutEvent> Events)
{
    public FrameRate Rate => Events.Count > 0 ? Events[0].Source.Rate : new FrameRate(24, 1);

    public bool DropFrame => Events.Count > 0 && Events[0].Source.DropFrame;

    /// <summary>Where each event starts and how long it lasts on the timeline, in timeline frames.</summary>
    public IReadOnlyList<(long Start, long Frames)> RecordRanges()
    {
        var ranges = new List<(long, long)>(Events.Count);
        long at = 0;
        foreach (var e in Events)
        {
            // Another rate's event keeps its duration in seconds, rounded to timeline frames.
            var frames = e.Source.Rate == Rate ? e.Frames
                : (long)Math.Round(e.Frames * (double)e.Source.Rate.Denominator / e.Source.Rate.Numerator * Rate.Numerator / Rate.Denominator);
            ranges.Add((at, frames));
            at += frames;
        }
        return ranges;
    }
}
