namespace Matchcut.Onnx.Tests;

public sealed class ModelLocatorTests
{
    [Fact]
    public void Default_finds_shared_models_above_the_binaries()
    {
        var locator = new ModelLocator();

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ModelsOptions.ModelsDirectoryVariable)))
        {
            Assert.EndsWith(Path.Combine("shared", "models"), locator.ModelsDirectory);
        }
        Assert.True(File.Exists(locator.Resolve(OnnxTestContext.YuNet)));
    }

    [Fact]
    public void Configured_folder_wins()
    {
        var folder = Directory.CreateTempSubdirectory("matchcut-models-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "m.onnx"), "");
            var locator = new ModelLocator(new ModelsOptions { ModelsDirectory = folder.FullName });

            Assert.Equal(Path.Combine(folder.FullName, "m.onnx"), locator.Resolve("m.onnx"));
            var error = Assert.Throws<FileNotFoundException>(() => locator.Resolve("other.onnx"));
            Assert.Contains(folder.FullName, error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_configured_folder_is_reported()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            new ModelLocator(new ModelsOptions { ModelsDirectory = "/no/such/models" }));

        Assert.Contains("/no/such/models", error.Message);
    }
}
