using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchcut.Vectors.Tests;

/// <summary>One HTTP request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Body, string? ApiKey);

/// <summary>
/// Kestrel on a free loopback port answering the part of Qdrant's REST API the adapter uses: it records every request and
/// behaves enough like Qdrant (named vectors, cosine search, filters, 404 and 400 bodies) for the behaviour tests.
/// </summary>
public sealed class FakeQdrant : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, FakeCollection> _collections = new(StringComparer.Ordinal);

    // Qdrant writes apostrophes and backticks as they are; error-message checks rely on that.
    private static readonly JsonSerializerOptions QdrantJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private FakeQdrant(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    public void ClearRequests()
    {
        lock (_gate) _requests.Clear();
    }

    public static async Task<FakeQdrant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakeQdrant(builder.Build());
        fake._app.Run(fake.HandleAsync);
        await fake._app.StartAsync();
        fake.Url = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var request = context.Request;
        var apiKey = request.Headers.TryGetValue("api-key", out var key) ? key.ToString() : null;
        var (status, answer) = Answer(request.Method, request.Path.Value!.Trim('/').Split('/'), body);
        lock (_gate) _requests.Add(new RecordedRequest(request.Method, request.Path + request.QueryString, body, apiKey));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(QdrantJson));
    }

    private (int Status, JsonObject Body) Answer(string method, string[] path, string body)
    {
        lock (_gate)
        {
            if (path is not ["collections", var name, .. var rest]) return Error(404, "Not found");
            _collections.TryGetValue(name, out var collection);
            var json = body.Length > 0 ? JsonNode.Parse(body)!.AsObject() : new JsonObject();
            switch (method, rest)
            {
                case ("PUT", []):
                    if (collection is not null) return Error(409, $"Wrong input: Collection `{name}` already exists!");
                    _collections[name] = new FakeCollection(json);
                    return Ok(true);
                case ("DELETE", []):
                    return Ok(_collections.Remove(name));
            }
            if (collection is null) return Error(404, $"Not found: Collection `{name}` doesn't exist!");
            return (method, rest) switch
            {
                ("GET", []) => Ok(collection.Info()),
                ("PUT", ["index"]) => Ok(collection.Acknowledge()),
                ("PUT", ["points"]) => collection.Upsert(json) is { } error ? Error(400, error) : Ok(collection.Acknowledge()),
                ("POST", ["points", "search"]) => Ok(collection.Search(json)),
                ("POST", ["points"]) => Ok(collection.Retrieve(json)),
                ("POST", ["points", "count"]) => Ok(new JsonObject { ["count"] = collection.Count(json["filter"]) }),
                ("POST", ["points", "delete"]) => Ok(collection.Delete(json["filter"])),
                _ => Error(404, $"No fake for {method} /{string.Join('/', path)}"),
            };
        }
    }

    private static (int, JsonObject) Ok(JsonNode? result) => (200, new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.0001 });

    private static (int, JsonObject) Error(int status, string message) =>
        (status, new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.0 });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
