using Matchcut.Vectors.Qdrant;

namespace Matchcut.Vectors.Tests;

/// <summary>The Qdrant the tests talk to: a real one when QDRANT_URL is set (with a collection of its own, dropped afterwards), else the fake.</summary>
public sealed class QdrantTarget : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private readonly List<QdrantOptions> _created = [];

    private QdrantTarget(string url, FakeQdrant? fake)
    {
        Url = url;
        Fake = fake;
    }

    public string Url { get; }

    /// <summary>Null when the tests run against a real Qdrant.</summary>
    public FakeQdrant? Fake { get; }

    public static string? RealUrl => Environment.GetEnvironmentVariable("QDRANT_URL") is { Length: > 0 } url ? url : null;

    public static async Task<QdrantTarget> StartAsync(bool fakeOnly = false) =>
        !fakeOnly && RealUrl is { } real ? new QdrantTarget(real, null) : await FakeAsync();

    private static async Task<QdrantTarget> FakeAsync()
    {
        var fake = await FakeQdrant.StartAsync();
        return new QdrantTarget(fake.Url, fake);
    }

    /// <summary>An index on a collection no other test uses.</summary>
    public QdrantVectorIndex CreateIndex(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions
        {
            Url = Url,
            Collection = Fake is null ? $"matchcut-test-{Guid.NewGuid():N}" : "shots",
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") ?? (Fake is null ? null : "test-key"),
        };
        configure?.Invoke(options);
        _created.Add(options);
        return new QdrantVectorIndex(_http, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Fake is null)
            foreach (var options in _created)
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Url.TrimEnd('/')}/collections/{options.Collection}");
                if (options.ApiKey is { } key) request.Headers.Add("api-key", key);
                using var _ = await _http.SendAsync(request);
            }
        else await Fake.DisposeAsync();
        _http.Dispose();
    }
}
