namespace Matchcut.Vectors.InProcess;

/// <summary>Turns a query's filter into slot checks plus an estimate of how many shots pass them.</summary>
internal static class QueryFilters
{
    public static (SlotFilter Filter, int AllowedEstimate) Resolve(ShotFilter query, PointTable table, bool[] present)
    {
        bool[]? allowedTitles = null;
        var allowed = table.LiveCount;
        if (query.Titles is { Count: > 0 } titles)
        {
            allowedTitles = new bool[table.TitleCount];
            allowed = 0;
            foreach (var title in titles)
                if (table.TryGetTitleCode(title, out var code) && !allowedTitles[code])
                {
                    allowedTitles[code] = true;
                    allowed += table.LiveShotsOfTitle(code);
                }
        }
        var excludedTitle = -1;
        if (query.ExcludeTitle is not null && table.TryGetTitleCode(query.ExcludeTitle, out var excluded))
        {
            excludedTitle = excluded;
            if (allowedTitles is null || allowedTitles[excluded]) allowed -= table.LiveShotsOfTitle(excluded);
        }
        var excludedSlot = query.ExcludeShotId is not null && table.TryGetSlot(query.ExcludeShotId, out var slot) ? slot : -1;
        var filter = new SlotFilter(present, table.Deleted, table.TitleCodes, allowedTitles, excludedTitle, excludedSlot,
            table.Payloads, query.OnAnnotations ? query : null);
        if (query.OnAnnotations)
        {
            // Tags and scale have no per-slot codes: count exactly, one pass over the payloads (a filtered query scans anyway).
            allowed = 0;
            for (var s = 0; s < table.Count; s++)
                if (filter.Allows(s)) allowed++;
        }
        return (filter, Math.Max(0, allowed));
    }
}
