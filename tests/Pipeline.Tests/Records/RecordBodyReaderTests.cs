using System.Text;
using Pipeline.Ingestion;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

public sealed class RecordBodyReaderTests
{
    private static IReadOnlyList<RawRecord> Json(string text) => RecordBodyReader.ReadJson(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("""[{"id":"a"},{"id":"b"}]""", 2)]
    [InlineData("""{"id":"a"}""", 1)]
    [InlineData("""{"records":[{"id":"a"},{"id":"b"},{"id":"c"}]}""", 3)]
    [InlineData("""[]""", 0)]
    public void Json_bodies_come_as_an_array_an_object_or_a_records_wrapper(string body, int count) =>
        Assert.Equal(count, Json(body).Count);

    [Fact]
    public void Json_numbers_and_booleans_keep_their_literal_text_and_null_is_absent()
    {
        var record = Json("""{"id":123,"amount":12.50,"newProduct":true,"region":null,"extra":{"a":1}}""")[0];
        Assert.Equal("123", record.Fields["id"]);
        Assert.Equal("12.50", record.Fields["amount"]);
        Assert.Equal("true", record.Fields["newProduct"]);
        Assert.Null(record.Fields["region"]);
        Assert.Equal(RawRecord.NotScalar, record.Fields["extra"]);
    }

    [Fact]
    public void A_json_array_element_that_is_not_an_object_is_a_record_error_not_a_body_error()
    {
        var records = Json("""[{"id":"a"}, 5]""");
        Assert.Null(records[0].ReadError);
        Assert.Equal("record must be a JSON object", records[1].ReadError);
    }

    [Theory]
    [InlineData("[{\"id\":\"a\"")]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    [InlineData("{\"records\": 5}")]
    public void Unreadable_json_is_a_body_error(string body) => Assert.Throws<BodyFormatException>(() => Json(body));

    [Fact]
    public void Json_with_a_byte_order_mark_is_read() =>
        Assert.Single(RecordBodyReader.ReadJson(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""[{"id":"a"}]""")).ToArray()));

    [Fact]
    public void Ndjson_gives_every_record_its_line_and_a_bad_line_is_a_record_error()
    {
        var records = RecordBodyReader.ReadNdjson("{\"id\":\"a\"}\r\n\r\n{\"id\":\"b\"}\n{broken\n[1]\n");
        Assert.Equal([1, 3, 4, 5], records.Select(r => r.Line!.Value));
        Assert.Equal([0, 1, 2, 3], records.Select(r => r.Index));
        Assert.Null(records[1].ReadError);
        Assert.StartsWith("line is not valid JSON", records[2].ReadError);
        Assert.Equal("line must hold one JSON object", records[3].ReadError);
    }

    [Fact]
    public void Ndjson_with_no_json_line_at_all_is_a_body_error() =>
        Assert.Throws<BodyFormatException>(() => RecordBodyReader.ReadNdjson("id,date\nS-1,2026-11-01\n"));

    [Fact]
    public void Csv_gives_every_record_the_line_it_starts_on_even_after_a_multi_line_cell()
    {
        var records = RecordBodyReader.ReadCsv("id,comment,price\nV-1,\"first line\nsecond line\",4\nV-2,,5\n");
        Assert.Equal([2, 4], records.Select(r => r.Line!.Value));
        Assert.Equal("first line\nsecond line", records[0].Fields["comment"]);
        Assert.Null(records[1].Fields["comment"]);
        Assert.Equal("5", records[1].Fields["price"]);
    }

    [Fact]
    public void Csv_rows_shorter_than_the_header_leave_the_rest_absent()
    {
        var record = Assert.Single(RecordBodyReader.ReadCsv("id,date,amount\nS-1,2026-11-01\n"));
        Assert.Null(record.Fields["amount"]);
    }

    [Fact]
    public void Csv_without_a_header_is_a_body_error() => Assert.Throws<BodyFormatException>(() => RecordBodyReader.ReadCsv(""));
}

public sealed class IngestionBodyTests
{
    private const string ChineseCsv = "id,name,department,region\nE1,王芳,销售部,华东\n";

    [Fact]
    public void Csv_in_utf8_with_a_byte_order_mark_is_read()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ChineseCsv)).ToArray();
        var record = Assert.Single(IngestionBody.Read(body, "text/csv"));
        Assert.Equal("E1", record.Fields["id"]);
        Assert.Equal("王芳", record.Fields["name"]);
    }

    [Theory]
    [InlineData("text/csv; charset=gb18030")]
    [InlineData("text/csv; charset=GB18030")]
    [InlineData("text/csv;charset=\"gbk\"")]
    public void Csv_in_gb18030_is_read_when_the_content_type_says_so(string contentType)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoding.GetEncoding("GB18030").GetBytes(ChineseCsv);
        Assert.NotEqual(Encoding.UTF8.GetBytes(ChineseCsv), body); // the test really is about another encoding
        var record = Assert.Single(IngestionBody.Read(body, contentType));
        Assert.Equal(("王芳", "销售部", "华东"), (record.Fields["name"], record.Fields["department"], record.Fields["region"]));
    }

    [Fact]
    public void Gb18030_bytes_declared_as_utf8_are_a_body_error_not_garbage()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoding.GetEncoding("GB18030").GetBytes(ChineseCsv);
        var error = Assert.Throws<BodyFormatException>(() => IngestionBody.Read(body, "text/csv"));
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("text/csv; charset=latin1")]
    [InlineData("application/json; charset=gb18030")]
    public void Other_content_types_and_charsets_are_unsupported(string? contentType) =>
        Assert.Throws<IngestionBody.UnsupportedMediaTypeException>(() => IngestionBody.Read("[]"u8.ToArray(), contentType));

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/x-ndjson")]
    [InlineData("text/csv")]
    public void An_empty_body_is_a_body_error(string contentType) =>
        Assert.Throws<BodyFormatException>(() => IngestionBody.Read(Array.Empty<byte>(), contentType));
}
