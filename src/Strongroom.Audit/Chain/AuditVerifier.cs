using System.Security.Cryptography;

namespace Strongroom.Audit;

/// <summary>
/// Checks chained audit files (in rotation order) and reports the first line that was deleted,
/// inserted, modified or reordered. Reads lines as raw bytes; never parses or prints their content.
/// </summary>
public static class AuditVerifier
{
    public static AuditVerifyResult Verify(IReadOnlyList<string> files, ReadOnlySpan<byte> chainKey)
    {
        ArgumentNullException.ThrowIfNull(files);
        var key = chainKey.ToArray();
        try
        {
            return new Run(files, key).Execute();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private sealed class Run(IReadOnlyList<string> files, byte[] key)
    {
        private readonly List<string> _notes = [];
        private readonly IEnumerator<(string File, long Number, byte[] Bytes)> _lines = ReadLines(files).GetEnumerator();
        private (string File, long Number, byte[] Bytes)? _peeked;
        private long _count;

        public AuditVerifyResult Execute()
        {
            try
            {
                return Check();
            }
            finally
            {
                _lines.Dispose();
            }
        }

        private AuditVerifyResult Check()
        {
            long expected = 0;
            var previous = new byte[AuditChain.MacSize];
            var segments = 0;
            var lastTime = DateTimeOffset.MinValue;
            while (Next() is { } current)
            {
                _count++;
                var (file, number, bytes) = current;
                if (!AuditLine.TryParse(bytes, out var line))
                {
                    var kind = expected > 0 && PeekVerifies(expected, previous) ? "inserted" : "modified";
                    return Tampered(kind, file, number, "the line is not a chained audit entry");
                }

                if (expected == 0)
                {
                    segments = 1;
                    if (line.Sequence == 1)
                    {
                        if (!Verifies(line, new byte[AuditChain.MacSize]))
                        {
                            return Tampered("modified", file, number, "the first line does not match its chain value");
                        }
                    }
                    else
                    {
                        _notes.Add($"{file}:{number}: the log starts at seq {line.Sequence}; that line's chain value is taken on trust");
                    }
                }
                else if (line.Sequence == expected)
                {
                    if (!Verifies(line, previous))
                    {
                        var kind = PeekVerifies(expected, previous) ? "inserted" : "modified";
                        return Tampered(kind, file, number, $"seq {line.Sequence} does not match the chain");
                    }
                }
                else if (line.Sequence == 1 && Verifies(line, new byte[AuditChain.MacSize]))
                {
                    if (Time(line.Covered) < lastTime)
                    {
                        return Tampered("reordered", file, number, "a chain starts here that is older than the line before it (files out of order?)");
                    }

                    segments++;
                    _notes.Add($"{file}:{number}: a new chain starts here (server restarted on a new file)");
                }
                else if (line.Sequence > expected)
                {
                    if (Verifies(line with { Covered = AuditChain.Covered(line.Covered.AsSpan(0, line.Covered.Length - 1 - SeqLength(line)), expected) }, previous))
                    {
                        return Tampered("modified", file, number, $"the sequence number was changed from {expected} to {line.Sequence}");
                    }

                    return SeekLater(expected)
                        ? Tampered("reordered", file, number, $"expected seq {expected}, found seq {line.Sequence}; seq {expected} appears later")
                        : Tampered("deleted", file, number, $"lines with seq {expected}..{line.Sequence - 1} are missing before this line");
                }
                else
                {
                    var kind = PeekVerifies(expected, previous) ? "inserted" : "reordered";
                    return Tampered(kind, file, number, $"expected seq {expected}, found seq {line.Sequence} which already appeared");
                }

                expected = line.Sequence + 1;
                line.Chain.CopyTo(previous, 0);
                lastTime = Time(line.Covered);
            }

            return new AuditVerifyResult(true, _count, files.Count, segments, "", "", 0, "", _notes);
        }

        /// <summary>The entry's "time" (the first member the formatter writes); MinValue when absent.</summary>
        private static DateTimeOffset Time(byte[] covered)
        {
            var span = covered.AsSpan();
            var start = span.IndexOf("{\"time\":\""u8);
            if (start < 0)
            {
                return DateTimeOffset.MinValue;
            }

            span = span[(start + 9)..];
            var end = span.IndexOf((byte)'"');
            return end > 0 && DateTimeOffset.TryParse(System.Text.Encoding.ASCII.GetString(span[..end]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : DateTimeOffset.MinValue;
        }

        private static int SeqLength(AuditLine line) => line.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + ",\"seq\":".Length;

        private bool Verifies(AuditLine line, byte[] previous)
        {
            Span<byte> mac = stackalloc byte[AuditChain.MacSize];
            AuditChain.Compute(key, previous, line.Covered, mac);
            return CryptographicOperations.FixedTimeEquals(mac, line.Chain);
        }

        /// <summary>True when the next line is the expected one and chains from <paramref name="previous"/> (so the current line is extra).</summary>
        private bool PeekVerifies(long expected, byte[] previous)
        {
            _peeked ??= _lines.MoveNext() ? _lines.Current : null;
            return _peeked is { } next && AuditLine.TryParse(next.Bytes, out var line) && line.Sequence == expected && Verifies(line, previous);
        }

        /// <summary>Scans the remaining lines for <paramref name="sequence"/> (we stop at the first problem, so consuming is fine).</summary>
        private bool SeekLater(long sequence)
        {
            while (Next() is { } line)
            {
                if (AuditLine.TryParse(line.Bytes, out var parsed) && parsed.Sequence == sequence)
                {
                    return true;
                }
            }

            return false;
        }

        private (string File, long Number, byte[] Bytes)? Next()
        {
            if (_peeked is { } peeked)
            {
                _peeked = null;
                return peeked;
            }

            return _lines.MoveNext() ? _lines.Current : null;
        }

        private AuditVerifyResult Tampered(string kind, string file, long number, string detail) =>
            new(false, _count, files.Count, 0, kind, file, number, detail, _notes);

        private static IEnumerable<(string File, long Number, byte[] Bytes)> ReadLines(IReadOnlyList<string> files)
        {
            foreach (var file in files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
                var buffer = new MemoryStream();
                long number = 0;
                int b;
                while ((b = stream.ReadByte()) >= 0)
                {
                    if (b == '\n')
                    {
                        yield return (file, ++number, buffer.ToArray());
                        buffer.SetLength(0);
                    }
                    else
                    {
                        buffer.WriteByte((byte)b);
                    }
                }

                if (buffer.Length > 0)
                {
                    yield return (file, ++number, buffer.ToArray());
                }
            }
        }
    }
}
