namespace Matchcut.Onnx;

/// <summary>Error codes of ORT's <c>OrtErrorCode</c> enum.</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,
    /// <summary>Unspecified failure.</summary>
    Fail = 1,
    /// <summary>An argument was invalid.</summary>
    InvalidArgument = 2,
    /// <summary>A file was missing.</summary>
    NoSuchFile = 3,
    /// <summary>No model loaded.</summary>
    NoModel = 4,
    /// <summary>Engine error.</summary>
    EngineError = 5,
    /// <summary>Runtime exception inside ORT.</summary>
    RuntimeException = 6,
    /// <summary>The model file is not a valid protobuf.</summary>
    InvalidProtobuf = 7,
    /// <summary>Model already loaded.</summary>
    ModelLoaded = 8,
    /// <summary>Feature not implemented in this build.</summary>
    NotImplemented = 9,
    /// <summary>Invalid graph.</summary>
    InvalidGraph = 10,
    /// <summary>Execution provider failure.</summary>
    EpFail = 11,
}

/// <summary>An error reported by ONNX Runtime, with what we were doing when it happened.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception from ORT's code and message.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string message, string ortMessage, Exception? inner = null)
        : base($"[ORT {errorCode}] {message}: {ortMessage}", inner)
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's message, without our context.</summary>
    public string OrtMessage { get; }

    /// <summary>Wraps the NuGet binding's exception, whose message starts "[ErrorCode:Name] ", adding <paramref name="context"/>.</summary>
    internal static OnnxRuntimeException From(Microsoft.ML.OnnxRuntime.OnnxRuntimeException e, string context)
    {
        const string prefix = "[ErrorCode:";
        var message = e.Message;
        var code = OrtErrorCode.Fail;
        var end = message.IndexOf("] ", StringComparison.Ordinal);
        if (message.StartsWith(prefix, StringComparison.Ordinal) && end > prefix.Length)
        {
            if (!Enum.TryParse(message.AsSpan(prefix.Length, end - prefix.Length), out code)) code = OrtErrorCode.Fail;
            message = message[(end + 2)..];
        }
        return new OnnxRuntimeException(code, context, message, e);
    }
}
