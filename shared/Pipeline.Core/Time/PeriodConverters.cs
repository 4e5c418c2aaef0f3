using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Time;

/// <summary>A <see cref="Period"/> in JSON as its text (<c>2026-11</c>, <c>2026-Q4</c>, <c>2026</c>), never as an object.</summary>
public sealed class PeriodJsonConverter : JsonConverter<Period>
{
    /// <inheritdoc />
    public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Period.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException($"A period is text: yyyy-MM, yyyy-Qn or yyyy (found {reader.TokenType}).");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>
/// A <see cref="Period"/> to and from its text for serializers that go by type converters (Newtonsoft.Json, which the
/// standalone hosting's Durable extension uses for orchestration inputs).
/// </summary>
public sealed class PeriodTypeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Period.Parse(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is Period period ? period.ToString() : base.ConvertTo(context, culture, value, destinationType);
}
