using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>
/// Strings read back from a part's travel form, shared while one part is read (<see cref="Share"/>): a record's id, kept by
/// each of the four or so scopes it counts toward and by the family's detail, and the few values of a category or a
/// severity repeated on every line, become one string each instead of one per place they appear. Folding in process shares
/// them by reference already; a part read back from JSON would otherwise hold a copy of each (measured at 1,000,000
/// records, after the fan-out: strings were 77 MiB of a 240 MiB heap). Writing is unchanged, and so are the values.
/// </summary>
public sealed class PartStrings : JsonConverter<string>
{
    // Strings longer than this are read as they are (comments, names): they are rarely repeated and not worth a lookup.
    private const int MaxShared = 128;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static HashSet<string>? t_pool;

    /// <summary>The converter; in the options a family reads its states and details with.</summary>
    public static PartStrings Converter { get; } = new();

    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <summary>
    /// Shares equal strings among everything read on this thread until the returned scope is disposed (reading one part).
    /// Scopes do not nest: an inner one shares the outer one's pool.
    /// </summary>
    public static Scope Share()
    {
        if (t_pool is not null)
        {
            return default;
        }

        t_pool = new HashSet<string>(StringComparer.Ordinal);
        return new Scope(owner: true);
    }

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Shared(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <inheritdoc />
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Shared(ref reader)!;

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Shared(ref Utf8JsonReader reader)
    {
        var pool = t_pool;
        if (pool is null || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxShared)
        {
            return reader.GetString();
        }

        Span<char> chars = stackalloc char[MaxShared];
        var length = Utf8.GetChars(reader.ValueSpan, chars);
        var text = chars[..length];
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        shared = new string(text);
        pool.Add(shared);
        return shared;
    }

    /// <summary>The time strings are shared in; disposing it ends the sharing on this thread.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _owner;

        internal Scope(bool owner) => _owner = owner;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_owner)
            {
                t_pool = null;
            }
        }
    }
}
