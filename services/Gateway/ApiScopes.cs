namespace Matchcut.Gateway;

/// <summary>
/// What a key may do: <c>read</c> (every GET and HEAD), <c>review</c> (write and delete reviews), <c>ingest</c> (land
/// sources, and any other write). A key with no scopes listed reads only; an unknown scope stops start-up.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Review = "review";
    public const string Ingest = "ingest";

    public static readonly IReadOnlyList<string> All = [Read, Review, Ingest];

    public static IReadOnlySet<string> Parse(string client, IReadOnlyCollection<string> scopes)
    {
        var unknown = scopes.Select(s => s.Trim()).FirstOrDefault(s => !All.Contains(s, StringComparer.Ordinal));
        if (unknown is not null)
            throw new InvalidOperationException($"Gateway:ApiKeys:{client}:Scopes names '{unknown}'; scopes are {string.Join(", ", All)}.");
        return scopes.Count == 0 ? new HashSet<string>([Read]) : scopes.Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The scope a request needs: reads need <c>read</c>, review writes <c>review</c>, every other write <c>ingest</c>.</summary>
    public static string Required(string method, PathString path)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return Read;
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /api/v1/titles/{titleId}/reviews[/...]
        return segments is ["api", "v1", "titles", _, "reviews", ..] ? Review : Ingest;
    }
}
