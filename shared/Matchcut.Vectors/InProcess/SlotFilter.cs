namespace Matchcut.Vectors.InProcess;

/// <summary>A query's filter resolved to slot-level checks once, so testing a slot reads arrays (and, for tags and scale, the slot's payload) and allocates nothing.</summary>
internal readonly struct SlotFilter
{
    private readonly bool[] _present;
    private readonly bool[] _deleted;
    private readonly int[] _titleCodes;
    private readonly bool[]? _allowedTitles;
    private readonly int _excludedTitle;
    private readonly int _excludedSlot;
    private readonly ShotPayload[] _payloads;
    private readonly ShotFilter? _annotations;

    public SlotFilter(bool[] present, bool[] deleted, int[] titleCodes, bool[]? allowedTitles, int excludedTitle, int excludedSlot,
        ShotPayload[] payloads, ShotFilter? annotations)
    {
        _present = present;
        _deleted = deleted;
        _titleCodes = titleCodes;
        _allowedTitles = allowedTitles;
        _excludedTitle = excludedTitle;
        _excludedSlot = excludedSlot;
        _payloads = payloads;
        _annotations = annotations;
    }

    /// <summary>True when the filter narrows more than deletions and missing vectors do.</summary>
    public bool IsRestrictive => _allowedTitles is not null || _excludedTitle >= 0 || _annotations is not null;

    public bool Allows(int slot)
    {
        if (slot >= _present.Length || !_present[slot] || _deleted[slot] || slot == _excludedSlot) return false;
        var title = _titleCodes[slot];
        return title != _excludedTitle && (_allowedTitles is null || _allowedTitles[title])
            && (_annotations is null || _annotations.AllowsAnnotations(_payloads[slot]));
    }
}
