namespace Matchcut.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Each_bad_input_fails_with_a_clear_reason_and_the_host_goes_on()
    {
        var empty = pipeline.Input("empty.mp4");
        await File.WriteAllBytesAsync(empty, []);
        var text = pipeline.Input("notes.mp4");
        await File.WriteAllTextAsync(text, "This is a shopping list, not a video.\n");
        var truncated = pipeline.Input("truncated.mp4");
        var bytes = await File.ReadAllBytesAsync(TestMedia.File("testvideo.mp4"));
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var truncatedWebm = pipeline.Input("truncated.webm");
        var webm = await File.ReadAllBytesAsync(TestMedia.File("bbb_0_30.webm"));
        await File.WriteAllBytesAsync(truncatedWebm, webm[..(webm.Length / 2)]);
        var outside = Path.Combine(Path.GetTempPath(), $"outside-{Guid.NewGuid():N}.mp4");
        File.Copy(TestMedia.File("counter.mp4"), outside);

        var cases = new (string Source, string Reason)[]
        {
            (pipeline.Input("missing.mp4"), "not found"),
            (empty, "empty"),
            (text, "not a readable video"),
            (truncated, "not a readable video"),
            (truncatedWebm, "truncated"),
            ("http://example.com/film.mp4", "unsupported source uri scheme 'http'"),
            (outside, "outside the configured source roots"),
            ("s3://matchcut/uploads/no/such/object.mp4", "no object"),
            ("s3://matchcut/no/such/object.mp4", "not under an upload prefix"),
        };
        try
        {
            foreach (var (source, reason) in cases)
            {
                var outcome = await pipeline.LandAsync("bad-input", source);
                Assert.False(outcome.Succeeded, $"{source} should fail");
                Assert.Contains(reason, outcome.Failed!.Reason, StringComparison.OrdinalIgnoreCase);
                Assert.False(outcome.Failed.Retriable);
            }
        }
        finally
        {
            File.Delete(outside);
        }

        var next = await pipeline.LandAsync("after-bad-input", TestMedia.File("delayed_start.mp4"));
        Assert.True(next.Succeeded, next.Failed?.Reason);
    }
}
