using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// A seeded month of mixed records around 2026-11, full of the edges the contract cares about: records on
/// both sides of month ends in several offsets, SLA answers at exactly the limit and one second past it,
/// resolutions at the cut-off, returns, employees unknown to master data, re-sent and stale updates.
/// </summary>
public static class MixedMonth
{
    public static Dictionary<string, List<JsonObject>> Generate(int seed)
    {
        var random = new Random(seed);
        var more = new Random(unchecked((seed * 31) + 7));
        var records = new Dictionary<string, List<JsonObject>>();
        List<JsonObject> Kind(string name) => records.TryGetValue(name, out var list) ? list : records[name] = [];
        T Pick<T>(params T[] items) => items[random.Next(items.Length)];
        bool Chance(double p) => random.NextDouble() < p;
        string[] offsets = ["+08:00", "Z", "-05:00", "+05:30"];

        string[] departments = ["sales", "service", "marketing", "legal"];
        string[] regions = ["east", "west", "north"];
        var employees = new List<string>();
        for (var i = 1; i <= 14; i++)
        {
            var id = $"E{i:D2}";
            employees.Add(id);
            var employee = new JsonObject { ["id"] = id, ["name"] = $"员工 {i}", ["department"] = departments[i % departments.Length] };
            if (i % 5 != 0)
            {
                employee["region"] = regions[i % regions.Length];
            }

            if (i == 7)
            {
                employee["active"] = false;
            }

            Kind("employees").Add(employee);
        }

        string Employee() => Chance(0.06) ? "E99" : Pick(employees.ToArray());

        // Dates mostly in November, some just outside it on both sides.
        DateOnly Date()
        {
            var roll = random.NextDouble();
            return roll < 0.08 ? new DateOnly(2026, 10, 31)
                : roll < 0.16 ? new DateOnly(2026, 12, 1)
                : roll < 0.22 ? new DateOnly(2026, 11, 30)
                : roll < 0.26 ? new DateOnly(2026, 11, 1)
                : new DateOnly(2026, 11, 1 + random.Next(30));
        }

        string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // An instant near a random local time of a date, written in one of several offsets.
        DateTimeOffset Instant()
        {
            var date = Date();
            var local = new DateTimeOffset(date.ToDateTime(new TimeOnly(random.Next(24), random.Next(60), random.Next(60))), TimeSpan.FromHours(8));
            if (Chance(0.08))
            {
                local = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(8)); // 23:30 on the last day
            }

            return local;
        }

        string Write(DateTimeOffset instant)
        {
            var offset = Pick(offsets);
            var span = offset == "Z" ? TimeSpan.Zero : TimeSpan.Parse(offset[1..], CultureInfo.InvariantCulture) * (offset[0] == '-' ? -1 : 1);
            var shifted = instant.ToOffset(span);
            return shifted.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (offset == "Z" ? "Z" : offset);
        }

        // An answer after a receipt: often exactly at the SLA or one second past it.
        DateTimeOffset? Answer(DateTimeOffset received, double slaHours)
        {
            var roll = random.NextDouble();
            return roll < 0.15 ? null
                : roll < 0.3 ? received.AddHours(slaHours)
                : roll < 0.4 ? received.AddHours(slaHours).AddSeconds(1)
                : received.AddMinutes(random.Next(1, (int)(slaHours * 60 * 2)));
        }

        for (var i = 0; i < 320; i++)
        {
            var sale = new JsonObject
            {
                ["id"] = $"S-{i:D4}", ["date"] = Day(Date()), ["employeeId"] = Employee(), ["customerId"] = $"K{random.Next(60)}",
                ["product"] = Pick("P1", "P2", "新品A"),
                ["amount"] = Chance(0.07) ? -Math.Round((decimal)random.NextDouble() * 500, 2) : Math.Round((decimal)random.NextDouble() * 5000, 2),
            };
            if (Chance(0.6))
            {
                sale["grossProfit"] = Math.Round((decimal)random.NextDouble() * 900 - 100, 2);
            }

            if (Chance(0.3))
            {
                sale["newProduct"] = true;
            }

            if (Chance(0.25))
            {
                sale["newCustomer"] = true;
            }

            if (Chance(0.15))
            {
                sale["region"] = Pick("south", "east");
            }

            if (Chance(0.1))
            {
                sale["department"] = Pick("sales", "marketing");
            }

            Kind("sales").Add(sale);
        }

