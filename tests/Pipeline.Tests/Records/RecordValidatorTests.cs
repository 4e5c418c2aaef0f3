using Pipeline.Records;
using Pipeline.Time;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Records;

public sealed class RecordValidatorTests
{
    private static readonly RecordValidator Validator = new(new CompanyTimeZone("Asia/Shanghai"));

    private static RecordValidator.Outcome Validate(string kind, Dictionary<string, string?> fields) =>
        Validator.Validate(KpiCatalog.FindKind(kind)!, Samples.Raw(fields));

    public static TheoryData<string> Kinds => new(KpiCatalog.Kinds.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_sample_of_every_kind_is_valid(string kind)
    {
        var outcome = Validate(kind, Samples.Valid(kind));
        Assert.Empty(outcome.Errors);
        Assert.NotNull(outcome.Record);
    }

    // The required fields, copied from CONTRACT §2 (marked R there); targets' id is derived.
    public static TheoryData<string, string> RequiredFields => new()
    {
        { "employees", "id" }, { "employees", "name" }, { "employees", "department" },
        { "sales", "id" }, { "sales", "date" }, { "sales", "employeeId" }, { "sales", "customerId" }, { "sales", "product" }, { "sales", "amount" },
        { "targets", "period" }, { "targets", "scope" }, { "targets", "scopeId" },
        { "surveys", "id" }, { "surveys", "date" }, { "surveys", "customerId" },
        { "complaints", "id" }, { "complaints", "receivedAt" }, { "complaints", "customerId" }, { "complaints", "category" },
        { "inquiries", "id" }, { "inquiries", "receivedAt" },
        { "serviceTickets", "id" }, { "serviceTickets", "openedAt" }, { "serviceTickets", "type" },
        { "expenses", "id" }, { "expenses", "date" }, { "expenses", "department" }, { "expenses", "category" }, { "expenses", "amount" },
        { "campaigns", "id" }, { "campaigns", "startDate" }, { "campaigns", "endDate" },
        { "researchTasks", "id" }, { "researchTasks", "plannedDate" },
        { "customers", "id" }, { "customers", "name" },
        { "visits", "id" }, { "visits", "date" }, { "visits", "employeeId" }, { "visits", "customerId" }, { "visits", "type" },
        { "correctiveActions", "id" }, { "correctiveActions", "raisedAt" }, { "correctiveActions", "dueDate" }, { "correctiveActions", "department" },
        { "receivables", "id" }, { "receivables", "customerId" }, { "receivables", "invoiceDate" }, { "receivables", "dueDate" }, { "receivables", "amount" },
        { "peerReviews", "id" }, { "peerReviews", "date" }, { "peerReviews", "reviewerDepartment" }, { "peerReviews", "department" }, { "peerReviews", "score" },
    };

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_missing_required_field_rejects_the_record(string kind, string field)
    {
        var outcome = Validate(kind, Samples.Valid(kind).With(field, null));
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((field, "is required"), (error.Field, error.Message));
        Assert.Null(outcome.Record);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void An_empty_or_blank_required_field_counts_as_missing(string kind, string field)
    {
        var error = Assert.Single(Validate(kind, Samples.Valid(kind).With(field, "   ")).Errors);
        Assert.Equal((field, "is required"), (error.Field, error.Message));
    }

    [Fact]
    public void The_schema_requires_exactly_the_contract_fields()
    {
        var contract = RequiredFields.Select(row => $"{row.Data.Item1}.{row.Data.Item2}").Order();
        var schema = KpiCatalog.Kinds.SelectMany(k => k.Fields.Where(f => f.Required).Select(f => $"{k.Name}.{f.Name}")).Order();
        Assert.Equal(contract, schema);
    }

    [Theory]
    // Ids: 1–128 characters from A-Z a-z 0-9 . _ : -
    [InlineData("sales", "id", "S 1", "may contain only")]
    [InlineData("sales", "id", "S/1", "may contain only")]
    [InlineData("sales", "id", "销售1", "may contain only")]
    // Dates and timestamps.
    [InlineData("sales", "date", "2026-11-3", "must be a date yyyy-MM-dd")]
    [InlineData("sales", "date", "2026-02-29", "must be a date yyyy-MM-dd")]
    [InlineData("sales", "date", "03/11/2026", "must be a date yyyy-MM-dd")]
    [InlineData("complaints", "receivedAt", "2026-11-03T09:00:00", "timestamp needs an offset")]
    [InlineData("complaints", "receivedAt", "2026-11-03 09:00", "timestamp needs an offset")]
    [InlineData("complaints", "receivedAt", "2026-02-30T09:00:00+08:00", "is not a valid date and time")]
    [InlineData("complaints", "receivedAt", "yesterday", "must be an ISO 8601 timestamp")]
    // Money: finite decimals, |x| ≤ 1e12; non-negative where the contract says so.
    [InlineData("sales", "amount", "1000000000000.01", "at most 1e12")]
    [InlineData("sales", "amount", "NaN", "must be a number")]
    [InlineData("sales", "amount", "Infinity", "must be a number")]
    [InlineData("sales", "amount", "1,200", "must be a number")]
    [InlineData("expenses", "amount", "-1", "must not be negative")]
    [InlineData("targets", "salesAmount", "-5", "must not be negative")]
    [InlineData("campaigns", "cost", "-0.01", "must not be negative")]
    // Counts and scores.
    [InlineData("campaigns", "exposure", "-1", "whole number ≥ 0")]
    [InlineData("campaigns", "exposure", "2.5", "whole number ≥ 0")]
    [InlineData("targets", "newCustomers", "1.5", "whole number ≥ 0")]
    [InlineData("surveys", "productQuality", "0", "from 1 to 5")]
    [InlineData("surveys", "productQuality", "6", "from 1 to 5")]
    [InlineData("surveys", "productQuality", "4.5", "from 1 to 5")]
    [InlineData("surveys", "overall", "6", "from 1 to 5")]
    [InlineData("surveys", "recommend", "11", "from 0 to 10")]
    [InlineData("surveys", "recommend", "-1", "from 0 to 10")]
    [InlineData("complaints", "followUpSatisfaction", "0", "from 1 to 5")]
    // Enumerations.
    [InlineData("complaints", "category", "price", "must be one of quality, service")]
    [InlineData("complaints", "severity", "urgent", "must be one of low, normal, high")]
    [InlineData("employees", "role", "boss", "must be one of rep, manager")]
    [InlineData("surveys", "kind", "adhoc", "must be one of periodic, followUp")]
    [InlineData("serviceTickets", "type", "upgrade", "must be one of install")]
    [InlineData("serviceTickets", "qualityCheck", "ok", "must be one of pass, fail")]
    [InlineData("expenses", "category", "food", "must be one of travel")]
    [InlineData("targets", "scope", "team", "must be one of company, department, region, employee")]
    [InlineData("targets", "period", "2026-13", "must be a month yyyy-MM")]
    [InlineData("targets", "period", "2026", "must be a month yyyy-MM")]
    // Booleans and lengths.
    [InlineData("sales", "newProduct", "yes", "must be true or false")]
    [InlineData("employees", "active", "maybe", "must be true or false")]
    public void A_bad_value_is_rejected_naming_the_field(string kind, string field, string value, string message)
    {
        var outcome = Validate(kind, Samples.Valid(kind).With(field, value));
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.Null(outcome.Record);
    }

    [Theory]
    [InlineData("sales", "amount", "-250.75")] // a return
    [InlineData("sales", "amount", "1000000000000")] // exactly 1e12
    [InlineData("sales", "amount", "-1000000000000")]
    [InlineData("sales", "date", "2028-02-29")] // leap day
    [InlineData("complaints", "receivedAt", "2026-11-03T01:00:00Z")]
    [InlineData("complaints", "receivedAt", "2026-11-03T09:00:00.1234567-05:00")]
    [InlineData("complaints", "receivedAt", "2026-11-03 09:00:00+08:00")] // as a spreadsheet writes it
    [InlineData("complaints", "category", "Quality")] // enumerations ignore case...
    [InlineData("surveys", "recommend", "0")]
    [InlineData("surveys", "recommend", "10")]
    [InlineData("sales", "newProduct", "TRUE")]
    [InlineData("campaigns", "exposure", "0")]
    public void A_good_value_is_accepted(string kind, string field, string value)
    {
        var fields = Samples.Valid(kind).With(field, value);
        if (field == "category" && kind == "complaints")
        {
            fields["product"] = "P1";
        }

        Assert.Empty(Validate(kind, fields).Errors);
    }

    [Fact]
    public void Enumerations_are_stored_in_their_canonical_spelling() =>
        Assert.Equal("followUp", Validate("surveys", Samples.Valid("surveys").With("kind", "FOLLOWUP")).Record!.Values["kind"]);

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Ids_may_be_up_to_128_characters(int length, bool valid) =>
        Assert.Equal(valid, Validate("sales", Samples.Valid("sales").With("id", new string('a', length))).Record is not null);

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Free_strings_may_be_up_to_256_characters(int length, bool valid) =>
        Assert.Equal(valid, Validate("sales", Samples.Valid("sales").With("product", new string('产', length))).Record is not null);

    [Theory]
    [InlineData(2000, true)]
    [InlineData(2001, false)]
    public void Survey_comments_may_be_up_to_2000_characters(int length, bool valid) =>
        Assert.Equal(valid, Validate("surveys", Samples.Valid("surveys").With("comment", new string('好', length))).Record is not null);

    [Theory]
    [InlineData("complaints", "firstResponseAt", "2026-11-03T08:59:59+08:00", "must not be before receivedAt")]
    [InlineData("complaints", "resolvedAt", "2026-11-03T00:59:59Z", "must not be before receivedAt")]
    [InlineData("inquiries", "firstReplyAt", "2026-11-02T19:59:59-05:00", "must not be before receivedAt")]
    [InlineData("serviceTickets", "respondedAt", "2026-11-03T08:00:00+08:00", "must not be before openedAt")]
    [InlineData("serviceTickets", "completedAt", "2026-11-02T09:00:00+08:00", "must not be before openedAt")]
    [InlineData("campaigns", "endDate", "2026-10-31", "must not be before startDate")]
    public void A_later_time_before_its_start_is_rejected(string kind, string field, string value, string message)
    {
        var error = Assert.Single(Validate(kind, Samples.Valid(kind).With(field, value)).Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("complaints", "firstResponseAt", "2026-11-03T09:00:00+08:00")] // equal is allowed
    [InlineData("complaints", "resolvedAt", "2026-11-03T01:00:00Z")] // the same instant in UTC
    [InlineData("campaigns", "endDate", "2026-11-01")]
    public void A_later_time_equal_to_its_start_is_accepted(string kind, string field, string value) =>
        Assert.Empty(Validate(kind, Samples.Valid(kind).With(field, value)).Errors);

    [Theory]
    [InlineData("dueDate", "2026-10-14", null, "dueDate", "must not be before invoiceDate")]
    [InlineData("amount", "0", null, "amount", "must be greater than 0")]
    [InlineData("amount", "-1", null, "amount", "must not be negative")]
    [InlineData("paidAmount", "1200.51", "2026-11-20", "paidAmount", "must not exceed amount")]
    [InlineData("paidAmount", "-0.01", "2026-11-20", "paidAmount", "must not be negative")]
    [InlineData("paidAmount", "100", null, "paidAt", "is required when paidAmount is above 0")]
    [InlineData("guaranteeAmount", "-5", null, "guaranteeAmount", "must not be negative")]
    [InlineData("paidAt", "2026-11-31", null, "paidAt", "must be a date yyyy-MM-dd")]
    public void A_receivable_breaking_a_rule_is_rejected_naming_the_field(string field, string value, string? paidAt, string errorField, string message)
    {
        var fields = Samples.Valid("receivables").With(field, value);
        if (paidAt is not null)
        {
            fields["paidAt"] = paidAt;
        }

        var error = Assert.Single(Validate("receivables", fields).Errors);
        Assert.Equal(errorField, error.Field);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("dueDate", "2026-10-15")] // due on the invoice date
    [InlineData("paidAmount", "0")] // nothing paid needs no paidAt
    [InlineData("guaranteeAmount", "0")]
    public void A_receivable_on_the_edge_of_a_rule_is_accepted(string field, string value) =>
        Assert.Empty(Validate("receivables", Samples.Valid("receivables").With(field, value)).Errors);

    [Fact]
    public void A_receivable_paid_in_full_is_stored_with_its_defaults_filled()
    {
        var record = Validate("receivables", Samples.Valid("receivables").With("paidAmount", "1200.50").With("paidAt", "2026-11-14")).Record!;
        Assert.Equal(1200.50m, record.Values["paidAmount"]);
        Assert.Equal(0m, Validate("receivables", Samples.Valid("receivables")).Record!.Values["paidAmount"]);
        Assert.Equal(Pipeline.Time.Period.Parse("2026-11"), record.Period); // anchored on dueDate
    }

    [Fact]
    public void A_quality_complaint_needs_a_product()
    {
        var error = Assert.Single(Validate("complaints", Samples.Valid("complaints").With("category", "quality")).Errors);
        Assert.Equal(("product", "is required when category is quality"), (error.Field, error.Message));
        Assert.Empty(Validate("complaints", Samples.Valid("complaints").With("category", "quality").With("product", "P1")).Errors);
    }

    [Fact]
    public void A_survey_needs_at_least_one_dimension()
    {
        var error = Assert.Single(Validate("surveys", Samples.Valid("surveys").With("productQuality", null).With("overall", "5")).Errors);
        Assert.Contains("at least one of productQuality, serviceQuality, price, credit", error.Message);
    }

    [Fact]
    public void A_target_needs_at_least_one_measure()
    {
        var error = Assert.Single(Validate("targets", Samples.Valid("targets").With("salesAmount", null)).Errors);
        Assert.Contains("at least one of salesAmount", error.Message);
        Assert.Equal("2026-11:employee:E1", error.Id);
    }

    [Fact]
    public void A_company_target_has_scope_id_company()
    {
        var fields = Samples.Valid("targets").With("scope", "company").With("scopeId", "HQ");
        var error = Assert.Single(Validate("targets", fields).Errors);
        Assert.Equal(("scopeId", "must be 'company' when scope is company"), (error.Field, error.Message));
    }

    [Fact]
    public void A_target_id_is_derived_from_period_scope_and_scope_id_and_a_sent_id_is_ignored()
    {
        var record = Validate("targets", Samples.Valid("targets").With("id", "anything at all")).Record!;
        Assert.Equal("2026-11:employee:E1", record.Id);
        Assert.Equal(Period.Parse("2026-11"), record.Period);
    }

    [Fact]
    public void Strings_are_trimmed_empty_optionals_are_absent_and_static_defaults_apply()
    {
        var fields = Samples.Valid("complaints").With("customerId", "  K1 \t").With("region", "").With("channel", "   ");
        var values = Validate("complaints", fields).Record!.Values;
        Assert.Equal("K1", values["customerId"]);
        Assert.False(values.ContainsKey("region"));
        Assert.False(values.ContainsKey("channel"));
        Assert.Equal("service", values["department"]);
        Assert.Equal("normal", values["severity"]);
    }

    [Fact]
    public void Defaults_that_depend_on_the_employee_are_left_for_the_assessment()
    {
        var values = Validate("sales", Samples.Valid("sales")).Record!.Values;
        Assert.False(values.ContainsKey("department"));
        Assert.False(values.ContainsKey("region"));
        Assert.Equal(false, values["newProduct"]);
        Assert.False(Validate("researchTasks", Samples.Valid("researchTasks")).Record!.Values.ContainsKey("department"));
        Assert.Equal("marketing", Validate("campaigns", Samples.Valid("campaigns")).Record!.Values["department"]);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_field_names_match_without_regard_to_case()
    {
        var fields = Samples.Valid("sales").With("amount", null).With("Amount", "5").With("colour", "red");
        var record = Validate("sales", fields).Record!;
        Assert.Equal(5m, record.Values["amount"]);
        Assert.False(record.Values.ContainsKey("colour"));
    }

    [Fact]
    public void Every_problem_of_a_record_is_reported_with_its_index_line_and_id()
    {
        var raw = new RawRecord(7, 9, Samples.Valid("sales").With("date", "tomorrow").With("amount", "lots"));
        var errors = Validator.Validate(SalesFamily.Schema, raw).Errors;
        Assert.Equal(["date", "amount"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal((7, 9, "S-1"), (e.Index, e.Line, e.Id)));
    }

    [Theory]
    [InlineData("2026-11-30T23:30:00+08:00", "2026-11")]
    [InlineData("2026-11-30T16:30:00Z", "2026-12")]
    [InlineData("2026-11-30T10:30:00-05:00", "2026-11")]
    [InlineData("2026-11-30T11:00:00-05:00", "2026-12")]
    public void A_record_belongs_to_the_month_of_its_anchor_in_the_company_time_zone(string receivedAt, string month) =>
        Assert.Equal(month, Validate("complaints", Samples.Valid("complaints").With("receivedAt", receivedAt)).Record!.Period.ToString());

    [Fact]
    public void Master_data_belongs_to_no_period() => Assert.Null(Validate("employees", Samples.Valid("employees")).Record!.Period);
}
