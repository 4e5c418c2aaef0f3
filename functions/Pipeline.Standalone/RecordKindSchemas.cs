using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Pipeline.Kpis;
using Pipeline.Records;

namespace Pipeline.Standalone;

/// <summary>
/// The request schemas of <c>POST /api/records/{kind}</c>, one per record kind, generated from the kinds' field specs
/// (<see cref="KpiCatalog.Kinds"/>, <see cref="RecordKind.Fields"/>): a new kind or field appears by itself.
/// </summary>
public static class RecordKindSchemas
{
    /// <summary>The schema name of a kind's record: <c>sales</c> → <c>SalesRecord</c>.</summary>
    public static string RecordName(RecordKind kind) => char.ToUpperInvariant(kind.Name[0]) + kind.Name[1..] + "Record";

    /// <summary>The schema name of a kind's JSON body (array, one record, or <c>{"records": [...]}</c>).</summary>
    public static string BodyName(RecordKind kind) => char.ToUpperInvariant(kind.Name[0]) + kind.Name[1..] + "Body";

    /// <summary>Adds a record schema and a body schema per kind to the components.</summary>
    public static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var kind in KpiCatalog.Kinds)
        {
            document.Components.Schemas[RecordName(kind)] = Record(kind);
            var one = new OpenApiSchemaReference(RecordName(kind), document);
            document.Components.Schemas[BodyName(kind)] = new OpenApiSchema
            {
                Description = $"A body of {kind.Name} records: a JSON array, one record, or {{\"records\": [...]}}.",
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.Array, Items = one },
                    one,
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "records" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["records"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = one } },
                    },
                ],
            };
        }
    }

    /// <summary>Describes the <c>kind</c> parameter and the request body of the ingestion operation.</summary>
    public static void Describe(OpenApiOperation operation, OpenApiDocument document)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == "kind" && parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = KpiCatalog.Kinds.Select(k => (JsonNode)JsonValue.Create(k.Name)!).ToList();
                parameter.Description = "The record kind; its schema is the request body's of the same name.";
            }
        }

        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.Name == "atomic"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "atomic", In = ParameterLocation.Query, Required = false,
                Description = "When true, nothing is stored unless every record is valid (then 422 with the same body).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) },
            });
        }

        IOpenApiSchema AnyOf(Func<RecordKind, string> name) => new OpenApiSchema
        {
            AnyOf = KpiCatalog.Kinds.Select(k => (IOpenApiSchema)new OpenApiSchemaReference(name(k), document)).ToList(),
        };

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "Records of the route's kind: the schema named after the kind (e.g. `SalesRecord` for `sales`).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = AnyOf(BodyName) },
                // One record of the route's kind per line, each line the kind's record schema (OpenAPI 3.1 cannot say "per line").
                ["application/x-ndjson"] = new() { Schema = AnyOf(RecordName) },
                ["text/csv"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "First row the field names of the kind's record schema, one record per row; UTF-8 (BOM allowed) or `charset=gb18030`.",
                    },
                    Examples = KpiCatalog.Kinds.ToDictionary(k => k.Name, k => (IOpenApiExample)new OpenApiExample
                    {
                        Summary = $"{k.Name}: the header row",
                        Value = JsonValue.Create(string.Join(',', k.Fields.Select(f => f.Name)) + "\n"),
                    }),
                },
            },
        };
    }

    private static OpenApiSchema Record(RecordKind kind) => new()
    {
        Type = JsonSchemaType.Object,
        Description = kind.DerivedId
            ? $"A {kind.Name} record; its id is derived from its fields."
            : $"A {kind.Name} record; sending the same id again replaces it.",
        Required = kind.Fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
        Properties = kind.Fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)Field(f)),
    };

    private static OpenApiSchema Field(FieldSpec field)
    {
        var schema = field.Type switch
        {
            FieldType.Id => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9._:-]{1,128}$" },
            FieldType.Text => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = field.MaxLength },
            FieldType.Date => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
            FieldType.Timestamp => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "With an offset (Z or ±hh:mm)." },
            FieldType.Money => new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "-1000000000000", Maximum = "1000000000000" },
            FieldType.NonNegativeMoney => new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1000000000000" },
            FieldType.Count => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            FieldType.Score => new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = field.Min.ToString(CultureInfo.InvariantCulture),
                Maximum = field.Max.ToString(CultureInfo.InvariantCulture),
            },
            FieldType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            FieldType.Enum => new OpenApiSchema { Type = JsonSchemaType.String, Enum = field.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList() },
            FieldType.Month => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$" },
            _ => throw new NotSupportedException($"No schema for field type {field.Type}"),
        };
        schema.Default = field.Default switch
        {
            null => null,
            bool b => JsonValue.Create(b),
            string s => JsonValue.Create(s),
            var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
        };
        return schema;
    }
}
