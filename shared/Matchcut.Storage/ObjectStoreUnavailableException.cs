namespace Matchcut.Storage;

/// <summary>The store could not be reached or kept failing transiently after every retry; the inner exception has the last cause.</summary>
public sealed class ObjectStoreUnavailableException(string message, Exception inner) : IOException(message, inner);
