using System.Globalization;

namespace Strongroom.Audit;

/// <summary>Working hours in a time zone: days of the week and a [start, end) time of day.</summary>
internal sealed record BusinessHours(TimeZoneInfo Zone, TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days)
{
    public static readonly IReadOnlySet<DayOfWeek> Weekdays = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    public bool Contains(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, Zone);
        var clock = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return Days.Contains(local.DayOfWeek) && clock >= Start && clock < End;
    }

    /// <summary>Parses "08:00-18:00"; false on bad input.</summary>
    public static bool TryParseRange(string text, out TimeOnly start, out TimeOnly end)
    {
        start = end = default;
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end)
            && start < end;
    }

    public static bool TryParseDay(string text, out DayOfWeek day)
    {
        day = text.Trim().ToUpperInvariant() switch
        {
            "MON" or "MONDAY" => DayOfWeek.Monday,
            "TUE" or "TUESDAY" => DayOfWeek.Tuesday,
            "WED" or "WEDNESDAY" => DayOfWeek.Wednesday,
            "THU" or "THURSDAY" => DayOfWeek.Thursday,
            "FRI" or "FRIDAY" => DayOfWeek.Friday,
            "SAT" or "SATURDAY" => DayOfWeek.Saturday,
            "SUN" or "SUNDAY" => DayOfWeek.Sunday,
            _ => (DayOfWeek)(-1),
        };
        return (int)day >= 0;
    }
}
