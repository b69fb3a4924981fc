using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Matchcut.Vectors.Qdrant;

/// <summary>
/// Shot vectors in one Qdrant collection through Qdrant.Client (gRPC): a named cosine vector per flavour, HNSW and int8
/// quantization from <see cref="QdrantOptions"/>, keyword payload indexes on title, asset, tags and scale. A flavour whose
/// dimension changed is refused while the collection holds shots; nothing is ever dropped implicitly.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex, IDisposable
{
    private readonly QdrantOptions _options;
    private readonly QdrantClient _client;
    private readonly bool _ownsClient;
    private readonly SemaphoreSlim _dimensionsGate = new(1, 1);
    private IReadOnlyDictionary<string, int>? _dimensions;

    /// <summary>Connects to <see cref="QdrantOptions.Url"/> with the API key and deadline from the options.</summary>
    public QdrantVectorIndex(QdrantOptions options)
        : this(new QdrantClient(new Uri(options.Url), options.ApiKey, options.RequestTimeout), options, ownsClient: true)
    {
    }

    /// <summary>Uses <paramref name="client"/> as given; it stays the caller's to dispose.</summary>
    public QdrantVectorIndex(QdrantClient client, QdrantOptions options) : this(client, options, ownsClient: false)
    {
    }

    private QdrantVectorIndex(QdrantClient client, QdrantOptions options, bool ownsClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.UpsertBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ScrollPageSize);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Collection);
        _options = options;
        _client = client;
        _ownsClient = ownsClient;
    }

    private string Collection => _options.Collection;

    public async Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default)
    {
        foreach (var (flavour, dimension) in dimensions)
            if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimensions), $"Flavour '{flavour}' needs a positive dimension, not {dimension}.");
        await _dimensionsGate.WaitAsync(ct);
        try
        {
            var info = await ReadCollectionAsync(ct);
            if (info is null)
            {
                if (await CreateCollectionAsync(dimensions, ct))
                {
                    _dimensions = new Dictionary<string, int>(dimensions, StringComparer.Ordinal);
                    return;
                }
                // Another worker made it meanwhile: its sizes are checked like any existing collection's.
                info = await ReadCollectionAsync(ct) ?? throw new InvalidOperationException($"Qdrant collection '{Collection}' was reported to exist and then not found.");
            }
            var existing = Dimensions(info);
            var changed = dimensions.Where(d => existing.TryGetValue(d.Key, out var size) && size != d.Value).ToList();
            if (changed.Count > 0)
            {
                // Qdrant cannot resize a named vector; the shots held would have to go. They stay, and the caller is told.
                var held = await CallAsync("Count", () => _client.CountAsync(Collection, exact: true, cancellationToken: ct));
                if (held > 0)
                    throw new VectorDimensionException($"Qdrant collection '{Collection}' at {_options.Url}", changed[0].Key, existing[changed[0].Key], changed[0].Value, (long)held);
                // An empty collection holds nothing to keep: made anew with the new sizes.
                var wanted = new Dictionary<string, int>(existing, StringComparer.Ordinal);
                foreach (var (name, size) in dimensions) wanted[name] = size;
                await CallAsync("DeleteCollection", () => _client.DeleteCollectionAsync(Collection, _options.CollectionTimeout, ct));
                if (!await CreateCollectionAsync(wanted, ct))
                    throw new InvalidOperationException($"Qdrant collection '{Collection}' was made again by another process while being recreated; retry.");
                _dimensions = wanted;
                return;
            }
            var known = new Dictionary<string, int>(existing, StringComparer.Ordinal);
            foreach (var (name, size) in dimensions.Where(d => !existing.ContainsKey(d.Key)))
            {
                // A new flavour joins as a named vector of its own; the shots held keep theirs.
                await CallAsync("CreateVectorName", () => _client.CreateVectorNameAsync(QdrantRequests.CreateVectorName(Collection, name, size, _options), ct));
                known[name] = size;
            }
            // Collections made before tags and scale were filtered lack those indexes.
            foreach (var field in QdrantPayload.IndexedFields.Where(f => !info.PayloadSchema.ContainsKey(f)))
                await CreateKeywordIndexAsync(field, ct);
            _dimensions = known;
        }
        finally
        {
            _dimensionsGate.Release();
        }
    }

    public async Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default)
    {
        var dimensions = await DimensionsAsync(ct);
        foreach (var point in points)
            foreach (var (name, vector) in point.Vectors)
            {
                if (!dimensions.TryGetValue(name, out var size))
                    throw new InvalidOperationException($"Flavour '{name}' is not in Qdrant collection '{Collection}'; call EnsureFlavoursAsync first.");
                if (vector.Length != size)
                    throw new ArgumentException($"Shot {point.ShotId}: '{name}' vector has {vector.Length} dimensions, Qdrant collection '{Collection}' holds {size}.");
            }
        // wait: Qdrant answers once the points are applied, so a search right after sees them.
        foreach (var batch in points.Chunk(_options.UpsertBatchSize))
            await CallAsync("Upsert", () => _client.UpsertAsync(Collection, batch.Select(QdrantRequests.Point).ToList(), wait: true, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        var hits = await CallAsync("Query", () => _client.QueryAsync(Collection, query: query.Vector, usingVector: query.Flavour,
            filter: QdrantRequests.Filter(query.Filter), searchParams: QdrantRequests.SearchParams(_options), limit: (ulong)query.K,
            payloadSelector: true, vectorsSelector: false, cancellationToken: ct));
        return hits.Select(hit =>
        {
            var (shotId, payload) = QdrantPayload.FromValues(hit.Payload);
            return new VectorHit(shotId, hit.Score, payload);
        }).ToList();
    }

    public async Task<ShotListing> ListAsync(ShotFilter filter, int skip, int take, CancellationToken ct = default)
    {
        ShotOrder.CheckPage(skip, take);
        // Scroll pages come in point-id (hash) order; the whole filtered set is read, payload only, and sorted here.
        var shots = new List<IndexedShot>();
        var qdrantFilter = QdrantRequests.Filter(filter);
        PointId? offset = null;
        do
        {
            var page = await CallAsync("Scroll", () => _client.ScrollAsync(Collection, qdrantFilter, (uint)_options.ScrollPageSize, offset,
                payloadSelector: true, vectorsSelector: false, cancellationToken: ct));
            foreach (var point in page.Result)
            {
                var (shotId, payload) = QdrantPayload.FromValues(point.Payload);
                shots.Add(new IndexedShot(shotId, payload));
            }
            offset = page.NextPageOffset;
        } while (offset is not null);
        return new ShotListing(shots.Count, ShotOrder.Sort(shots).Skip(skip).Take(take).ToList());
    }

    /// <summary>Qdrant's own scroll in point-id order: one request of <paramref name="take"/> points per page; the cursor is Qdrant's next offset.</summary>
    public async Task<ShotScroll> ScrollAsync(ShotFilter filter, string? cursor, int take, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        PointId? offset = null;
        if (cursor is not null)
        {
            if (!cursor.StartsWith("q", StringComparison.Ordinal) || !Guid.TryParseExact(cursor.AsSpan(1), "N", out var id)) throw new InvalidCursorException(cursor);
            offset = id;
        }
        var page = await CallAsync("Scroll", () => _client.ScrollAsync(Collection, QdrantRequests.Filter(filter), (uint)take, offset,
            payloadSelector: true, vectorsSelector: false, cancellationToken: ct));
        var shots = page.Result.Select(point =>
        {
            var (shotId, payload) = QdrantPayload.FromValues(point.Payload);
            return new IndexedShot(shotId, payload);
        }).ToList();
        var next = page.NextPageOffset is { Uuid: { Length: > 0 } uuid } && Guid.TryParse(uuid, out var g) ? $"q{g:N}" : null;
        return new ShotScroll(shots, next);
    }

    public async Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default)
    {
        var found = await CallAsync("Retrieve", () => _client.RetrieveAsync(Collection, QdrantPointIds.Of(shotId), withPayload: true, withVectors: true, cancellationToken: ct));
        if (found is not [{ } record, ..]) return null;
        var (id, payload) = QdrantPayload.FromValues(record.Payload);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, vector) in record.Vectors.Vectors.Vectors)
            if (vector.GetDenseVector() is { } dense) vectors[name] = dense.Data.ToArray();
        return new ShotPoint(id, vectors, payload);
    }

    public async Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default)
    {
        // Qdrant's delete does not say how many points went; counting first is exact unless the asset is written meanwhile.
        var filter = QdrantRequests.AssetFilter(assetId);
        var count = await CallAsync("Count", () => _client.CountAsync(Collection, filter, exact: true, cancellationToken: ct));
        await CallAsync("Delete", () => _client.DeleteAsync(Collection, filter, wait: true, cancellationToken: ct));
        return (int)count;
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
        _dimensionsGate.Dispose();
    }

    /// <summary>Creates the collection and its payload indexes; false when another process created it first.</summary>
    private async Task<bool> CreateCollectionAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct)
    {
        try
        {
            await _client.CreateCollectionAsync(QdrantRequests.CreateCollection(Collection, dimensions, _options), ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists || e.Status.Detail.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        catch (RpcException e)
        {
            throw new QdrantCallException("CreateCollection", Collection, _options.Url, e);
        }
        foreach (var field in QdrantPayload.IndexedFields) await CreateKeywordIndexAsync(field, ct);
        return true;
    }

    private Task CreateKeywordIndexAsync(string field, CancellationToken ct) =>
        CallAsync("CreatePayloadIndex", () => _client.CreatePayloadIndexAsync(Collection, field, PayloadSchemaType.Keyword, wait: true, cancellationToken: ct));

    private async Task<IReadOnlyDictionary<string, int>> DimensionsAsync(CancellationToken ct)
    {
        if (_dimensions is { } known) return known;
        var info = await ReadCollectionAsync(ct)
            ?? throw new InvalidOperationException($"Qdrant collection '{Collection}' does not exist; call EnsureFlavoursAsync first.");
        return _dimensions = Dimensions(info);
    }

    /// <summary>The collection's description, or null when it does not exist.</summary>
    private async Task<CollectionInfo?> ReadCollectionAsync(CancellationToken ct)
    {
        if (!await CallAsync("CollectionExists", () => _client.CollectionExistsAsync(Collection, ct))) return null;
        return await CallAsync("GetCollectionInfo", () => _client.GetCollectionInfoAsync(Collection, ct));
    }

    /// <summary>Named vectors and their sizes; a collection with one unnamed vector has no flavours.</summary>
    private static Dictionary<string, int> Dimensions(CollectionInfo info)
    {
        var dimensions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (info.Config?.Params?.VectorsConfig is { ConfigCase: VectorsConfig.ConfigOneofCase.ParamsMap } config)
            foreach (var (name, parameters) in config.ParamsMap.Map)
                dimensions[name] = (int)parameters.Size;
        return dimensions;
    }

    private async Task<T> CallAsync<T>(string call, Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (RpcException e)
        {
            throw new QdrantCallException(call, Collection, _options.Url, e);
        }
    }

    private async Task CallAsync(string call, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (RpcException e)
        {
            throw new QdrantCallException(call, Collection, _options.Url, e);
        }
    }
}
