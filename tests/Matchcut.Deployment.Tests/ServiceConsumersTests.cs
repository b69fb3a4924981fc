namespace Matchcut.Deployment.Tests;

public class ServiceConsumersTests
{
    public static readonly TheoryData<string> StageProjects = new(
        Deployment.ChartServices.Values.Where(s => s.Scalar("queue") is not null).Select(s => s.Scalar("project")!));

    [Theory]
    [MemberData(nameof(StageProjects))]
    public void Reading_a_consumer_from_source_agrees_with_its_compiled_type(string project)
    {
        var found = ServiceConsumers.For(project);
        var fromSource = ServiceConsumers.FromSource(project);
        Assert.Equal(found with { ReadFromSource = true }, fromSource);
    }

    [Theory]
    [MemberData(nameof(StageProjects))]
    public void Consumers_are_compiled_wherever_the_project_builds_here(string project)
    {
        var found = ServiceConsumers.For(project);
        Assert.Equal(ServiceConsumers.MissingProjectReferences(project).Any(), found.ReadFromSource);
    }
}
