namespace Matchcut.Contracts;

/// <summary>A pipeline message about one asset (content-addressed) landed under one title.</summary>
public interface IAssetMessage
{
    /// <summary>The asset id: the first 16 hex digits of the content's SHA-256.</summary>
    string AssetId { get; }

    /// <summary>The title the asset landed under.</summary>
    string TitleId { get; }
}
