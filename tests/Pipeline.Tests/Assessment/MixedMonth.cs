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

        return records;
    }
}
