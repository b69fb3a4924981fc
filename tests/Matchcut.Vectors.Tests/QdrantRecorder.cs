using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchcut.Vectors.Tests;

/// <summary>One gRPC call as the recorder received it: method path (e.g. <c>/qdrant.Points/Upsert</c>), decoded request, api-key header.</summary>
public sealed record RecordedCall(string Method, IMessage Request, string? ApiKey);

/// <summary>
/// A gRPC endpoint (Kestrel, HTTP/2 cleartext on a loopback port) that the real <c>QdrantClient</c> talks to: it decodes each
/// request into Qdrant.Client's own message type, records it, and answers with what the test registered for that method
/// (or a gRPC error status). It plays no Qdrant logic; behaviour is tested against a real Qdrant (QDRANT_URL).
/// </summary>
public sealed class QdrantRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly Dictionary<string, (MessageParser Parser, Func<IMessage, IMessage> Answer)> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Status, string Message)> _failures = new(StringComparer.Ordinal);

    private QdrantRecorder(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (_gate) return _calls.ToList(); }
    }

    /// <summary>The requests of one method, in order.</summary>
    public IReadOnlyList<T> Requests<T>(string method) where T : IMessage =>
        Calls.Where(c => c.Method == method).Select(c => (T)c.Request).ToList();

    public void Clear()
    {
        lock (_gate) _calls.Clear();
    }

    /// <summary>Answers <paramref name="method"/> (e.g. <c>/qdrant.Points/Upsert</c>) with <paramref name="answer"/> of the decoded request.</summary>
    public QdrantRecorder On<TRequest, TResponse>(string method, Func<TRequest, TResponse> answer)
        where TRequest : IMessage<TRequest>, new() where TResponse : IMessage
    {
        lock (_gate)
        {
            _methods[method] = (new MessageParser<TRequest>(() => new TRequest()), request => answer((TRequest)request));
            _failures.Remove(method);
        }
        return this;
    }

    /// <summary>Answers <paramref name="method"/> with a gRPC error status (still recording the request).</summary>
    public void Fail(string method, Grpc.Core.StatusCode status, string message)
    {
        lock (_gate) _failures[method] = ((int)status, message);
    }

    public static async Task<QdrantRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var recorder = new QdrantRecorder(builder.Build());
        recorder._app.Run(recorder.HandleAsync);
        await recorder._app.StartAsync();
        recorder.Address = new Uri(recorder._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return recorder;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Path.Value!;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        // gRPC framing: 1 byte compressed flag, 4 bytes big-endian length, then the protobuf message.
        var message = frame.AsMemory(5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)));
        var apiKey = context.Request.Headers.TryGetValue("api-key", out var key) ? key.ToString() : null;
        context.Response.ContentType = "application/grpc";
        (MessageParser Parser, Func<IMessage, IMessage> Answer) handler;
        (int Status, string Message) failure;
        bool known, failing;
        lock (_gate)
        {
            known = _methods.TryGetValue(method, out handler);
            failing = _failures.TryGetValue(method, out failure);
        }
        if (!known)
        {
            context.Response.AppendTrailer("grpc-status", ((int)Grpc.Core.StatusCode.Unimplemented).ToString());
            context.Response.AppendTrailer("grpc-message", $"recorder has no answer for {method}");
            return;
        }
        var request = handler.Parser.ParseFrom(message.Span);
        lock (_gate) _calls.Add(new RecordedCall(method, request, apiKey));
        if (failing)
        {
            context.Response.AppendTrailer("grpc-status", failure.Status.ToString());
            context.Response.AppendTrailer("grpc-message", failure.Message);
            return;
        }
        byte[] answer;
        try
        {
            answer = handler.Answer(request).ToByteArray();
        }
        catch (Grpc.Core.RpcException e)
        {
            // An answer may throw to fail the call with that status, after changing the test's state.
            context.Response.AppendTrailer("grpc-status", ((int)e.StatusCode).ToString());
            context.Response.AppendTrailer("grpc-message", e.Status.Detail);
            return;
        }
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)answer.Length);
        await context.Response.Body.WriteAsync(header);
        await context.Response.Body.WriteAsync(answer);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
