using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>
/// Validates raw records against their kind (CONTRACT §2): required fields, types, ranges,
/// enumerations, id syntax, offsets on timestamps, orderings; trims strings, treats empty optional
/// strings as absent, ignores unknown fields and applies static defaults.
/// </summary>
public sealed class RecordValidator(CompanyTimeZone timeZone)
{
    /// <summary>The outcome for one record: a valid record, or the errors that reject it.</summary>
    public readonly record struct Outcome(ValidRecord? Record, IReadOnlyList<RecordError> Errors);

    /// <summary>Validates one raw record.</summary>
    public Outcome Validate(RecordKind kind, RawRecord raw)
    {
        var sentId = FindText(raw, "id");
        var errors = new List<RecordError>();
        void Error(string? field, string message) =>
            errors.Add(new RecordError(raw.Index, raw.Line, kind.DerivedId ? null : IdForError(sentId), field, message));

        if (raw.ReadError is not null)
        {
            Error(null, raw.ReadError);
            return new Outcome(null, errors);
        }

        var values = new RecordValues();
        foreach (var field in kind.Fields)
        {
            var text = FindText(raw, field.Name);
            if (text == RawRecord.NotScalar)
            {
                Error(field.Name, "must be a single value, not an object or array");
                continue;
            }

            if (string.IsNullOrEmpty(text))
            {
                if (field.Required && !(kind.DerivedId && field.Name == "id"))
                {
                    Error(field.Name, "is required");
                }
                else if (field.Default is not null)
                {
                    values[field.Name] = field.Default;
                }

                continue;
            }

            var value = FieldParser.Parse(field, text, out var message);
            if (value is null)
            {
                Error(field.Name, message!);
            }
            else
            {
                values[field.Name] = value;
            }
        }

        void Rule(string field, string message)
        {
            // A rule about a field that already failed to parse would only repeat the news.
            if (errors.All(e => e.Field != field))
            {
                Error(field, message);
            }
        }

        kind.Rules?.Invoke(values, Rule);
        kind.ZonedRules?.Invoke(values, Rule, timeZone);

        if (errors.Count > 0)
        {
            if (kind.DerivedId && TryDeriveTargetId(values, out var derived))
            {
                errors = errors.Select(e => e with { Id = derived }).ToList();
            }

            return new Outcome(null, errors);
        }

        var id = kind.DerivedId ? DeriveTargetId(values) : values.Get<string>("id")!;
        return new Outcome(new ValidRecord(raw.Index, id, PeriodOf(kind, values), values), errors);
    }

    /// <summary>The month a record's anchor falls in, in the company time zone; null for master data.</summary>
    public Period? PeriodOf(RecordKind kind, RecordValues values) => kind.Anchor is null
        ? null
        : values[kind.Anchor] switch
        {
            DateOnly date => Period.MonthOf(date),
            DateTimeOffset instant => timeZone.MonthOf(instant),
            Period period => period,
            var other => throw new InvalidOperationException($"anchor {kind.Anchor} holds a {other.GetType().Name}"),
        };

    private static string DeriveTargetId(RecordValues values) =>
        RecordKinds.TargetId(values.Get<Period>("period"), values.Get<string>("scope")!, values.Get<string>("scopeId")!);

    private static bool TryDeriveTargetId(RecordValues values, out string id)
    {
        id = "";
        if (!values.ContainsKey("period") || !values.ContainsKey("scope") || !values.ContainsKey("scopeId"))
        {
            return false;
        }

        id = DeriveTargetId(values);
        return true;
    }

    private static string? IdForError(string? sentId) =>
        sentId is null || sentId == RawRecord.NotScalar ? null : sentId.Length > 128 ? sentId[..128] : sentId;

    // Exact spelling first, then any spelling of the name: a spreadsheet header "Amount" still counts.
    private static string? FindText(RawRecord raw, string name)
    {
        if (!raw.Fields.TryGetValue(name, out var text))
        {
            foreach (var (key, value) in raw.Fields)
            {
                if (string.Equals(key.Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    text = value;
                    break;
                }
            }
        }

        return text == RawRecord.NotScalar ? text : text?.Trim();
    }
}
