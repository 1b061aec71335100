namespace Strongroom.Audit.Tests;

public sealed class AuditVerifierTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly byte[] _key = TestData.Key();
    private readonly string _first;
    private readonly string _second;

    public AuditVerifierTests()
    {
        _first = _dir.File("audit.log.1");
        _second = _dir.File("audit.log");
        WriteRotatedLogAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Ten lines, rotation (rename + reopen), ten more lines: one chain over two files.</summary>
    private async Task WriteRotatedLogAsync()
    {
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("file", TestData.FileOptions(_second), TestData.Key(), _key).Success);
        for (var i = 1; i <= 20; i++)
        {
            Assert.True(await broker.LogAsync(TestData.Request(path: $"secret/data/item{i}"), default));
            if (i == 10)
            {
                File.Move(_second, _first);
                broker.Reopen();
            }
        }
    }

    private AuditVerifyResult Verify() => AuditVerifier.Verify([_first, _second], _key);

    private static void Edit(string file, Func<List<string>, List<string>> edit) =>
        File.WriteAllLines(file, edit([.. File.ReadAllLines(file)]));

    [Fact]
    public void Verify_UntouchedRotatedFiles_IsClean()
    {
        var result = Verify();

        Assert.True(result.Clean, result.ToString());
        Assert.Equal(20, result.Lines);
        Assert.Equal(2, result.Files);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Verify_DeletedLine_ReportsDeletedWithLineNumber()
    {
        Edit(_second, lines => { lines.RemoveAt(3); return lines; });

        var result = Verify();

        Assert.False(result.Clean);
        Assert.Equal("deleted", result.Kind);
        Assert.Equal(_second, result.File);
        Assert.Equal(4, result.LineNumber);
        Assert.Contains("seq 14..14", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LastLineOfFirstFileDeleted_ReportsAtStartOfSecondFile()
    {
        Edit(_first, lines => lines[..^1]);

        var result = Verify();

        Assert.Equal("deleted", result.Kind);
        Assert.Equal(_second, result.File);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void Verify_ReplayedLineInserted_ReportsInserted()
    {
        Edit(_first, lines => { lines.Insert(5, lines[1]); return lines; });

        var result = Verify();

        Assert.Equal("inserted", result.Kind);
        Assert.Equal(_first, result.File);
        Assert.Equal(6, result.LineNumber);
    }

    [Fact]
    public void Verify_ForgedLineInserted_ReportsInserted()
    {
        Edit(_second, lines => { lines.Insert(2, "{\"type\":\"request\",\"seq\":13,\"chain\":\"" + new string('0', 64) + "\"}"); return lines; });

        var result = Verify();

        Assert.Equal("inserted", result.Kind);
        Assert.Equal(3, result.LineNumber);
    }

    [Fact]
    public void Verify_ModifiedLine_ReportsModified()
    {
        Edit(_first, lines => { lines[6] = lines[6].Replace("secret/data/item7", "secret/data/itemX", StringComparison.Ordinal); return lines; });

        var result = Verify();

        Assert.Equal("modified", result.Kind);
        Assert.Equal(_first, result.File);
        Assert.Equal(7, result.LineNumber);
    }

    [Fact]
    public void Verify_ModifiedSequenceNumber_ReportsModified()
    {
        Edit(_first, lines => { lines[4] = lines[4].Replace("\"seq\":5,", "\"seq\":6,", StringComparison.Ordinal); return lines; });

        var result = Verify();

        Assert.Equal("modified", result.Kind);
        Assert.Equal(5, result.LineNumber);
    }

    [Fact]
    public void Verify_SwappedLines_ReportsReordered()
    {
        Edit(_second, lines => { (lines[2], lines[3]) = (lines[3], lines[2]); return lines; });

        var result = Verify();

        Assert.Equal("reordered", result.Kind);
        Assert.Equal(_second, result.File);
        Assert.Equal(3, result.LineNumber);
    }

    [Fact]
    public void Verify_FilesInWrongOrder_ReportsTampering()
    {
        var result = AuditVerifier.Verify([_second, _first], _key);

        Assert.False(result.Clean);
        Assert.Equal("reordered", result.Kind);
        Assert.Equal(_first, result.File);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void Verify_WrongKey_ReportsFirstLineModified()
    {
        var result = AuditVerifier.Verify([_first, _second], TestData.Key());

        Assert.Equal("modified", result.Kind);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void Verify_SecondFileAlone_NotesUntrustedStart()
    {
        var result = AuditVerifier.Verify([_second], _key);

        Assert.True(result.Clean, result.ToString());
        Assert.Single(result.Notes);
        Assert.Contains("seq 11", result.Notes[0], StringComparison.Ordinal);
    }
}
