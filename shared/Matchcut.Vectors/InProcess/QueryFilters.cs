namespace Matchcut.Vectors.InProcess;

/// <summary>Turns a query's title filters into slot checks plus an estimate of how many shots pass them.</summary>
internal static class QueryFilters
{
    public static (SlotFilter Filter, int AllowedEstimate) Resolve(VectorQuery query, PointTable table, VectorStore store)
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
        return (new SlotFilter(store.Present, table.Deleted, table.TitleCodes, allowedTitles, excludedTitle, excludedSlot), Math.Max(0, allowed));
    }
}
