namespace Matchcut.Contracts;

/// <summary>
/// The rules for the fields every message carries (ids, source URIs), whoever published it: ids become object-key
/// segments and reasons quote what came in, so both are held to a plain shape.
/// </summary>
public static class MessageFields
{
    public const int MaxIdLength = 128;
    public const int MaxSourceUriLength = 2048;

    /// <summary>A title (or other) id: 1 to 128 of [A-Za-z0-9._-], not starting with a dot.</summary>
    public static bool IsSafeId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>An asset id: the first 16 hex digits (lower case) of the content's SHA-256.</summary>
    public static bool IsAssetId(string? id) =>
        id is { Length: 16 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>A source URI as a landing may name it: 1 to 2048 characters, no control characters (what it names is Ingest's to judge).</summary>
    public static bool IsSourceUri(string? uri) =>
        uri is { Length: > 0 and <= MaxSourceUriLength } && !string.IsNullOrWhiteSpace(uri) && !uri.Any(char.IsControl);

    /// <summary>A value quoted for a reason, cut short and without control characters, so a hostile value cannot flood a log or a page.</summary>
    public static string Show(string? value)
    {
        if (value is null) return "(missing)";
        var clean = new string(value.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return $"'{clean}{(value.Length > 80 ? "…" : "")}'";
    }
}
