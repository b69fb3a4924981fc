namespace Matchcut.Pipeline;

/// <summary>A message names a stored object that does not exist; the message cannot succeed as sent.</summary>
public sealed class ObjectNotFoundInStageException(string key)
    : Exception($"The message names object '{key}', which does not exist.");
