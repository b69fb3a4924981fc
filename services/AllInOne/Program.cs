using Matchcut.AllInOne;

const string usage = """
    usage: matchcut run VIDEO [--out DIR] [--title TITLE] [--store DIR]
      Runs the whole pipeline on one video in this process and writes DIR/<asset-id>/result.json and report.html.
      --out    output folder (default: out)
      --title  title id the video lands under (default: the file name)
      --store  object-store folder, reused across runs so the same content is never processed twice (default: .matchcut/store)
    usage: matchcut serve [--store DIR] [--urls URL] [--allow DIR]
      Serves the query API (/api/v1) and the review page over the store, with the pipeline running for POST /api/v1/assets.
      --urls   where to listen (default: http://127.0.0.1:5080)
      --allow  folder POSTed source paths may come from
    """;

if (args.Length >= 1 && args[0] == "serve")
{
    string serveStore = ".matchcut/store", urls = "http://127.0.0.1:5080";
    string? allow = null;
    for (var i = 1; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : null;
        switch (args[i])
        {
            case "--store" when value is not null: serveStore = value; i++; break;
            case "--urls" when value is not null: urls = value; i++; break;
            case "--allow" when value is not null: allow = value; i++; break;
            default:
                Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'\n{usage}");
                return 64;
        }
    }
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return await ServeCommand.RunAsync(serveStore, urls, allow, stop.Token);
}
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
