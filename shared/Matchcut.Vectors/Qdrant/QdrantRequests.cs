using Qdrant.Client.Grpc;

namespace Matchcut.Vectors.Qdrant;

/// <summary>The gRPC requests the adapter sends, built in one place from our types and the options.</summary>
internal static class QdrantRequests
{
    /// <summary>Named cosine vectors, HNSW and (when enabled) int8 scalar quantization from the options.</summary>
    public static CreateCollection CreateCollection(string collection, IReadOnlyDictionary<string, int> dimensions, QdrantOptions options)
    {
        var map = new VectorParamsMap();
        foreach (var (name, size) in dimensions.OrderBy(d => d.Key, StringComparer.Ordinal))
            map.Map[name] = new VectorParams { Size = (ulong)size, Distance = Distance.Cosine };
        var request = new CreateCollection
        {
            CollectionName = collection,
            VectorsConfig = new VectorsConfig { ParamsMap = map },
            HnswConfig = new HnswConfigDiff { M = (ulong)options.HnswM, EfConstruct = (ulong)options.HnswEfConstruct },
            Timeout = (ulong)options.CollectionTimeout.TotalSeconds,
        };
        if (options.QuantizationEnabled)
            request.QuantizationConfig = new QuantizationConfig
            {
                Scalar = new ScalarQuantization
                {
                    Type = QuantizationType.Int8,
                    Quantile = (float)options.QuantizationQuantile,
                },
            };
        // Pinned: the int8 copy stays in RAM even where the originals live on disk (the former always_ram).
        if (options.QuantizationEnabled && options.QuantizationAlwaysRam) request.QuantizationConfig.Scalar.Memory = Memory.Pinned;
        return request;
    }

    /// <summary>A new named vector on an existing collection, so a new flavour joins without touching the shots held.</summary>
    public static CreateVectorNameRequest CreateVectorName(string collection, string flavour, int size, QdrantOptions options) => new()
    {
        CollectionName = collection,
        VectorName = flavour,
        DenseConfig = new DenseVectorCreationConfig { Size = (ulong)size, Distance = Distance.Cosine },
        Wait = true,
        Timeout = (ulong)options.CollectionTimeout.TotalSeconds,
    };

    public static PointStruct Point(ShotPoint point)
    {
        var named = new NamedVectors();
        foreach (var (name, vector) in point.Vectors.OrderBy(v => v.Key, StringComparer.Ordinal))
            named.Vectors[name] = vector;
        var result = new PointStruct { Id = QdrantPointIds.Of(point.ShotId), Vectors = new global::Qdrant.Client.Grpc.Vectors { Vectors_ = named } };
        foreach (var (key, value) in QdrantPayload.ToValues(point.ShotId, point.Payload)) result.Payload[key] = value;
        return result;
    }

    /// <summary>
    /// Titles subset as one keyword match-any, each tag and the scale as keyword matches, all under must; the excluded
    /// title and shot under must_not. Null when nothing filters.
    /// </summary>
    public static Filter? Filter(ShotFilter query)
    {
        var filter = new Filter();
        if (query.Titles is { Count: > 0 } titles)
            filter.Must.Add(Conditions.Match(QdrantPayload.TitleId, titles.Distinct(StringComparer.Ordinal).ToList()));
        if (query.Tags is { Count: > 0 } tags)
            foreach (var tag in tags.Distinct(StringComparer.Ordinal))
                filter.Must.Add(Conditions.MatchKeyword(QdrantPayload.Tags, tag));
        if (query.Scale is not null) filter.Must.Add(Conditions.MatchKeyword(QdrantPayload.Scale, query.Scale));
        if (query.ExcludeTitle is not null) filter.MustNot.Add(Conditions.MatchKeyword(QdrantPayload.TitleId, query.ExcludeTitle));
        if (query.ExcludeShotId is not null) filter.MustNot.Add(Conditions.HasId(QdrantPointIds.Of(query.ExcludeShotId)));
        return filter.Must.Count == 0 && filter.MustNot.Count == 0 ? null : filter;
    }

    public static Filter AssetFilter(string assetId) => Conditions.MatchKeyword(QdrantPayload.AssetId, assetId);

    public static SearchParams? SearchParams(QdrantOptions options) =>
        options.SearchHnswEf is { } ef ? new SearchParams { HnswEf = (ulong)ef } : null;
}
