namespace Matchcut.Vectors.InProcess;

/// <summary>Shot vectors held in this process: exact SIMD search or an HNSW graph per flavour, with optional snapshot persistence.</summary>
public sealed class InProcessVectorIndex : IVectorIndex, IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly InProcessVectorIndexOptions _options;
    private readonly Dictionary<string, FlavourIndex> _flavours = new(StringComparer.Ordinal);
    private readonly Timer? _snapshotTimer;
    private PointTable _table = new();
    private int _dirty;
    private bool _disposed;

    public InProcessVectorIndex(InProcessVectorIndexOptions? options = null)
    {
        _options = options ?? new InProcessVectorIndexOptions();
        if (_options.SnapshotPath is { } path && File.Exists(path))
        {
            var (table, flavours) = IndexSnapshot.Read(path, _options);
            _table = table;
            foreach (var flavour in flavours)
            {
                flavour.Index([], _table.Count);
                _flavours[flavour.Name] = flavour;
            }
        }
        if (_options.SnapshotPath is not null && _options.SnapshotInterval is { } every && every > TimeSpan.Zero)
            _snapshotTimer = new Timer(_ => SaveIfDirty(), null, every, every);
    }

    /// <summary>Live shots in the index.</summary>
    public int Count => Read(() => _table.LiveCount);

    /// <summary>The flavours and their dimensions.</summary>
    public IReadOnlyDictionary<string, int> Dimensions => Read(() => _flavours.ToDictionary(f => f.Key, f => f.Value.Dimension));

    public Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default)
    {
        foreach (var (flavour, dimension) in dimensions)
            if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimensions), $"Flavour '{flavour}' needs a positive dimension, not {dimension}.");
        Write(() =>
        {
            // Every flavour is checked before any changes, so a refused call leaves the index as it was.
            foreach (var (name, dimension) in dimensions)
                if (_flavours.TryGetValue(name, out var existing) && existing.Dimension != dimension && LiveShotsWith(existing) is > 0 and var held)
                    throw new VectorDimensionException(Where, name, existing.Dimension, dimension, held);
            foreach (var (name, dimension) in dimensions)
            {
                // A flavour no live shot carries holds nothing to keep: it takes the new width.
                if (_flavours.TryGetValue(name, out var existing) && existing.Dimension == dimension) continue;
                _flavours[name] = new FlavourIndex(name, dimension, _options);
            }
        });
        return Task.CompletedTask;
    }

    public Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default)
    {
        Write(() =>
        {
            // Checked before any change so a bad batch leaves the index as it was.
            foreach (var point in points)
                foreach (var (name, vector) in point.Vectors)
                {
                    if (!_flavours.TryGetValue(name, out var flavour))
                        throw new InvalidOperationException($"Flavour '{name}' is not in the index; call EnsureFlavoursAsync first.");
                    if (vector.Length != flavour.Dimension)
                        throw new ArgumentException($"Shot {point.ShotId}: '{name}' vector has {vector.Length} dimensions, the index {flavour.Dimension}.");
                }
            var added = new Dictionary<FlavourIndex, List<int>>();
            foreach (var point in points)
            {
                var slot = _table.Add(point.ShotId, point.Payload);
                foreach (var (name, vector) in point.Vectors)
                {
                    var flavour = _flavours[name];
                    flavour.Store.Set(slot, vector);
                    if (!added.TryGetValue(flavour, out var slots)) added[flavour] = slots = [];
                    slots.Add(slot);
                }
            }
            foreach (var (flavour, slots) in added) flavour.Index(slots, _table.Count);
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        _lock.EnterReadLock();
        try
        {
            if (!_flavours.TryGetValue(query.Flavour, out var flavour)) return Task.FromResult<IReadOnlyList<VectorHit>>([]);
            if (query.Vector.Length != flavour.Dimension)
                throw new ArgumentException($"Query has {query.Vector.Length} dimensions, flavour '{query.Flavour}' {flavour.Dimension}.");
            var normalized = new float[query.Vector.Length];
            VectorStore.Normalize(query.Vector, normalized);
            var (filter, allowed) = QueryFilters.Resolve(query.Filter, _table, flavour.Store.Present);
            var found = allowed == 0 ? [] : flavour.Search(normalized, query.K, filter, _table.Count, allowed);
            var hits = found
                .Select(f => new VectorHit(_table.ShotIdAt(f.Slot), f.Score, _table.PayloadAt(f.Slot)))
                .OrderByDescending(h => h.Score).ThenBy(h => h.ShotId, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult<IReadOnlyList<VectorHit>>(hits);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task<ShotListing> ListAsync(ShotFilter filter, int skip, int take, CancellationToken ct = default)
    {
        ShotOrder.CheckPage(skip, take);
        return Task.FromResult(Read(() =>
        {
            var passing = new List<IndexedShot>();
            for (var slot = 0; slot < _table.Count; slot++)
            {
                if (_table.IsDeleted(slot)) continue;
                var (shotId, payload) = (_table.ShotIdAt(slot), _table.PayloadAt(slot));
                if (filter.Allows(shotId, payload)) passing.Add(new IndexedShot(shotId, payload));
            }
            return new ShotListing(passing.Count, ShotOrder.Sort(passing).Skip(skip).Take(take).ToList());
        }));
    }

    /// <summary>Slot order (shots as they were indexed); the cursor is the next slot to read, so a page reads from there until it is full.</summary>
    public Task<ShotScroll> ScrollAsync(ShotFilter filter, string? cursor, int take, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var from = 0;
        if (cursor is not null && !(cursor.StartsWith("s", StringComparison.Ordinal)
                                    && int.TryParse(cursor.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from)))
            throw new InvalidCursorException(cursor);
        return Task.FromResult(Read(() =>
        {
            var shots = new List<IndexedShot>(Math.Min(take, 1024));
            var slot = from;
            for (; slot < _table.Count && shots.Count < take; slot++)
            {
                if (_table.IsDeleted(slot)) continue;
                var (shotId, payload) = (_table.ShotIdAt(slot), _table.PayloadAt(slot));
                if (filter.Allows(shotId, payload)) shots.Add(new IndexedShot(shotId, payload));
            }
            return new ShotScroll(shots, slot < _table.Count ? $"s{slot}" : null);
        }));
    }

    public Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default) => Task.FromResult(Read(() =>
    {
        if (!_table.TryGetSlot(shotId, out var slot)) return null;
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, flavour) in _flavours)
            if (slot < flavour.Store.Present.Length && flavour.Store.Present[slot])
                vectors[name] = flavour.Store.Get(slot).ToArray();
        return new ShotPoint(shotId, vectors, _table.PayloadAt(slot));
    }));

    public Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default)
    {
        var removed = 0;
        Write(() =>
        {
            for (var slot = 0; slot < _table.Count; slot++)
            {
                if (_table.IsDeleted(slot) || _table.PayloadAt(slot).AssetId != assetId) continue;
                _table.Delete(slot);
                removed++;
            }
        });
        return Task.FromResult(removed);
    }

    /// <summary>Writes the snapshot to <see cref="InProcessVectorIndexOptions.SnapshotPath"/>; searches go on meanwhile, writes wait.</summary>
    public Task SaveSnapshotAsync(CancellationToken ct = default)
    {
        var path = _options.SnapshotPath ?? throw new InvalidOperationException("No SnapshotPath is configured.");
        _lock.EnterReadLock();
        try
        {
            // Writers are held off by the read lock, so nothing can change between clearing the flag and writing.
            Interlocked.Exchange(ref _dirty, 0);
            try
            {
                IndexSnapshot.Write(path, _table, _flavours.Values);
            }
            catch
            {
                Volatile.Write(ref _dirty, 1);
                throw;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_snapshotTimer is not null)
        {
            // Waits for a snapshot the timer may be writing, so the lock is not disposed under it.
            using var stopped = new ManualResetEvent(false);
            if (_snapshotTimer.Dispose(stopped)) stopped.WaitOne();
        }
        SaveIfDirty();
        _lock.Dispose();
    }

    private void SaveIfDirty()
    {
        if (_options.SnapshotPath is not null && Volatile.Read(ref _dirty) == 1) SaveSnapshotAsync().GetAwaiter().GetResult();
    }

    private string Where => _options.SnapshotPath is { } path ? $"In-process vector index (snapshot '{path}')" : "In-process vector index";

    private int LiveShotsWith(FlavourIndex flavour)
    {
        var present = flavour.Store.Present;
        var live = 0;
        for (var slot = 0; slot < Math.Min(_table.Count, present.Length); slot++)
            if (present[slot] && !_table.IsDeleted(slot)) live++;
        return live;
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try { return read(); }
        finally { _lock.ExitReadLock(); }
    }

    private void Write(Action change)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _lock.EnterWriteLock();
        try
        {
            change();
            CompactIfWorthIt();
            Volatile.Write(ref _dirty, 1);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Replaced and deleted shots stay in the graph as stepping stones; once they are a quarter of it, rebuild without them.</summary>
    private void CompactIfWorthIt()
    {
        if (_table.DeletedCount < Math.Max(1024, _table.Count / 4)) return;
        var table = new PointTable();
        var flavours = _flavours.Values.Select(f => (Old: f, New: new FlavourIndex(f.Name, f.Dimension, _options))).ToList();
        var added = flavours.ToDictionary(f => f.New, _ => new List<int>());
        for (var slot = 0; slot < _table.Count; slot++)
        {
            if (_table.IsDeleted(slot)) continue;
            var fresh = table.Add(_table.ShotIdAt(slot), _table.PayloadAt(slot));
            foreach (var (old, renewed) in flavours)
            {
                if (slot >= old.Store.Present.Length || !old.Store.Present[slot]) continue;
                renewed.Store.SetNormalized(fresh, old.Store.Get(slot));
                added[renewed].Add(fresh);
            }
        }
        foreach (var (flavour, slots) in added) flavour.Index(slots, table.Count);
        _table = table;
        foreach (var (_, renewed) in flavours) _flavours[renewed.Name] = renewed;
    }
}
