using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Matchcut.Storage.Tests;

/// <summary>Stands in front of s3rver: answers the first <c>failures</c> connections itself with an S3 error, then relays bytes untouched.</summary>
/// <remarks>The error response says <c>Connection: close</c>, so every attempt after it opens a new connection and is counted.</remarks>
public sealed class FlakyS3Proxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly int _failures;
    private readonly byte[] _errorResponse;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _connections;

    public FlakyS3Proxy(Uri upstream, int failures, HttpStatusCode status, string errorCode)
    {
        _upstream = upstream;
        _failures = failures;
        var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{errorCode}</Code><Message>injected by test</Message></Error>";
        _errorResponse = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections answered with the injected error.</summary>
    public int FailuresServed => Math.Min(Volatile.Read(ref _connections), _failures);

    /// <summary>Connections passed through to s3rver.</summary>
    public int ConnectionsRelayed => Math.Max(Volatile.Read(ref _connections) - _failures, 0);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Interlocked.Increment(ref _connections) <= _failures ? FailAsync(client) : RelayAsync(client);
        }
    }

    private async Task FailAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            await ReadRequestHeadAsync(stream);
            await stream.WriteAsync(_errorResponse);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(_upstream.Host, _upstream.Port);
            var toServer = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var toClient = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            try { await Task.WhenAny(toServer, toClient); }
            catch (Exception) { /* either side hanging up ends the relay */ }
        }
    }

    // Read until the blank line ending the headers, so the client is not reset while still sending its request.
    private static async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var seen = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsWithBlankLine(seen))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) return;
            seen.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static bool EndsWithBlankLine(List<byte> bytes)
        => bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
