using System.Globalization;
using Microsoft.Extensions.Configuration;
using Pipeline.Kpis;
using Pipeline.Assessment;
using Pipeline.Kpis.Families;

namespace Pipeline.Settings;

/// <summary>
/// Reads <see cref="AssessmentSettings"/> from the <c>Sla</c>, <c>Satisfaction</c>, <c>Scorecard</c> and
/// <c>Alerts</c> sections (CONTRACT §3, §7), keeping the contract's defaults for whatever is not set, and
/// refusing settings that would give wrong figures (unknown KPIs, non-positive weights or goals).
/// </summary>
public static class AssessmentSettingsReader
{
    /// <summary>The settings; throws <see cref="InvalidOperationException"/> naming the bad setting.</summary>
    public static AssessmentSettings Read(IConfiguration configuration)
    {
        var defaults = new AssessmentSettings();
        var sla = configuration.GetSection("Sla");
        var alerts = configuration.GetSection("Alerts");
        return defaults with
        {
            GraceDays = (int)Number(sla, "GraceDays", defaults.GraceDays, min: 0, whole: true),
            ComplaintResponseHours = Number(sla, "ComplaintResponseHours", defaults.ComplaintResponseHours, min: double.Epsilon),
            InquiryReplyHours = Number(sla, "InquiryReplyHours", defaults.InquiryReplyHours, min: double.Epsilon),
            ServiceResponseHours = Number(sla, "ServiceResponseHours", defaults.ServiceResponseHours, min: double.Epsilon),
            BusinessHours = ReadBusinessHours(sla.GetSection("BusinessHours")),
            SatisfactionWeights = ReadWeights(configuration.GetSection("Satisfaction:Weights"), defaults.SatisfactionWeights),
            Scorecard = ReadScorecard(configuration.GetSection("Scorecard"), defaults.Scorecard),
            MinSample = (int)Number(alerts, "MinSample", defaults.MinSample, min: 0, whole: true),
            AlertThresholds = ReadThresholds(alerts, defaults.AlertThresholds),
            ServiceComplaintFine = ReadFine(configuration.GetSection("Penalties"), defaults.ServiceComplaintFine),
            BonusCoefficients = defaults.BonusCoefficients.ToDictionary(
                g => g.Key, g => Number(configuration.GetSection("Bonus:Coefficients"), g.Key, g.Value, min: 0), StringComparer.Ordinal),
        };
    }

    // The company's rule allows a fine of 20 to 100 per substantiated service complaint: anything else stops the app.
    private static decimal ReadFine(IConfigurationSection section, decimal fallback)
    {
        var text = section["ServiceComplaintFine"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var fine) && fine is >= 20 and <= 100
            ? fine
            : throw new InvalidOperationException(
                $"Setting {section.Path}:ServiceComplaintFine = '{text}' must be an amount from 20 to 100: the company's rule allows only that range.");
    }

