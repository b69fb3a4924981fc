using Matchcut.AllInOne;

const string usage = """
    usage: matchcut run VIDEO [--out DIR] [--title TITLE] [--store DIR]
      Runs the whole pipeline on one video in this process and writes DIR/<asset-id>/result.json and report.html.
      --out    output folder (default: out)
      --title  title id the video lands under (default: the file name)
      --store  object-store folder, reused across runs so the same content is never processed twice (default: .matchcut/store)
    """;

if (args.Length < 2 || args[0] != "run")
{
    Console.Error.WriteLine(usage);
    return 64;
}
string video = args[1], outFolder = "out", store = ".matchcut/store";
string? title = null;
for (var i = 2; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--out" when value is not null: outFolder = value; i++; break;
        case "--title" when value is not null: title = value; i++; break;
        case "--store" when value is not null: store = value; i++; break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'\n{usage}");
            return 64;
    }
}
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await RunCommand.RunAsync(video, outFolder, title, store, cts.Token);
