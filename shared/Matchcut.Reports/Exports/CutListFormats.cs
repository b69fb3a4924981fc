namespace Matchcut.Reports.Exports;

/// <summary>The cut-list formats editors open, with their file extensions and content types.</summary>
public static class CutListFormats
{
    public const string Edl = "edl", Otio = "otio", Fcpxml = "fcpxml", Csv = "csv";

    public static readonly IReadOnlyList<string> All = [Edl, Otio, Fcpxml, Csv];

    public static string ContentType(string format) => format switch
    {
        Edl => "application/x-edl; charset=utf-8",
        Otio => "application/vnd.opentimelineio+json; charset=utf-8",
        Fcpxml => "application/xml; charset=utf-8",
        Csv => "text/csv; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a cut-list format."),
    };

    public static string Write(string format, CutList list) => format switch
    {
        Edl => EdlWriter.Write(list),
        Otio => OtioWriter.Write(list),
        Fcpxml => FcpxmlWriter.Write(list),
        Csv => CsvCutListWriter.Write(list),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a cut-list format."),
    };
}
