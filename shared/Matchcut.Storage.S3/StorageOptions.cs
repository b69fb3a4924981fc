namespace Matchcut.Storage;

/// <summary>Which object store; bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>"FileSystem" (the embedded default) or "S3".</summary>
    public string Kind { get; set; } = "FileSystem";

    /// <summary>Folder of the filesystem store.</summary>
    public string Root { get; set; } = ".matchcut/store";
}
