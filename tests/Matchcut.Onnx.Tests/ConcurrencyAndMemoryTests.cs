using System.Diagnostics;

namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class ConcurrencyAndMemoryTests(OnnxTestContext context)
{
    [Fact]
    public void Concurrent_runs_on_one_session_match_sequential_runs()
    {
        using var session = context.Open(OnnxTestContext.YuNet, new InferenceSessionOptions { IntraOpThreads = 1 });
        const int runs = 24;
        var inputs = Enumerable.Range(0, runs).Select(seed =>
        {
            var data = new float[3 * 120 * 160];
            DeterministicInput.Fill(data, seed + 100, 0, 255);
            return data;
        }).ToArray();
        var sequential = inputs.Select(data => RunConf(session, data)).ToArray();

        var parallel = new float[runs][];
        Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = RunConf(session, inputs[i]));

        for (var i = 0; i < runs; i++) Assert.Equal(sequential[i], parallel[i]);
        Assert.NotEqual(sequential[0], sequential[1]);
    }

    [Fact]
    public void Two_hundred_runs_do_not_grow_memory()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.DeepLab);
        using var session = context.Open(OnnxTestContext.DeepLab);
        using var input = fixture.RentInput();
        // Output is 5.5 MB per run: leaking OrtValues or pooled buffers over 200 runs would add ~1 GB.
        for (var i = 0; i < 20; i++) RunOnce();
        var before = SettledMemory();

        for (var i = 0; i < 200; i++) RunOnce();
        var growth = SettledMemory() - before;

        Assert.True(growth < 64L * 1024 * 1024, $"Memory grew by {growth / (1024 * 1024)} MB over 200 runs.");

        void RunOnce()
        {
            using var result = session.Run(input.AsInput("sub_7"));
            Assert.Equal(2, result.Count);
        }
    }

    [Fact]
    public async Task Dispose_during_runs_lets_them_finish_and_refuses_new_ones()
    {
        var fixture = ReferenceFixtures.For(OnnxTestContext.YuNet);
        var session = context.Open(OnnxTestContext.YuNet, new InferenceSessionOptions { IntraOpThreads = 1 });
        using var input = fixture.RentInput();
        var conf = fixture.Outputs.Single(o => o.Name == "conf");
        using var running = new Barrier(5);
        var completed = 0;

        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            running.SignalAndWait();
            // Each task runs until the session refuses; the ones in flight when Dispose lands must still be right.
            while (true)
            {
                RunResult result;
                try { result = session.Run([input.AsInput("input")], ["conf"]); }
                catch (ObjectDisposedException) { return; }
                using (result) ToleranceAssert.MatchesFixture(conf, result[0]);
                Interlocked.Increment(ref completed);
            }
        })).ToArray();
        running.SignalAndWait();
        SpinWait.SpinUntil(() => Volatile.Read(ref completed) >= 8);
        session.Dispose();

        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Throws<ObjectDisposedException>(() => session.Run(input.AsInput("input")));
    }

    private static float[] RunConf(InferenceSession session, float[] data)
    {
        using var result = session.Run([TensorInput.Float("input", data, 1, 3, 120, 160)], ["conf"]);
        return result[0].ToArray<float>();
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }
}
