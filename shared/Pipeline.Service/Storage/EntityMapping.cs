using System.Globalization;
using Azure.Data.Tables;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Storage;

/// <summary>
/// Maps records to table entities and back. Money is kept as an invariant decimal string (Table Storage
/// has no decimal type, and a double would not keep sums exact); dates as <c>yyyy-MM-dd</c>; timestamps as
/// UTC date-times; periods as <c>yyyy-MM</c>.
/// </summary>
public static class EntityMapping
{
    /// <summary>The entity for a valid record in its partition.</summary>
    public static TableEntity ToEntity(RecordKind kind, ValidRecord record)
    {
        var entity = new TableEntity(StorageKeys.PartitionOf(record.Period, record.Id), StorageKeys.EscapeKey(record.Id));
        if (kind.DerivedId)
        {
            entity["id"] = record.Id;
        }

        foreach (var (name, value) in record.Values)
        {
            entity[name] = value switch
            {
                decimal money => money.ToString(CultureInfo.InvariantCulture),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset instant => instant.ToUniversalTime(),
                Period period => period.ToString(),
                _ => value,
            };
        }

        return entity;
    }

    /// <summary>The values of a stored entity, typed as the kind's fields say.</summary>
    public static RecordValues ToValues(RecordKind kind, TableEntity entity)
    {
        var values = new RecordValues();
        foreach (var field in kind.Fields)
        {
            if (!entity.TryGetValue(field.Name, out var stored) || stored is null)
            {
                continue;
            }

            values[field.Name] = field.Type switch
            {
                FieldType.Money or FieldType.NonNegativeMoney => decimal.Parse((string)stored, NumberStyles.Float, CultureInfo.InvariantCulture),
                FieldType.Date => DateOnly.ParseExact((string)stored, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                FieldType.Timestamp => stored is DateTimeOffset instant ? instant : new DateTimeOffset((DateTime)stored),
                FieldType.Month => Period.Parse((string)stored),
                FieldType.Count => Convert.ToInt64(stored, CultureInfo.InvariantCulture),
                FieldType.Score => Convert.ToInt32(stored, CultureInfo.InvariantCulture),
                _ => stored,
            };
        }

        if (kind.DerivedId && entity.GetString("id") is { } id)
        {
            values["id"] = id;
        }

        return values;
    }
}
