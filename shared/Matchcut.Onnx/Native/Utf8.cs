using System.Runtime.InteropServices;
using System.Text;

namespace Matchcut.Onnx.Native;

/// <summary>NUL-terminated UTF-8 strings for ORT's <c>const char*</c> parameters.</summary>
internal static unsafe class Utf8
{
    public static byte[] NullTerminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    public static string Read(byte* value) => Marshal.PtrToStringUTF8((nint)value) ?? "";
}
