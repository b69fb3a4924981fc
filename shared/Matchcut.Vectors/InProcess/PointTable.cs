namespace Matchcut.Vectors.InProcess;

/// <summary>Shot ids, payloads and title codes by slot; a replaced or deleted shot leaves a tombstone so graph links stay valid.</summary>
internal sealed class PointTable
{
    private readonly Dictionary<string, int> _slotByShot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _codeByTitle = new(StringComparer.Ordinal);
    private readonly List<int> _liveByTitle = [];
    private string[] _shotIds = new string[1024];
    private ShotPayload[] _payloads = new ShotPayload[1024];
    private int[] _titleCodes = new int[1024];
    private bool[] _deleted = new bool[1024];

    /// <summary>Slots handed out, tombstones included.</summary>
    public int Count { get; private set; }
    public int LiveCount => _slotByShot.Count;
    public int DeletedCount => Count - LiveCount;
    public int[] TitleCodes => _titleCodes;
    public bool[] Deleted => _deleted;
    public ShotPayload[] Payloads => _payloads;

    public string ShotIdAt(int slot) => _shotIds[slot];
    public ShotPayload PayloadAt(int slot) => _payloads[slot];
    public bool IsDeleted(int slot) => _deleted[slot];

    public bool TryGetSlot(string shotId, out int slot) => _slotByShot.TryGetValue(shotId, out slot);

    public bool TryGetTitleCode(string titleId, out int code) => _codeByTitle.TryGetValue(titleId, out code);

    public int TitleCount => _liveByTitle.Count;

    public int LiveShotsOfTitle(int code) => _liveByTitle[code];

    /// <summary>A fresh slot for the shot; an earlier slot of the same shot becomes a tombstone.</summary>
    public int Add(string shotId, ShotPayload payload)
    {
        if (_slotByShot.TryGetValue(shotId, out var old)) Delete(old);
        var slot = Count++;
        if (slot == _shotIds.Length) Grow(slot * 2);
        if (!_codeByTitle.TryGetValue(payload.TitleId, out var code))
        {
            code = _liveByTitle.Count;
            _codeByTitle[payload.TitleId] = code;
            _liveByTitle.Add(0);
        }
        _shotIds[slot] = shotId;
        _payloads[slot] = payload;
        _titleCodes[slot] = code;
        _deleted[slot] = false;
        _liveByTitle[code]++;
        _slotByShot[shotId] = slot;
        return slot;
    }

    public void Delete(int slot)
    {
        if (_deleted[slot]) return;
        _deleted[slot] = true;
        _liveByTitle[_titleCodes[slot]]--;
        _slotByShot.Remove(_shotIds[slot]);
    }

    /// <summary>Restores a slot as it was saved, tombstones included, so a saved graph still lines up.</summary>
    public void Restore(string shotId, ShotPayload payload, bool deleted)
    {
        var slot = Add(shotId, payload);
        if (deleted) Delete(slot);
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _shotIds, capacity);
        Array.Resize(ref _payloads, capacity);
        Array.Resize(ref _titleCodes, capacity);
        Array.Resize(ref _deleted, capacity);
    }
}
