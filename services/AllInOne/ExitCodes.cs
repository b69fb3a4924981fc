namespace Matchcut.AllInOne;

/// <summary>What `matchcut` exits with (README: "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Something unexpected broke (the message says what).</summary>
    public const int Error = 1;
    /// <summary>At least one title failed in the pipeline; the others' results are written.</summary>
    public const int TitleFailed = 2;
    /// <summary>Bad arguments: unknown option, missing value, a format that is not known.</summary>
    public const int Usage = 64;
    /// <summary>An input file or folder does not exist, or a folder holds no video.</summary>
    public const int NoInput = 66;
    /// <summary>`serve`: the address asked for is taken by another program.</summary>
    public const int Unavailable = 69;
    /// <summary>The store or output folder cannot be created or written.</summary>
    public const int CannotWrite = 73;
    /// <summary>The folder models are in none of the folders searched (the line names them and the ways out).</summary>
    public const int ModelsMissing = 78;
    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Interrupted = 130;
}