        foreach (var month in new[] { "2026-10", "2026-11", "2026-12" })
        {
            Kind("targets").Add(new JsonObject { ["period"] = month, ["scope"] = "company", ["scopeId"] = "company", ["salesAmount"] = 400000, ["grossProfit"] = 90000, ["newProductSales"] = 100000, ["newCustomers"] = 20, ["expenseBudget"] = 30000 });
            Kind("targets").Add(new JsonObject { ["period"] = month, ["scope"] = "department", ["scopeId"] = "sales", ["salesAmount"] = 250000, ["newCustomers"] = 12, ["expenseBudget"] = 8000 });
            Kind("targets").Add(new JsonObject { ["period"] = month, ["scope"] = "department", ["scopeId"] = "marketing", ["expenseBudget"] = 5000 });
            Kind("targets").Add(new JsonObject { ["period"] = month, ["scope"] = "region", ["scopeId"] = "east", ["salesAmount"] = "120000.50" });
            foreach (var employee in employees.Take(9))
            {
                Kind("targets").Add(new JsonObject { ["period"] = month, ["scope"] = "employee", ["scopeId"] = employee, ["salesAmount"] = 30000 + random.Next(20000), ["newCustomers"] = 1 + random.Next(4), ["expenseBudget"] = 1000 });
            }
        }

        // A target sent twice: the second replaces the first.
        Kind("targets").Add(new JsonObject { ["period"] = "2026-11", ["scope"] = "department", ["scopeId"] = "sales", ["salesAmount"] = 260000, ["newCustomers"] = 15, ["expenseBudget"] = 9000 });

