using System.Security.Cryptography;
using System.Text;
using Matchcut.Contracts;
using Matchcut.Storage;

namespace Matchcut.Index.Query;

/// <summary>
/// Landing records: one per (title, source) landed through the API, so a client can follow it. A landing that ends in
/// <see cref="AssetFailed"/> keeps the failure until the same source is landed again.
/// </summary>
public static class Landings
{
    /// <summary>The landing id names (title, source); ingest turns the content into the asset id, so the same bytes are processed once.</summary>
    public static string IdOf(string titleId, string sourceUri) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{titleId}\n{sourceUri}")))[..16];

    public static string Key(string landingId) => $"landings/{landingId}.json";
}

/// <summary>A landing as stored; <see cref="Failure"/> is set when the pipeline gave up on it.</summary>
public sealed record Landing(string LandingId, string TitleId, string SourceUri, DateTimeOffset At, LandingFailure? Failure = null);

/// <summary>Where and why the pipeline gave up on a landing.</summary>
public sealed record LandingFailure(string Stage, string Reason, bool Retriable, string? AssetId, DateTimeOffset At);
