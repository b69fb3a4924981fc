using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matchcut.Gateway.Tests;

/// <summary>Debian's Chromium driven headless over the DevTools protocol (no browser download needed).</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> LaunchAsync(string executable = "/usr/bin/chromium")
    {
        var profile = Directory.CreateTempSubdirectory("matchcut-chromium-").FullName;
        var info = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1500", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" })
            info.ArgumentList.Add(a);
        var browser = new HeadlessChromium(Process.Start(info)!, profile);
        var endpoint = await browser.ReadDevToolsEndpointAsync();
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{endpoint}/json/list"))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
        return browser;
    }

    private async Task<string> ReadDevToolsEndpointAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            const string marker = "DevTools listening on ws://";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) return line[(at + marker.Length)..].Split('/')[0];
        }
        throw new InvalidOperationException("Chromium exited before opening its DevTools endpoint.");
    }

    public async Task<JsonNode?> SendAsync(string method, object? parameters = null)
    {
        var id = ++_nextId;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var message = await ReceiveAsync();
            if ((int?)message["id"] != id) continue;
            if (message["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return message["result"];
        }
    }

    public async Task<string?> EvaluateAsync(string expression) =>
        (string?)(await SendAsync("Runtime.evaluate", new { expression, returnByValue = true }))?["result"]?["value"];

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((string)(await SendAsync("Page.captureScreenshot", new { format = "png" }))!["data"]!);

    private async Task<JsonNode> ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { /* chromium may still be writing */ }
    }
}
