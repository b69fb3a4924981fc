using Microsoft.AspNetCore.Http;

namespace Matchcut.Index.Query;

/// <summary>Problem-details answers shared by the endpoints.</summary>
internal static class ApiProblems
{
    public static IResult Invalid(string name, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] });

    public static IResult NotFound(string what) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    /// <summary>Null when the value is a known flavour (or absent, giving the default), else the 400 to return.</summary>
    public static IResult? CheckFlavour([System.Diagnostics.CodeAnalysis.NotNull] ref string? flavour)
    {
        flavour ??= Pipeline.Flavours.Frame;
        return Pipeline.Flavours.All.Contains(flavour) ? null
            : Invalid("flavour", $"'{flavour}' is not a flavour; use one of {string.Join(", ", Pipeline.Flavours.All)}.");
    }

    public static IResult? CheckK(int? k, int max, out int value)
    {
        value = k ?? 20;
        return value >= 1 && value <= max ? null : Invalid("k", $"k must be between 1 and {max}.");
    }
}
