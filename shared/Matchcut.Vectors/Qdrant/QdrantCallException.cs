using Grpc.Core;

namespace Matchcut.Vectors.Qdrant;

/// <summary>A gRPC call to Qdrant failed; says which call, on which collection at which address, and Qdrant's status and detail.</summary>
public sealed class QdrantCallException(string call, string collection, string url, RpcException inner)
    : Exception($"Qdrant {call} on collection '{collection}' at {url} failed: {inner.StatusCode} {inner.Status.Detail}", inner)
{
    /// <summary>The operation, e.g. <c>Search</c>.</summary>
    public string Call { get; } = call;

    /// <summary>Qdrant's gRPC status code.</summary>
    public StatusCode Status { get; } = inner.StatusCode;

    /// <summary>Qdrant's error message.</summary>
    public string Detail { get; } = inner.Status.Detail;
}
