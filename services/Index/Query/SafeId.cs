namespace Matchcut.Index.Query;

/// <summary>Ids taken from URLs become object-key segments: only [A-Za-z0-9._-], no dot segments.</summary>
public static class SafeId
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 128 } && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