        for (var i = 0; i < 220; i++)
        {
            var received = Instant();
            var category = Pick("quality", "service");
            var complaint = new JsonObject
            {
                ["id"] = $"C-{i:D4}", ["receivedAt"] = Write(received), ["customerId"] = $"K{random.Next(60)}", ["category"] = category,
            };
            if (category == "quality" || Chance(0.3))
            {
                complaint["product"] = Pick("P1", "P2");
            }

            if (Answer(received, 24) is { } response)
            {
                complaint["firstResponseAt"] = Write(response);
            }

            var resolution = random.NextDouble();
            if (resolution < 0.65)
            {
                complaint["resolvedAt"] = Write(received.AddMinutes(random.Next(1, 60 * 24 * 12)));
            }
            else if (resolution < 0.72 && received < new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)))
            {
                complaint["resolvedAt"] = "2026-12-01T00:00:00+08:00"; // exactly the November cut-off
            }
            else if (resolution < 0.76)
            {
                complaint["resolvedAt"] = Write(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(8)) > received
                    ? new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(8)) : received);
            }

            if (Chance(0.4))
            {
                complaint["followUpSatisfaction"] = 1 + random.Next(5);
            }

            if (Chance(0.7))
            {
                complaint["handlerId"] = Employee();
            }

            if (Chance(0.5))
            {
                complaint["region"] = Pick(regions);
            }

            if (Chance(0.1))
            {
                complaint["department"] = "sales";
            }

            if (Chance(0.2))
            {
                complaint["updatedAt"] = Write(received.AddDays(3));
            }

            if (more.NextDouble() < 0.2)
            {
                complaint["substantiated"] = true;
                if (more.NextDouble() < 0.8)
                {
                    complaint["responsibleId"] = employees[more.Next(employees.Count)];
                }
            }

            Kind("complaints").Add(complaint);
        }

        // Re-sent complaints: one newer (replaces), one older (stale, ignored).
        var newer = (JsonObject)Kind("complaints")[3].DeepClone();
        newer["updatedAt"] = "2027-01-01T00:00:00Z";
        newer.Remove("resolvedAt");
        Kind("complaints").Add(newer);
        var older = (JsonObject)Kind("complaints")[5].DeepClone();
        older["updatedAt"] = "2020-01-01T00:00:00Z";
        older["category"] = "quality";
        older["product"] = "P9";
        var firstVersion = (JsonObject)Kind("complaints")[5];
        firstVersion["updatedAt"] = "2026-12-15T00:00:00Z";
        Kind("complaints").Add(older);

        for (var i = 0; i < 120; i++)
        {
            var received = Instant();
            var inquiry = new JsonObject { ["id"] = $"Q-{i:D4}", ["receivedAt"] = Write(received) };
            if (Answer(received, 4) is { } reply)
            {
                inquiry["firstReplyAt"] = Write(reply);
            }

            if (Chance(0.6))
            {
                inquiry["handlerId"] = Employee();
            }

            if (Chance(0.5))
            {
                inquiry["region"] = Pick(regions);
            }

            Kind("inquiries").Add(inquiry);
        }

        for (var i = 0; i < 120; i++)
        {
            var opened = Instant();
            var ticket = new JsonObject { ["id"] = $"T-{i:D4}", ["openedAt"] = Write(opened), ["type"] = Pick("install", "repair", "maintenance") };
            if (Answer(opened, 24) is { } response)
            {
                ticket["respondedAt"] = Write(response);
            }

            if (Chance(0.7))
            {
                ticket["qualityCheck"] = Chance(0.85) ? "pass" : "fail";
            }

            if (Chance(0.6))
            {
                ticket["handlerId"] = Employee();
            }

            if (Chance(0.4))
            {
                ticket["region"] = Pick(regions);
            }

            // Completion from a second generator, so the records made before completions existed stay as they were.
            if (more.NextDouble() < 0.7)
            {
                ticket["completedAt"] = Write(opened.AddMinutes(more.Next(30, 96 * 60)));
            }

            Kind("serviceTickets").Add(ticket);
        }

        for (var i = 0; i < 260; i++)
        {
            var survey = new JsonObject { ["id"] = $"V-{i:D4}", ["date"] = Day(Date()), ["customerId"] = $"K{random.Next(60)}" };
            if (Chance(0.2))
            {
                survey["kind"] = "followUp";
            }

            var answered = false;
            foreach (var dimension in new[] { "productQuality", "serviceQuality", "price", "credit" })
            {
                if (Chance(0.8))
                {
                    survey[dimension] = 1 + random.Next(5);
                    answered = true;
                }
            }

            if (!answered)
            {
                survey["price"] = 1 + random.Next(5);
            }

            if (Chance(0.8))
            {
                survey["overall"] = 1 + random.Next(5);
            }

            if (Chance(0.8))
            {
                survey["recommend"] = random.Next(11);
            }

            if (Chance(0.6))
            {
                survey["employeeId"] = Employee();
            }

            if (Chance(0.2))
            {
                survey["region"] = Pick(regions);
            }

            if (Chance(0.1))
            {
                survey["department"] = "service";
            }

            Kind("surveys").Add(survey);
        }

        for (var i = 0; i < 70; i++)
        {
            var expense = new JsonObject
            {
                ["id"] = $"X-{i:D4}", ["date"] = Day(Date()), ["department"] = Pick("sales", "marketing", "service"),
                ["category"] = Pick("travel", "advertising", "promotion"), ["amount"] = Math.Round((decimal)random.NextDouble() * 1500, 2),
            };
            if (Chance(0.6))
            {
                expense["employeeId"] = Employee();
            }

            if (Chance(0.2))
            {
                expense["region"] = "south";
            }

            Kind("expenses").Add(expense);
        }

        for (var i = 0; i < 14; i++)
        {
            var start = Date();
            var campaign = new JsonObject { ["id"] = $"M-{i:D2}", ["startDate"] = Day(start), ["endDate"] = Day(start.AddDays(10)) };
            foreach (var (planned, actual) in new[] { ("plannedExposure", "exposure"), ("plannedParticipants", "participants"), ("plannedConversions", "conversions") })
            {
                if (Chance(0.75))
                {
                    campaign[planned] = random.Next(0, 3) == 0 ? 0 : random.Next(1, 1000);
                }

                if (Chance(0.8))
                {
                    campaign[actual] = random.Next(0, 1500);
                }
            }

            if (Chance(0.2))
            {
                campaign["department"] = "sales";
            }

            Kind("campaigns").Add(campaign);
        }

        for (var i = 0; i < 40; i++)
        {
            var planned = Date();
            var task = new JsonObject { ["id"] = $"R-{i:D3}", ["plannedDate"] = Day(planned) };
            if (Chance(0.7))
            {
                task["completedDate"] = Day(Chance(0.2) ? new DateOnly(2026, 12, 1) : planned.AddDays(random.Next(0, 20)));
            }

            if (Chance(0.6))
            {
                task["employeeId"] = Employee();
            }

            if (Chance(0.2))
            {
                task["department"] = "sales";
            }

            Kind("researchTasks").Add(task);
        }

        // Peer reviews between departments, some about one employee, some of a department the master data does not know.
        for (var i = 0; i < 40; i++)
        {
            var reviewed = Pick("service", "marketing", "sales", "logistics");
            var review = new JsonObject
            {
                ["id"] = $"P-{i:D3}", ["date"] = Day(Date()), ["reviewerDepartment"] = reviewed == "service" ? "marketing" : "service",
                ["department"] = reviewed, ["score"] = 1 + random.Next(5),
            };
            if (Chance(0.4))
            {
                review["employeeId"] = Employee();
            }

            Kind("peerReviews").Add(review);
        }

        // Customer files for K0–K49 (K50–K59 have none): grades, keepers (some none, one unknown), parts, approvals and
        // updates on both sides of the period and the cut-off; a few inactive.
        T More<T>(params T[] items) => items[more.Next(items.Length)];
        bool MoreChance(double p) => more.NextDouble() < p;
        DateTimeOffset MoreInstant(int fromDay, int toDay) =>
            new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddDays(more.Next(fromDay, toDay)).AddMinutes(more.Next(24 * 60));
        for (var i = 0; i < 50; i++)
        {
            var customer = new JsonObject { ["id"] = $"K{i}", ["name"] = $"客户名称{i} Confidential Ltd" };
            if (MoreChance(0.9))
            {
                customer["grade"] = More("A", "B", "C", "D", "a");
            }

            if (MoreChance(0.8))
            {
                customer["keeperId"] = MoreChance(0.05) ? "E99" : More(employees.ToArray());
            }

            if (MoreChance(0.5))
            {
                customer["region"] = More(regions);
            }

            foreach (var part in new[] { "hasLegalDocs", "hasContacts", "hasCreditInfo", "hasProductionInfo", "hasTradeHistory" })
            {
                if (MoreChance(0.8))
                {
                    customer[part] = true;
                }
            }

            if (MoreChance(0.75))
            {
                customer["approvedAt"] = Write(MoreChance(0.1) ? new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)) : MoreInstant(-300, 70));
            }

            if (MoreChance(0.8))
            {
                customer["fileUpdatedAt"] = Write(MoreChance(0.1) ? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)) : MoreInstant(-60, 70));
            }

            if (MoreChance(0.08))
            {
                customer["active"] = false;
            }

            Kind("customers").Add(customer);
        }

        for (var i = 0; i < 150; i++)
        {
            var visit = new JsonObject
            {
                ["id"] = $"VI-{i:D3}", ["date"] = Day(More(Date(), Date())), ["employeeId"] = More(employees.ToArray()), ["customerId"] = $"K{more.Next(55)}",
                ["type"] = More("routine", "holiday", "usageTracking", "returnVisit", "complaintFollowUp"),
            };
            if (MoreChance(0.6))
            {
                visit["opinions"] = more.Next(0, 5);
            }

            if (MoreChance(0.1))
            {
                visit["region"] = More(regions);
            }

            if (MoreChance(0.1))
            {
                visit["department"] = "service";
            }

            Kind("visits").Add(visit);
        }

        for (var i = 0; i < 40; i++)
        {
            var raised = MoreInstant(0, 55);
            var due = DateOnly.FromDateTime(raised.DateTime).AddDays(more.Next(0, 30));
            var action = new JsonObject
            {
                ["id"] = $"CA-{i:D3}", ["raisedAt"] = Write(raised), ["dueDate"] = Day(due), ["department"] = More("service", "sales", "marketing"),
                ["kpi"] = More("satisfactionIndex", "complaintResolutionRate", "keyCustomerCoverage"), ["scope"] = "department", ["scopeId"] = "service",
            };
            if (MoreChance(0.7))
            {
                action["ownerId"] = More(employees.ToArray());
            }

            if (MoreChance(0.75))
            {
                var closed = raised.AddHours(more.Next(1, 40 * 24));
                action["closedAt"] = Write(closed);
                if (MoreChance(0.8))
                {
                    action["effective"] = MoreChance(0.7);
                }
            }

            Kind("correctiveActions").Add(action);
        }

        // A sale moved from October to November by a later update: only its last version counts.
        Kind("sales").Add(new JsonObject
        {
            ["id"] = "S-0000", ["date"] = "2026-11-15", ["employeeId"] = "E01", ["customerId"] = "K1", ["product"] = "P1", ["amount"] = "777.77",
        });

        AddReceivables(records, seed);
        return records;
    }

    // Receivables (CONTRACT §2, §3) from a generator of their own, so that every record above stays exactly as it was
    // generated before receivables existed. Due dates run from September 2025 to December 2026: the monthly look-back
    // (365 days before the cut-off's date 2026-12-01) and the annual one (before 2027-01-01), the deduction dates of
    // both periods (dueDate + 91 days) and next month's dues. Edges are written out below the random part.
    private static void AddReceivables(Dictionary<string, List<JsonObject>> records, int seed)
    {
        var owed = new Random(unchecked((seed * 37) + 11));
        var list = records["receivables"] = [];
        T Pick<T>(params T[] items) => items[owed.Next(items.Length)];
        bool Chance(double p) => owed.NextDouble() < p;
        static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var employees = records["employees"].Select(e => (string)e["id"]!).ToArray();
        var files = records["customers"];
        var withRegion = files.Where(c => c["region"] is not null).Select(c => (string)c["id"]!).ToArray();
        var withoutRegion = files.Where(c => c["region"] is null).Select(c => (string)c["id"]!).ToArray();
        var known = files.Select(c => (string)c["id"]!).ToHashSet(StringComparer.Ordinal);
        var noFile = Enumerable.Range(0, 60).Select(i => $"K{i}").Where(id => !known.Contains(id)).ToArray();
        string Customer() => owed.NextDouble() switch
        {
            < 0.4 when withRegion.Length > 0 => Pick(withRegion),
            < 0.8 when withoutRegion.Length > 0 => Pick(withoutRegion),
            _ => Pick(noFile),
        };

        // Money in whole cents: amounts > 0 with at most two decimals, written as JSON numbers.
        static decimal Cents(long cents) => cents / 100m;
        static long ToCents(decimal amount) => (long)(amount * 100);

        JsonObject Receivable(string id, DateOnly due, decimal amount, string customerId)
        {
            var invoice = due.AddDays(-Pick(0, 30, 60, owed.Next(1, 91)));
            return new JsonObject
            {
                ["id"] = id, ["customerId"] = customerId, ["invoiceDate"] = Day(invoice), ["dueDate"] = Day(due), ["amount"] = amount,
            };
        }

        void Paid(JsonObject r, decimal paid, DateOnly at)
        {
            var invoice = DateOnly.ParseExact((string)r["invoiceDate"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            r["paidAmount"] = paid;
            r["paidAt"] = Day(at < invoice ? invoice : at);
        }

        var start = new DateOnly(2025, 9, 20);
        for (var i = 0; i < 180; i++)
        {
            // A third due in November, the rest from 2025-09-20 to 2026-12-31.
            var due = Chance(0.35) ? new DateOnly(2026, 11, 1).AddDays(owed.Next(30)) : start.AddDays(owed.Next(0, 468));
            var amount = Cents(owed.Next(1, 2_000_000));
            var r = Receivable($"RC-{i:D3}", due, amount, Customer());
            var invoice = DateOnly.ParseExact((string)r["invoiceDate"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

            var payment = owed.NextDouble();
            if (payment < 0.3)
            {
                if (Chance(0.3))
                {
                    r["paidAmount"] = 0;
                }
            }
            else
            {
                // Paid fully or partly, on a date early, late, on a cut-off's date or just either side of it.
                var paid = payment < 0.6 || amount == 0.01m ? amount : Cents(owed.Next(1, (int)ToCents(amount)));
                var roll = owed.NextDouble();
                var at = roll switch
                {
                    < 0.45 => invoice.AddDays(owed.Next(0, due.DayNumber - invoice.DayNumber + 15)),
                    < 0.55 => new DateOnly(2026, 11, 30),
                    < 0.65 => new DateOnly(2026, 12, 1),
                    < 0.72 => new DateOnly(2026, 12, 31),
                    < 0.8 => new DateOnly(2027, 1, 1),
                    _ => new DateOnly(2026, 12, 1).AddDays(owed.Next(1, 60)),
                };
                Paid(r, paid, at);
            }

            var who = owed.NextDouble();
            if (who >= 0.12)
            {
                r["employeeId"] = who < 0.17 ? "E99" : who < 0.19 ? "E66" : Pick(employees);
            }

            if (Chance(0.12))
            {
                r["department"] = Pick("sales", "finance");
            }

            if (Chance(0.12))
            {
                r["region"] = Pick("east", "south");
            }

            if (Chance(0.35))
            {
                r["guarantorId"] = Chance(0.2) ? "E77" : Pick(employees);
                var guarantee = owed.NextDouble();
                if (guarantee < 0.1)
                {
                    r["guaranteeAmount"] = 0;
                }
                else if (guarantee < 0.9)
                {
                    // Sometimes above the balance, sometimes below it.
                    r["guaranteeAmount"] = Cents(owed.Next(1, (int)(ToCents(amount) * 3 / 2) + 2));
                }
            }
            else if (Chance(0.05))
            {
                r["guaranteeAmount"] = Cents(owed.Next(1, 100_000)); // no guarantor: nobody to deduct from
            }

            if (Chance(0.1))
            {
                r["updatedAt"] = $"{Day(due)}T10:00:00+08:00";
            }

            list.Add(r);
        }

        var sales = employees.Where(e => (string?)records["employees"].First(x => (string)x["id"]! == e)["department"] == "sales").ToArray();
        var n = 0;
        JsonObject Edge(DateOnly due, decimal amount, string? employeeId = null, string? customerId = null)
        {
            var r = Receivable($"RC-E{n++:D3}", due, amount, customerId ?? Customer());
            r["employeeId"] = employeeId ?? Pick(sales);
            list.Add(r);
            return r;
        }

        foreach (var cutoff in new[] { new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1) })
        {
            // The look-back and the age buckets: 1, 30 | 31, 90 | 91, 365 days before the cut-off's date counted, 0 and
            // 366 not; unpaid, and partly paid before the cut-off's date.
            foreach (var days in new[] { 0, 1, 30, 31, 90, 91, 365, 366 })
            {
                Edge(cutoff.AddDays(-days), Cents(owed.Next(100, 1_000_000)));
                var partly = Edge(cutoff.AddDays(-days), 1000m);
                Paid(partly, 250.5m, cutoff.AddDays(-1));
            }

            // Paid in full the day before the cut-off's date (no balance), on it and after it (still owed at the cut-off).
            foreach (var shift in new[] { -1, 0, 1 })
            {
                Paid(Edge(cutoff.AddDays(-10), 800m + (10 * shift)), 800m + (10 * shift), cutoff.AddDays(shift));
                Paid(Edge(cutoff.AddDays(-200), 640.25m + (10 * shift)), 600m, cutoff.AddDays(shift));
            }

            // Guarantee deductions: deduction day (dueDate + 91) on the period's first and last day and one day outside
            // it on both sides; guarantee above and below the balance; paid after the cut-off; a guarantor the master
            // data does not know; no balance left; a guarantee of 0.
            var first = cutoff == new DateOnly(2026, 12, 1) ? new DateOnly(2026, 11, 1) : new DateOnly(2026, 1, 1);
            var last = cutoff.AddDays(-1);
            // Amounts and guarantors differ from one deduction day to the next, so that a deduction counted one day early
            // or late changes the figures instead of swapping two equal ones.
            DateOnly[] days91 = [first, last, first.AddDays(-1), cutoff];
            string[] guarantors = ["E04", "E08", "E12", "E02"];
            for (var k = 0; k < days91.Length; k++)
            {
                var due = days91[k].AddDays(-91);
                var step = 100m * k + 0.25m * k;
                var above = Edge(due, 3000m + step);
                Paid(above, 1000m, days91[k].AddDays(-20));
                above["guarantorId"] = guarantors[k];
                above["guaranteeAmount"] = 5000m; // above the balance 2000 + step

                var below = Edge(due, 3000m + step, employeeId: "E02");
                below["guarantorId"] = guarantors[(k + 1) % guarantors.Length];
                below["guaranteeAmount"] = 1200.5m + step; // below the balance

                var late = Edge(due, 900m + step);
                Paid(late, 900m + step, cutoff); // paid on the cut-off's date: still owed at the cut-off
                late["guarantorId"] = guarantors[(k + 2) % guarantors.Length];
                late["guaranteeAmount"] = 400m + step;

                var unknown = Edge(due, 700m + step);
                unknown["guarantorId"] = "E77";
                unknown["guaranteeAmount"] = 700m + step;

                var cleared = Edge(due, 500m + step);
                Paid(cleared, 500m + step, last); // nothing left to deduct
                cleared["guarantorId"] = guarantors[k];
                cleared["guaranteeAmount"] = 500m;

                var zero = Edge(due, 450m + step);
                zero["guarantorId"] = guarantors[(k + 3) % guarantors.Length];
                zero["guaranteeAmount"] = 0;
            }
        }

        // Attribution (CONTRACT §2): without employee and department → `sales`, region from the customer's file; without
        // a file region → the employee's region (E05 and E10 have none); an employee the master data does not know.
        var november = new DateOnly(2026, 11, 12);
        var lookBack = new DateOnly(2026, 6, 15);
        var noEmployee = Receivable("RC-A00", november, 1500m, withRegion.Length > 0 ? withRegion[0] : noFile[0]);
        var noEmployeeNoFile = Receivable("RC-A01", november, 1250m, noFile[0]);
        var noEmployeeOverdue = Receivable("RC-A02", lookBack, 980m, withoutRegion.Length > 0 ? withoutRegion[0] : noFile[1]);
        var noRegion = Receivable("RC-A03", november, 2100m, withoutRegion.Length > 0 ? withoutRegion[0] : noFile[1]);
        noRegion["employeeId"] = "E05";
        var fileRegion = Receivable("RC-A04", november, 1800m, withRegion.Length > 0 ? withRegion[^1] : noFile[2]);
        fileRegion["employeeId"] = "E05";
        var ownRegion = Receivable("RC-A05", november, 1700m, withRegion.Length > 0 ? withRegion[^1] : noFile[2]);
        ownRegion["employeeId"] = "E01";
        ownRegion["region"] = "south";
        var unknownEmployee = Receivable("RC-A06", lookBack, 1600m, noFile[0]);
        unknownEmployee["employeeId"] = "E99";
        var ownDepartment = Receivable("RC-A07", november, 1400m, noFile[0]);
        ownDepartment["department"] = "finance";

        // Scopes: an employee and a region named only by a look-back receivable paid in full before the cut-off (no
        // figure counts it in November, so no scope), and by one still owed (a scope).
        var settled = Receivable("RC-A08", lookBack, 1300m, noFile[0]);
        settled["employeeId"] = "E88";
        settled["region"] = "far";
        Paid(settled, 1300m, lookBack.AddDays(5));
        var owing = Receivable("RC-A09", lookBack, 1200m, noFile[0]);
        owing["employeeId"] = "E66";
        owing["region"] = "near";
        Paid(owing, 200m, lookBack.AddDays(5));
        list.AddRange([noEmployee, noEmployeeNoFile, noEmployeeOverdue, noRegion, fileRegion, ownRegion, unknownEmployee, ownDepartment, settled, owing]);

        // Re-sent receivables: a newer payment replaces the first version, an older version is stale and ignored.
        var resent = list[0];
        resent["updatedAt"] = "2026-11-20T09:00:00+08:00";
        var newer = (JsonObject)resent.DeepClone();
        newer["updatedAt"] = "2026-11-28T09:00:00+08:00";
        Paid(newer, (decimal)newer["amount"]!, new DateOnly(2026, 11, 28));
        list.Add(newer);
        var older = (JsonObject)list[1].DeepClone();
        list[1]["updatedAt"] = "2026-11-20T09:00:00+08:00";
        older["updatedAt"] = "2026-01-01T09:00:00+08:00";
        older["amount"] = 99999m;
        older.Remove("paidAmount");
        older.Remove("paidAt");
        list.Add(older);
    }
}
