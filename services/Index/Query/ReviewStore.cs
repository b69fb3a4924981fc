using Matchcut.Storage;

namespace Matchcut.Index.Query;

/// <summary>Editors' verdicts on pairs, one object per pair so concurrent reviewers never overwrite each other's other pairs.</summary>
public sealed class ReviewStore(IObjectStore store)
{
    private static string Key(string titleId, string flavour, string a, string b) => $"reviews/{titleId}/{flavour}/{a}_{b}.json";

    public Task PutAsync(string titleId, PairReview review, CancellationToken ct) =>
        store.PutJsonAsync(Key(titleId, review.Flavour, review.A, review.B), review, ct);

    public Task<bool> ExistsAsync(string titleId, string flavour, string a, string b, CancellationToken ct) =>
        store.ExistsAsync(Key(titleId, flavour, a, b), ct);

    /// <summary>Removes the pair's review; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string titleId, string flavour, string a, string b, CancellationToken ct)
    {
        var key = Key(titleId, flavour, a, b);
        if (!await store.ExistsAsync(key, ct)) return false;
        await store.DeleteAsync(key, ct);
        return true;
    }

    /// <summary>How many pairs the title has reviews for (keys only, nothing read).</summary>
    public async Task<int> CountAsync(string titleId, CancellationToken ct)
    {
        var n = 0;
        await foreach (var _ in store.ListAsync($"reviews/{titleId}/", ct)) n++;
        return n;
    }

    public async Task<IReadOnlyList<PairReview>> ListAsync(string titleId, CancellationToken ct)
    {
        var result = new List<PairReview>();
        await foreach (var key in store.ListAsync($"reviews/{titleId}/", ct))
        {
            if (await store.TryGetJsonAsync<PairReview>(key, ct) is { } r) result.Add(r);
        }
        return result.OrderBy(r => r.Flavour, StringComparer.Ordinal).ThenBy(r => r.ASec).ToList();
    }
}

/// <summary>
/// A verdict on cutting from the end of shot A to the start of shot B, and who gave it: the gateway's client name for
/// the key (X-Gateway-Client), or "local" when the API is called without the gateway (`matchcut serve`).
/// </summary>
public sealed record PairReview(string Flavour, string A, string B, string Verdict, string? Note, double AEndSec, double ASec, double BStartSec, DateTimeOffset At,
    string? Reviewer = null);
