namespace Matchcut.Storage;

/// <summary>Validates object keys so that no key escapes its store or means different things on different stores.</summary>
public static class ObjectKey
{
    /// <summary>Throws when the key is empty, absolute, has empty or dot segments, or characters outside [A-Za-z0-9._-/].</summary>
    public static string Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith('/') || key.EndsWith('/'))
            throw new ArgumentException($"Object key '{key}' must be relative and name an object, not a folder.", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
                throw new ArgumentException($"Object key '{key}' has an empty or dot segment.", nameof(key));
        }
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                throw new ArgumentException($"Object key '{key}' has the character '{c}'; use [A-Za-z0-9._-/].", nameof(key));
        }
        return key;
    }
}
