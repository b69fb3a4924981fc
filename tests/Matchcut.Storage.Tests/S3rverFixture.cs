using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Matchcut.Storage.S3;

namespace Matchcut.Storage.Tests;

/// <summary>One s3rver for all S3 tests, started through scripts/s3rver.sh on a free port; failing to start fails the tests.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly string _repoRoot = FindRepoRoot();
    private readonly int _port = FreePort();
    private readonly string _cacheRoot = Path.Combine(Path.GetTempPath(), $"matchcut-s3-cache-{Guid.NewGuid():N}");

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Generous: the first run installs s3rver from npm.
        var stdout = await RunScriptAsync("start", TimeSpan.FromMinutes(3));
        Endpoint = new Uri(stdout.Trim().Split('\n')[^1]);
    }

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop", TimeSpan.FromSeconds(30));
        if (Directory.Exists(_cacheRoot)) Directory.Delete(_cacheRoot, recursive: true);
    }

    /// <summary>Options for a new, empty bucket, with retries short enough for tests.</summary>
    public S3StorageOptions NewOptions() => new()
    {
        ServiceUrl = Endpoint.ToString(),
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
        Bucket = $"test-{Guid.NewGuid():N}",
        CreateBucketIfMissing = true,
        LocalCacheFolder = _cacheRoot,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        RequestTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>A port nothing listens on, at least for the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<string> RunScriptAsync(string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_repoRoot, "scripts", "s3rver.sh"), command, _port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _repoRoot,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/s3rver.sh {command} took longer than {timeout}.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/s3rver.sh {command} {_port} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "s3rver.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException("scripts/s3rver.sh not found above the test binaries.");
    }
}

/// <summary>Test classes in this collection share one <see cref="S3rverFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
