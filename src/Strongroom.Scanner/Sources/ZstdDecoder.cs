using System.Runtime.InteropServices;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// zstd decompression through the system's libzstd (RFC 8878 streaming API). .NET has no zstd and no zstd
/// NuGet package restores here, so this binds ZSTD_decompressStream directly; when libzstd is absent,
/// <see cref="TryDecompress"/> returns null and the caller reports the layer as skipped.
/// </summary>
internal static unsafe partial class ZstdDecoder
{
    private const string Library = "libzstd.so.1";

    /// <summary>Decompresses a whole zstd frame sequence, or null when libzstd is unavailable or the data is corrupt.</summary>
    public static byte[]? TryDecompress(ReadOnlySpan<byte> compressed, long maxOutput)
    {
        nint stream;
        try
        {
            stream = ZSTD_createDStream();
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        try
        {
            ZSTD_initDStream(stream);
            using var output = new MemoryStream();
            var chunk = new byte[128 * 1024];
            fixed (byte* src = compressed)
            fixed (byte* dst = chunk)
            {
                var input = new Buffer { Data = src, Size = (nuint)compressed.Length, Position = 0 };
                while (true)
                {
                    var outBuffer = new Buffer { Data = dst, Size = (nuint)chunk.Length, Position = 0 };
                    var result = ZSTD_decompressStream(stream, &outBuffer, &input);
                    if (ZSTD_isError(result) != 0)
                    {
                        return null;
                    }

                    output.Write(chunk, 0, (int)outBuffer.Position);
                    if (output.Length > maxOutput)
                    {
                        return null;
                    }

                    if (input.Position >= input.Size && outBuffer.Position < outBuffer.Size)
                    {
                        break;
                    }
                }
            }

            return output.ToArray();
        }
        finally
        {
            ZSTD_freeDStream(stream);
        }
    }

    [LibraryImport(Library)]
    private static partial nint ZSTD_createDStream();

    [LibraryImport(Library)]
    private static partial nuint ZSTD_initDStream(nint stream);

    [LibraryImport(Library)]
    private static partial nuint ZSTD_decompressStream(nint stream, Buffer* output, Buffer* input);

    [LibraryImport(Library)]
    private static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    private static partial nuint ZSTD_freeDStream(nint stream);

    [StructLayout(LayoutKind.Sequential)]
    private struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }
}
