using Strongroom.Engines.Kv;

namespace Strongroom.Engines.Tests.Kv;

public sealed class KvFormatTests
{
    [Fact]
    public void Time_WholeSecond_NoFractionLikeGoRfc3339Nano()
    {
        Assert.Equal("2018-03-22T02:24:06Z", KvFormat.Time(new DateTimeOffset(2018, 3, 22, 2, 24, 6, TimeSpan.Zero)));
    }

    [Fact]
    public void Time_TrailingZeros_Trimmed()
    {
        Assert.Equal("2018-03-22T02:24:06.5Z", KvFormat.Time(new DateTimeOffset(2018, 3, 22, 2, 24, 6, 500, TimeSpan.Zero)));
    }

    [Fact]
    public void Time_NonUtcOffset_ConvertedToUtc()
    {
        Assert.Equal("2018-03-22T00:24:06Z", KvFormat.Time(new DateTimeOffset(2018, 3, 22, 2, 24, 6, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Time_Null_EmptyString()
    {
        Assert.Equal("", KvFormat.Time(null));
    }
}
