using System.Text.Json.Nodes;

namespace Matchcut.Vectors.Tests;

/// <summary>A Qdrant collection as the fake keeps it: the creation body, and points with normalized named vectors.</summary>
internal sealed class FakeCollection(JsonObject config)
{
    private readonly Dictionary<string, (Dictionary<string, float[]> Vectors, JsonObject Payload)> _points = new(StringComparer.Ordinal);
    private int _operation;

    private JsonObject Vectors => config["vectors"]!.AsObject();

    public JsonObject Info() => new()
    {
        ["status"] = "green",
        ["points_count"] = _points.Count,
        ["config"] = new JsonObject
        {
            ["params"] = new JsonObject { ["vectors"] = Vectors.DeepClone() },
            ["hnsw_config"] = config["hnsw_config"]?.DeepClone(),
            ["quantization_config"] = config["quantization_config"]?.DeepClone(),
        },
    };

    public JsonObject Acknowledge() => new() { ["operation_id"] = ++_operation, ["status"] = "completed" };

    /// <summary>Null when applied, else Qdrant's error message; like Qdrant, a bad point rejects the whole batch.</summary>
    public string? Upsert(JsonObject body)
    {
        var parsed = new List<(string Id, Dictionary<string, float[]> Vectors, JsonObject Payload)>();
        foreach (var point in body["points"]!.AsArray())
        {
            var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var (name, value) in point!["vector"]!.AsObject())
            {
                if (Vectors[name] is not { } vectorConfig) return $"Wrong input: Not existing vector name error: {name}";
                var vector = value!.AsArray().Select(x => x!.GetValue<float>()).ToArray();
                var size = vectorConfig["size"]!.GetValue<int>();
                if (vector.Length != size) return $"Wrong input: Vector dimension error: expected dim: {size}, got {vector.Length}";
                vectors[name] = Normalized(vector);
            }
            parsed.Add((point["id"]!.GetValue<string>(), vectors, point["payload"]!.AsObject()));
        }
        foreach (var (id, vectors, payload) in parsed) _points[id] = (vectors, payload);
        return null;
    }

    public JsonArray Search(JsonObject body)
    {
        var name = body["vector"]!["name"]!.GetValue<string>();
        var query = Normalized(body["vector"]!["vector"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray());
        var hits = _points
            .Where(p => p.Value.Vectors.ContainsKey(name) && Matches(body["filter"], p.Key, p.Value.Payload))
            .Select(p => (Id: p.Key, p.Value.Payload, Score: Dot(query, p.Value.Vectors[name])))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(body["limit"]!.GetValue<int>());
        return new JsonArray(hits.Select(h => (JsonNode)new JsonObject
        {
            ["id"] = h.Id, ["version"] = _operation, ["score"] = h.Score, ["payload"] = h.Payload.DeepClone(),
        }).ToArray());
    }

    public JsonArray Retrieve(JsonObject body) => new(body["ids"]!.AsArray()
        .Select(id => id!.GetValue<string>())
        .Where(_points.ContainsKey)
        .Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id,
            ["payload"] = _points[id].Payload.DeepClone(),
            ["vector"] = new JsonObject(_points[id].Vectors.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)new JsonArray(v.Value.Select(x => (JsonNode)x).ToArray())))),
        }).ToArray());

    public int Count(JsonNode? filter) => _points.Count(p => Matches(filter, p.Key, p.Value.Payload));

    public JsonObject Delete(JsonNode? filter)
    {
        foreach (var id in _points.Where(p => Matches(filter, p.Key, p.Value.Payload)).Select(p => p.Key).ToList()) _points.Remove(id);
        return Acknowledge();
    }

    private static bool Matches(JsonNode? filter, string id, JsonObject payload)
    {
        if (filter is null) return true;
        bool Holds(JsonNode? condition)
        {
            if (condition!["has_id"] is JsonArray ids) return ids.Any(x => x!.GetValue<string>() == id);
            var value = payload[condition["key"]!.GetValue<string>()]?.ToJsonString();
            var match = condition["match"]!;
            if (match["value"] is { } expected) return value == expected.ToJsonString();
            return match["any"]!.AsArray().Any(x => x!.ToJsonString() == value);
        }
        return (filter["must"]?.AsArray().All(Holds) ?? true)
            && !(filter["must_not"]?.AsArray().Any(Holds) ?? false)
            && (filter["should"]?.AsArray() is not { Count: > 0 } should || should.Any(Holds));
    }

    private static float[] Normalized(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
