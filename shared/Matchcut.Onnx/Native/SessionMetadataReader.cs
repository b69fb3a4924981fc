namespace Matchcut.Onnx.Native;

/// <summary>Reads input and output names, element types and shapes of an open session.</summary>
internal static unsafe class SessionMetadataReader
{
    public static TensorInfo[] ReadInputs(OrtApi api, nint session) =>
        Read(api, session, api.SessionGetInputCount, api.SessionGetInputName, api.SessionGetInputTypeInfo);

    public static TensorInfo[] ReadOutputs(OrtApi api, nint session) =>
        Read(api, session, api.SessionGetOutputCount, api.SessionGetOutputName, api.SessionGetOutputTypeInfo);

    private static TensorInfo[] Read(
        OrtApi api,
        nint session,
        delegate* unmanaged<nint, nuint*, nint> getCount,
        delegate* unmanaged<nint, nuint, nint, byte**, nint> getName,
        delegate* unmanaged<nint, nuint, nint*, nint> getTypeInfo)
    {
        nuint count;
        api.Check(getCount(session, &count), "reading the model's input/output count");
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");

        var infos = new TensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* namePtr;
            api.Check(getName(session, i, allocator, &namePtr), "reading an input/output name");
            string name;
            try { name = Utf8.Read(namePtr); }
            finally { api.Check(api.AllocatorFree(allocator, namePtr), "AllocatorFree"); }

            nint typeInfo;
            api.Check(getTypeInfo(session, i, &typeInfo), $"reading the type of '{name}'");
            try { infos[(int)i] = ReadTensorInfo(api, name, typeInfo); }
            finally { api.ReleaseTypeInfo(typeInfo); }
        }
        return infos;
    }

    private static TensorInfo ReadTensorInfo(OrtApi api, string name, nint typeInfo)
    {
        nint tensorInfo; // owned by typeInfo, never released on its own
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading the tensor type of '{name}'");
        if (tensorInfo == 0) return new TensorInfo(name, TensorElementType.Undefined, [], []);

        var (elementType, shape, symbolic) = ReadTypeAndShape(api, tensorInfo, name);
        return new TensorInfo(name, elementType, shape, symbolic);
    }

    /// <summary>Element type, dimensions and symbolic dimension names of an OrtTensorTypeAndShapeInfo.</summary>
    public static (TensorElementType Type, long[] Shape, string[] Symbolic) ReadTypeAndShape(OrtApi api, nint tensorInfo, string name)
    {
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType), $"reading the element type of '{name}'");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), $"reading the rank of '{name}'");

        var shape = new long[(int)rank];
        var symbolic = new string[(int)rank];
        if (rank > 0)
        {
            var names = new nint[(int)rank];
            fixed (long* dims = shape)
            fixed (nint* dimNames = names)
            {
                api.Check(api.GetDimensions(tensorInfo, dims, rank), $"reading the shape of '{name}'");
                api.Check(api.GetSymbolicDimensions(tensorInfo, (byte**)dimNames, rank), $"reading the symbolic shape of '{name}'");
            }
            for (var d = 0; d < symbolic.Length; d++)
            {
                symbolic[d] = names[d] == 0 ? "" : Utf8.Read((byte*)names[d]);
                // ORT reports free dimensions as -1 already; normalise any other negative for callers.
                if (shape[d] < 0) shape[d] = -1;
            }
        }
        return ((TensorElementType)elementType, shape, symbolic);
    }
}