    private static double Number(IConfigurationSection section, string key, double fallback, double min = double.MinValue, bool whole = false)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return double.IsNaN(fallback)
                ? throw new InvalidOperationException($"Setting {section.Path}:{key} is required.")
                : fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min ||
            (whole && value != Math.Floor(value)) || !double.IsFinite(value))
        {
            throw new InvalidOperationException($"Setting {section.Path}:{key} = '{text}' must be a {(whole ? "whole " : "")}number ≥ {(min == double.Epsilon ? "above 0" : min.ToString(CultureInfo.InvariantCulture))}.");
        }

        return value;
    }

    private static BusinessHours? ReadBusinessHours(IConfigurationSection section)
    {
        if (!section.Exists())
        {
            return null;
        }

        TimeOnly Time(string key, string fallback)
        {
            var text = section[key] ?? fallback;
            return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new InvalidOperationException($"Setting {section.Path}:{key} = '{text}' must be a time HH:mm.");
        }

        HashSet<DateOnly> Dates(string key) => section.GetSection(key).GetChildren().Select(child =>
            DateOnly.TryParseExact(child.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new InvalidOperationException($"Setting {child.Path} = '{child.Value}' must be a date yyyy-MM-dd.")).ToHashSet();

        var days = section.GetSection("WorkingDays").GetChildren().Select(child =>
            Enum.TryParse<DayOfWeek>(child.Value, ignoreCase: true, out var day)
                ? day
                : throw new InvalidOperationException($"Setting {child.Path} = '{child.Value}' must be a day name such as Monday.")).ToHashSet();
        if (days.Count == 0)
        {
            days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        }

        var open = Time("Open", "09:00");
        var close = Time("Close", "18:00");
        if (close <= open)
        {
            throw new InvalidOperationException($"Setting {section.Path}:Close must be after {section.Path}:Open.");
        }

        return new BusinessHours(days, open, close, Dates("Holidays"), Dates("ExtraWorkingDates"));
    }

    private static IReadOnlyDictionary<string, double> ReadWeights(IConfigurationSection section, IReadOnlyDictionary<string, double> defaults)
    {
        if (!section.Exists())
        {
            return defaults;
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dimension in SurveysFamily.Dimensions)
        {
            weights[dimension] = Number(section, dimension, defaults[dimension], min: 0);
        }

        var unknown = section.GetChildren().Select(c => c.Key).Except(weights.Keys, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 || weights.Values.Sum() <= 0)
        {
            throw new InvalidOperationException(
                $"Setting {section.Path} may name only {string.Join(", ", weights.Keys)}, with a positive total weight.");
        }

        return weights;
    }

    private static ScorecardSettings ReadScorecard(IConfigurationSection section, ScorecardSettings defaults)
    {
        var grades = section.GetSection("Grades");
        var departments = section.GetSection("Departments");
        var lists = departments.Exists()
            ? departments.GetChildren().ToDictionary(d => d.Key, d => (IReadOnlyList<ScorecardEntry>)d.GetChildren().Select(ReadEntry).ToList(), StringComparer.Ordinal)
            : defaults.Departments;
        var result = new ScorecardSettings(
            lists,
            Number(grades, "A", defaults.GradeA, 0),
            Number(grades, "B", defaults.GradeB, 0),
            Number(grades, "C", defaults.GradeC, 0));
        if (!(result.GradeA >= result.GradeB && result.GradeB >= result.GradeC))
        {
            throw new InvalidOperationException($"Setting {grades.Path}: A ≥ B ≥ C is required.");
        }

        return result;
    }

    private static ScorecardEntry ReadEntry(IConfigurationSection entry)
    {
        var kpi = entry["Kpi"];
        if (kpi is null || KpiCatalog.Find(kpi) is not { Scalar: true })
        {
            throw new InvalidOperationException($"Setting {entry.Path}:Kpi = '{kpi}' is not a KPI with a single value.");
        }

        var direction = entry["Direction"] ?? (KpiCatalog.Definition(kpi).Direction == Direction.Lower ? "lower" : "higher");
        if (direction is not ("higher" or "lower"))
        {
            throw new InvalidOperationException($"Setting {entry.Path}:Direction must be 'higher' or 'lower'.");
        }

        return new ScorecardEntry(kpi, Number(entry, "Weight", double.NaN, double.Epsilon), Number(entry, "Goal", double.NaN, double.Epsilon), direction == "lower");
    }

    private static IReadOnlyDictionary<string, double> ReadThresholds(IConfigurationSection section, IReadOnlyDictionary<string, double> defaults)
    {
        var thresholds = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        foreach (var child in section.GetChildren().Where(c => c.Key != "MinSample"))
        {
            if (KpiCatalog.Find(child.Key) is not { Scalar: true })
            {
                throw new InvalidOperationException($"Setting {child.Path}: '{child.Key}' is not a KPI with a single value.");
            }

            if (string.IsNullOrWhiteSpace(child.Value))
            {
                thresholds.Remove(child.Key); // an empty value switches the alert off
                continue;
            }

            thresholds[child.Key] = Number(section, child.Key, 0);
        }

        return thresholds;
    }
}
