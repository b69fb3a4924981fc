using System.Text.Json.Nodes;

namespace Matchcut.Vectors.Qdrant;

/// <summary>The JSON bodies of Qdrant's REST API, built in one place so tests can hold them to the documented shapes.</summary>
internal static class QdrantRequests
{
    public static JsonObject CreateCollection(IReadOnlyDictionary<string, int> dimensions, QdrantOptions options)
    {
        var vectors = new JsonObject();
        foreach (var (name, size) in dimensions.OrderBy(d => d.Key, StringComparer.Ordinal))
            vectors[name] = new JsonObject { ["size"] = size, ["distance"] = "Cosine" };
        var body = new JsonObject
        {
            ["vectors"] = vectors,
            ["hnsw_config"] = new JsonObject { ["m"] = options.HnswM, ["ef_construct"] = options.HnswEfConstruct },
        };
        if (options.QuantizationEnabled)
            body["quantization_config"] = new JsonObject
            {
                ["scalar"] = new JsonObject { ["type"] = "int8", ["quantile"] = options.QuantizationQuantile, ["always_ram"] = options.QuantizationAlwaysRam },
            };
        return body;
    }

    public static JsonObject KeywordIndex(string field) => new() { ["field_name"] = field, ["field_schema"] = "keyword" };

    public static JsonObject Upsert(IEnumerable<ShotPoint> points) => new()
    {
        ["points"] = new JsonArray(points.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = QdrantPointIds.Text(p.ShotId),
            ["vector"] = new JsonObject(p.Vectors.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => KeyValuePair.Create(v.Key, (JsonNode?)Floats(v.Value)))),
            ["payload"] = QdrantPayload.ToJson(p.ShotId, p.Payload),
        }).ToArray()),
    };

    public static JsonObject Search(VectorQuery query, QdrantOptions options)
    {
        var body = new JsonObject
        {
            ["vector"] = new JsonObject { ["name"] = query.Flavour, ["vector"] = Floats(query.Vector) },
            ["limit"] = query.K,
            ["with_payload"] = true,
        };
        if (Filter(query) is { } filter) body["filter"] = filter;
        if (options.SearchHnswEf is { } ef) body["params"] = new JsonObject { ["hnsw_ef"] = ef };
        return body;
    }

    public static JsonObject Retrieve(string shotId) => new()
    {
        ["ids"] = new JsonArray(QdrantPointIds.Text(shotId)),
        ["with_payload"] = true,
        ["with_vector"] = true,
    };

    public static JsonObject AssetFilter(string assetId) => new()
    {
        ["must"] = new JsonArray(Match(QdrantPayload.AssetId, assetId)),
    };

    public static JsonObject Count(string assetId) => new() { ["filter"] = AssetFilter(assetId), ["exact"] = true };

    public static JsonObject DeleteByFilter(string assetId) => new() { ["filter"] = AssetFilter(assetId) };

    /// <summary>Titles subset as one <c>match.any</c> under must; the excluded title and the query shot under must_not.</summary>
    private static JsonObject? Filter(VectorQuery query)
    {
        var must = new JsonArray();
        var mustNot = new JsonArray();
        if (query.Titles is { Count: > 0 } titles)
            must.Add(new JsonObject
            {
                ["key"] = QdrantPayload.TitleId,
                ["match"] = new JsonObject { ["any"] = new JsonArray(titles.Distinct().Select(t => (JsonNode)t!).ToArray()) },
            });
        if (query.ExcludeTitle is not null) mustNot.Add(Match(QdrantPayload.TitleId, query.ExcludeTitle));
        if (query.ExcludeShotId is not null) mustNot.Add(new JsonObject { ["has_id"] = new JsonArray(QdrantPointIds.Text(query.ExcludeShotId)) });
        if (must.Count == 0 && mustNot.Count == 0) return null;
        var filter = new JsonObject();
        if (must.Count > 0) filter["must"] = must;
        if (mustNot.Count > 0) filter["must_not"] = mustNot;
        return filter;
    }

    private static JsonObject Match(string key, string value) => new() { ["key"] = key, ["match"] = new JsonObject { ["value"] = value } };

    private static JsonArray Floats(float[] values) => new(values.Select(v => (JsonNode)v).ToArray());
}
