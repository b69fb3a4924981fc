using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Matchcut.Onnx.Native;

/// <summary>One OrtApi Run call: wraps inputs as OrtValues over pinned memory, copies outputs out, releases everything.</summary>
/// <remarks>Uses only per-call state plus immutable session state, so concurrent calls on one session are safe.</remarks>
internal static unsafe class SessionRunner
{
    public static RunResult Run(
        OrtApi api, OrtSessionHandle session, OrtMemoryInfoHandle cpuMemory, string modelName,
        IReadOnlyList<TensorInput> inputs, IReadOnlyList<string> outputNames)
    {
        var inputCount = inputs.Count;
        var outputCount = outputNames.Count;
        var pins = new MemoryHandle[inputCount];
        var inputValues = new OrtValueHandle?[inputCount];
        var outputValues = new OrtValueHandle?[outputCount];
        var block = NativeCallBlock.Allocate(inputs, outputNames);
        var sessionAddRef = false;
        var memoryAddRef = false;
        try
        {
            // Keeps the session alive if another thread disposes it mid-Run; throws ObjectDisposedException if already gone.
            session.DangerousAddRef(ref sessionAddRef);
            cpuMemory.DangerousAddRef(ref memoryAddRef);
            var memoryInfo = cpuMemory.DangerousGetHandle();

            for (var i = 0; i < inputCount; i++)
            {
                pins[i] = inputs[i].Pin();
                nint value;
                api.Check(api.CreateTensorWithDataAsOrtValue(
                    memoryInfo, pins[i].Pointer, (nuint)inputs[i].ByteLength, block.Shape(i), (nuint)inputs[i].Shape.Count,
                    (int)inputs[i].ElementType, &value), $"Model '{modelName}': creating input tensor '{inputs[i].Name}'");
                inputValues[i] = new OrtValueHandle(value, api);
                block.InputValues[i] = value;
            }

            var status = api.Run(session.DangerousGetHandle(), 0, block.InputNames, block.InputValues, (nuint)inputCount,
                block.OutputNames, (nuint)outputCount, block.OutputValues);
            // Own whatever ORT produced before checking the status, so nothing leaks on failure.
            for (var i = 0; i < outputCount; i++)
            {
                if (block.OutputValues[i] != 0) outputValues[i] = new OrtValueHandle(block.OutputValues[i], api);
            }
            api.Check(status, $"Model '{modelName}': Run");

            var outputs = new OutputTensor[outputCount];
            try
            {
                for (var i = 0; i < outputCount; i++) outputs[i] = CopyOut(api, outputValues[i]!.DangerousGetHandle(), outputNames[i]);
            }
            catch
            {
                foreach (var o in outputs) o?.ReturnBuffer();
                throw;
            }
            return new RunResult(outputs);
        }
        finally
        {
            foreach (var v in outputValues) v?.Dispose();
            foreach (var v in inputValues) v?.Dispose();
            foreach (var p in pins) p.Dispose();
            if (memoryAddRef) cpuMemory.DangerousRelease();
            if (sessionAddRef) session.DangerousRelease();
            block.Free();
        }
    }

    private static OutputTensor CopyOut(OrtApi api, nint value, string name)
    {
        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info), $"reading the shape of output '{name}'");
        TensorElementType type;
        long[] shape;
        nuint count;
        try
        {
            (type, shape, _) = SessionMetadataReader.ReadTypeAndShape(api, info, name);
            api.Check(api.GetTensorShapeElementCount(info, &count), $"reading the size of output '{name}'");
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        var elementSize = TensorElementTypes.SizeOf(type);
        if (elementSize == 0) throw new NotSupportedException($"Output '{name}' has element type {type}, which this binding does not copy.");
        var byteLength = checked((int)(count * (nuint)elementSize));

        void* data;
        api.Check(api.GetTensorMutableData(value, &data), $"reading the data of output '{name}'");
        var buffer = ArrayPool<byte>.Shared.Rent(byteLength);
        new ReadOnlySpan<byte>(data, byteLength).CopyTo(buffer);
        return new OutputTensor(name, type, shape, buffer, byteLength);
    }

    /// <summary>One native allocation holding the name strings, pointer arrays and shapes a Run call needs.</summary>
    private readonly struct NativeCallBlock
    {
        private readonly byte* _base;
        private readonly long* _shapes;
        private readonly int[] _shapeOffsets;

        private NativeCallBlock(byte* @base, int inputs, int outputs, long* shapes, int[] shapeOffsets)
        {
            _base = @base;
            InputNames = (nint*)@base;
            OutputNames = InputNames + inputs;
            InputValues = OutputNames + outputs;
            OutputValues = InputValues + inputs;
            _shapes = shapes;
            _shapeOffsets = shapeOffsets;
        }

        public nint* InputNames { get; }
        public nint* OutputNames { get; }
        public nint* InputValues { get; }
        public nint* OutputValues { get; }

        public long* Shape(int input) => _shapes + _shapeOffsets[input];

        public static NativeCallBlock Allocate(IReadOnlyList<TensorInput> inputs, IReadOnlyList<string> outputNames)
        {
            var pointerCount = 2 * (inputs.Count + outputNames.Count);
            var shapeOffsets = new int[inputs.Count];
            var dims = 0;
            for (var i = 0; i < inputs.Count; i++)
            {
                shapeOffsets[i] = dims;
                dims += inputs[i].Shape.Count;
            }
            var textBytes = inputs.Sum(x => Encoding.UTF8.GetByteCount(x.Name) + 1) + outputNames.Sum(n => Encoding.UTF8.GetByteCount(n) + 1);
            var total = (nuint)(pointerCount * sizeof(nint) + dims * sizeof(long) + textBytes);

            var @base = (byte*)NativeMemory.AllocZeroed(total);
            var shapes = (long*)(@base + pointerCount * sizeof(nint));
            var block = new NativeCallBlock(@base, inputs.Count, outputNames.Count, shapes, shapeOffsets);

            var text = (byte*)(shapes + dims);
            for (var i = 0; i < inputs.Count; i++)
            {
                for (var d = 0; d < inputs[i].Shape.Count; d++) shapes[shapeOffsets[i] + d] = inputs[i].Shape[d];
                block.InputNames[i] = (nint)text;
                text = WriteName(text, inputs[i].Name);
            }
            for (var i = 0; i < outputNames.Count; i++)
            {
                block.OutputNames[i] = (nint)text;
                text = WriteName(text, outputNames[i]);
            }
            return block;
        }

        private static byte* WriteName(byte* destination, string name)
        {
            var length = Encoding.UTF8.GetByteCount(name);
            var written = Encoding.UTF8.GetBytes(name, new Span<byte>(destination, length));
            destination[written] = 0;
            return destination + written + 1;
        }

        public void Free() => NativeMemory.Free(_base);
    }
}
