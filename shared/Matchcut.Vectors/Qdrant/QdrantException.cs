using System.Net;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Qdrant answered a request with a non-success status; carries the request and Qdrant's error body.</summary>
public sealed class QdrantException(HttpMethod method, string path, HttpStatusCode status, string body)
    : Exception($"Qdrant answered {method} {path} with {(int)status} {status}: {body}")
{
    /// <summary>The HTTP method of the failed request.</summary>
    public HttpMethod Method { get; } = method;

    /// <summary>The path and query of the failed request.</summary>
    public string Path { get; } = path;

    /// <summary>The status Qdrant answered with.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>Qdrant's response body, usually <c>{"status":{"error":"..."}}</c>.</summary>
    public string Body { get; } = body;
}
