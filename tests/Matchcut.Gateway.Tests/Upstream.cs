using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchcut.Gateway.Tests;

/// <summary>
/// A real Kestrel app on a loopback port standing behind the gateway: it answers every path with what it received
/// (raw target, method, headers, body size), and has endpoints that fail, stall, stream and speak WebSocket.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>Requests as they arrived, in order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Answer for /health (a destination health check asks it).</summary>
    public volatile int HealthStatus = 200;

    /// <summary>Set to let /api/stream write its last chunk.</summary>
    public TaskCompletionSource ReleaseStream { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Received(string Method, string RawTarget, string Path, IHeaderDictionary Headers, long BodyBytes);

    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    private Upstream(WebApplication app) => _app = app;

    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public int Hits(string path) => Requests.Count(r => r.Path == path);

    public static async Task<Upstream> StartAsync(string name = "upstream")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new Upstream(app);
        app.UseWebSockets();
        app.Run(http => upstream.HandleAsync(http, name));
        await app.StartAsync();
        return upstream;
    }

    private async Task HandleAsync(HttpContext http, string name)
    {
        var path = http.Request.Path.Value ?? "";
        if (path == "/health")
        {
            http.Response.StatusCode = HealthStatus;
            return;
        }
        long bodyBytes = 0;
        if (path != "/api/ws")
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer)) > 0) bodyBytes += n;
        }
        var raw = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Requests.Enqueue(new Received(http.Request.Method, raw, path, new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), bodyBytes));
        http.Response.Headers["X-Upstream"] = name;
        switch (path)
        {
            case var p when p.StartsWith("/api/status/", StringComparison.Ordinal):
                // /api/status/503/2: 503 for the first 2 requests to this path, then 200.
                var parts = p.Split('/');
                var code = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
                var left = _failuresLeft.AddOrUpdate(p, _ => parts.Length > 4 ? int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture) - 1 : int.MaxValue, (_, v) => v - 1);
                http.Response.StatusCode = left >= 0 ? code : 200;
                return;
            case "/api/slow":
                await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
                return;
            case "/api/stream":
                http.Response.ContentType = "text/plain";
                await http.Response.WriteAsync("first chunk\n");
                await http.Response.Body.FlushAsync();
                await ReleaseStream.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await http.Response.WriteAsync("last chunk\n");
                return;
            case "/api/ws" when http.WebSockets.IsWebSocketRequest:
                using (var socket = await http.WebSockets.AcceptWebSocketAsync())
                {
                    var buffer = new byte[4096];
                    while (true)
                    {
                        var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
                        if (r.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                            return;
                        }
                        await socket.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, r.EndOfMessage, CancellationToken.None);
                    }
                }
            default:
                await http.Response.WriteAsJsonAsync(new { rawTarget = raw, path, method = http.Request.Method, bodyBytes });
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseStream.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
