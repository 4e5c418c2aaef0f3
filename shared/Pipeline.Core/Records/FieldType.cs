namespace Pipeline.Records;

/// <summary>How a field's text is parsed and what value it is stored as.</summary>
public enum FieldType
{
    /// <summary>A record id: 1–128 characters from <c>A-Z a-z 0-9 . _ : -</c>.</summary>
    Id,

    /// <summary>A free string (trimmed), at most <see cref="FieldSpec.MaxLength"/> characters.</summary>
    Text,

    /// <summary>A local business date <c>yyyy-MM-dd</c>, stored as <see cref="DateOnly"/>.</summary>
    Date,

    /// <summary>An ISO 8601 timestamp that carries an offset, stored as <see cref="DateTimeOffset"/>.</summary>
    Timestamp,

    /// <summary>A decimal amount of money, finite, |x| ≤ 1e12, stored as <see cref="decimal"/>.</summary>
    Money,

    /// <summary>As <see cref="Money"/>, and ≥ 0.</summary>
    NonNegativeMoney,

    /// <summary>A whole number ≥ 0, stored as <see cref="long"/>.</summary>
    Count,

    /// <summary>A whole-number score within <see cref="FieldSpec.Min"/>..<see cref="FieldSpec.Max"/>, stored as <see cref="int"/>.</summary>
    Score,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of <see cref="FieldSpec.Values"/> (lower camelCase), stored in its canonical spelling.</summary>
    Enum,

    /// <summary>A monthly period <c>yyyy-MM</c>, stored as <see cref="Time.Period"/>.</summary>
    Month,
}
