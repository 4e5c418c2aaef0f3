using MathNet.Numerics.Statistics;
using Pipeline.Kpis;
using Pipeline.Statistics;

namespace Pipeline.Assessment;

/// <summary>
/// Everything one scope needs for its KPIs, folded one record at a time. Memory grows with what a KPI
/// must keep per scope (distinct new customers, resolution times for percentiles, the ids an alert
/// lists), not with the records folded.
/// </summary>
public sealed class ScopeAccumulator(int recordLimit)
{
    private decimal _sales;
    private decimal _grossProfit;
    private decimal _newProductSales;
    private readonly HashSet<string> _newCustomers = new(StringComparer.Ordinal);
    private decimal _expenses;

    private long _complaints;
    private long _qualityComplaints;
    private long _serviceComplaints;
    private long _resolved;
    private long _timelyComplaints;
    private readonly List<double> _resolutionHours = [];
    private readonly RunningStatistics _followUpSatisfaction = new();

    private long _inquiries;
    private long _timelyInquiries;
    private long _tickets;
    private long _timelyTickets;
    private long _checkedTickets;
    private long _passedTickets;

    private readonly RunningStatistics _satisfaction = new();
    private readonly RunningStatistics[] _dimensions = [new(), new(), new(), new()];
    private long _withOverall;
    private long _satisfied;
    private readonly RunningStatistics _npsScores = new();
    private long _promoters;
    private long _detractors;
    private readonly CronbachAlpha _alpha = new(4);
    private readonly RunningStatistics _followUpIndex = new();

    private long _researchPlanned;
    private long _researchDone;
    private readonly RunningStatistics _campaignScores = new();

    /// <summary>Complaints not resolved before the cut-off (ids).</summary>
    public List<string> UnresolvedComplaints { get; } = [];

    /// <summary>Complaints not answered within the SLA (ids).</summary>
    public List<string> LateComplaints { get; } = [];

    /// <summary>The lowest-scoring periodic responses, lowest first (at most the record limit).</summary>
    public List<ScoredResponse> LowestResponses { get; } = [];

    /// <summary>The largest expenses, largest first (at most the record limit).</summary>
    public List<Expense> LargestExpenses { get; } = [];

    internal void AddSale(Sale sale)
    {
        _sales += sale.Amount;
        _grossProfit += sale.GrossProfit ?? 0;
        if (sale.NewProduct)
        {
            _newProductSales += sale.Amount;
        }

        if (sale.NewCustomer)
        {
            _newCustomers.Add(sale.CustomerId);
        }
    }

    internal void AddExpense(Expense expense)
    {
        _expenses += expense.Amount;
        InsertBounded(LargestExpenses, expense, (a, b) =>
        {
            var byAmount = b.Amount.CompareTo(a.Amount);
            return byAmount != 0 ? byAmount : string.CompareOrdinal(a.Id, b.Id);
        });
    }

    internal void AddComplaint(Complaint complaint, bool resolved, double? resolutionHours, bool timely)
    {
        _complaints++;
        if (complaint.Category == "quality")
        {
            _qualityComplaints++;
        }
        else
        {
            _serviceComplaints++;
        }

        if (resolved)
        {
            _resolved++;
            _resolutionHours.Add(resolutionHours!.Value);
        }
        else
        {
            UnresolvedComplaints.Add(complaint.Id);
        }

        if (timely)
        {
            _timelyComplaints++;
        }
        else
        {
            LateComplaints.Add(complaint.Id);
        }

        if (complaint.FollowUpSatisfaction is { } satisfaction)
        {
            _followUpSatisfaction.Push(satisfaction);
        }
    }

    internal void AddInquiry(bool timely)
    {
        _inquiries++;
        if (timely)
        {
            _timelyInquiries++;
        }
    }

    internal void AddTicket(ServiceTicket ticket, bool timely)
    {
        _tickets++;
        if (timely)
        {
            _timelyTickets++;
        }

        if (ticket.QualityCheck is { } check)
        {
            _checkedTickets++;
            if (check == "pass")
            {
                _passedTickets++;
            }
        }
    }

    internal void AddSurvey(Survey survey, double index)
    {
        if (survey.Kind == "followUp")
        {
            _followUpIndex.Push(index);
        }
        else
        {
            _satisfaction.Push(index);
            int?[] scores = [survey.ProductQuality, survey.ServiceQuality, survey.Price, survey.Credit];
            for (var i = 0; i < scores.Length; i++)
            {
                if (scores[i] is { } score)
                {
                    _dimensions[i].Push(score);
                }
            }

            InsertBounded(LowestResponses, new ScoredResponse(survey.Id, index, survey.Comment), (a, b) =>
            {
                var byIndex = a.Index.CompareTo(b.Index);
                return byIndex != 0 ? byIndex : string.CompareOrdinal(a.Id, b.Id);
            });
        }

        if (survey.Overall is { } overall)
        {
            _withOverall++;
            if (overall >= 4)
            {
                _satisfied++;
            }
        }

        if (survey.Recommend is { } recommend)
        {
            var score = recommend >= 9 ? 100 : recommend <= 6 ? -100 : 0;
            _npsScores.Push(score);
            if (score > 0)
            {
                _promoters++;
            }
            else if (score < 0)
            {
                _detractors++;
            }
        }

        if (survey is { ProductQuality: { } pq, ServiceQuality: { } sq, Price: { } price, Credit: { } credit })
        {
            _alpha.Add([pq, sq, price, credit]);
        }
    }

    internal void AddResearchTask(bool completed)
    {
        _researchPlanned++;
        if (completed)
        {
            _researchDone++;
        }
    }

    internal void AddCampaign(double score) => _campaignScores.Push(score);

    /// <summary>The KPIs of this scope against its targets, every KPI of the contract present.</summary>
    public Dictionary<string, KpiValue> Kpis(ScopeTargets? targets, AssessmentSettings settings, string clock)
    {
        var minSample = settings.MinSample;
        KpiValue Marked(KpiValue value) =>
            value.Observations is > 0 and var n && n < minSample ? value with { SmallSample = true } : value;

        return new Dictionary<string, KpiValue>(StringComparer.Ordinal)
        {
            [KpiNames.SalesAmount] = new AmountValue(_sales),
            [KpiNames.SalesCompletionRate] = new RateValue(_sales, targets?.SalesAmount ?? 0),
            [KpiNames.GrossProfit] = new AmountValue(_grossProfit),
            [KpiNames.ProfitCompletionRate] = new RateValue(_grossProfit, targets?.GrossProfit ?? 0),
            [KpiNames.NewProductSales] = new AmountValue(_newProductSales),
            [KpiNames.NewProductCompletionRate] = new RateValue(_newProductSales, targets?.NewProductSales ?? 0),
            [KpiNames.NewCustomers] = new CountValue(_newCustomers.Count),
            [KpiNames.NewCustomerCompletionRate] = new RateValue(_newCustomers.Count, targets?.NewCustomers ?? 0),
            [KpiNames.ExpenseAmount] = new AmountValue(_expenses),
            [KpiNames.ExpenseControlRate] = new RateValue(_expenses, targets?.ExpenseBudget ?? 0),
            [KpiNames.ComplaintsReceived] = new ComplaintCountValue(_complaints,
                new Dictionary<string, long> { ["quality"] = _qualityComplaints, ["service"] = _serviceComplaints }),
            [KpiNames.ComplaintResolutionRate] = Marked(new CountRateValue(_resolved, _complaints)),
            [KpiNames.ComplaintTimelyResponseRate] = Marked(new CountRateValue(_timelyComplaints, _complaints)
                { SlaHours = settings.ComplaintResponseHours, Clock = clock }),
            [KpiNames.ComplaintResolutionHours] = Marked(new HoursValue(
                Percentiles.Inclusive(_resolutionHours, 0.5), Percentiles.Inclusive(_resolutionHours, 0.9), _resolutionHours.Count)),
            [KpiNames.ComplaintFollowUpSatisfaction] = Marked(Mean(_followUpSatisfaction)),
            [KpiNames.InquiryTimelyReplyRate] = Marked(new CountRateValue(_timelyInquiries, _inquiries)
                { SlaHours = settings.InquiryReplyHours, Clock = clock }),
            [KpiNames.ServiceTimelyResponseRate] = Marked(new CountRateValue(_timelyTickets, _tickets)
                { SlaHours = settings.ServiceResponseHours, Clock = clock }),
            [KpiNames.ServiceQualityPassRate] = Marked(new CountRateValue(_passedTickets, _checkedTickets)),
            [KpiNames.SatisfactionIndex] = Marked(MeanWithInterval(_satisfaction)),
            [KpiNames.SatisfactionByDimension] = new DimensionsValue(
                (MeanValue)Marked(Mean(_dimensions[0])), (MeanValue)Marked(Mean(_dimensions[1])),
                (MeanValue)Marked(Mean(_dimensions[2])), (MeanValue)Marked(Mean(_dimensions[3]))),
            [KpiNames.CsatRate] = Marked(new CountRateValue(_satisfied, _withOverall)),
            [KpiNames.Nps] = Marked(NpsValue()),
            [KpiNames.CronbachAlpha] = Marked(new MeanValue(_alpha.Value, _alpha.Count)),
            [KpiNames.FollowUpSatisfactionIndex] = Marked(Mean(_followUpIndex)),
            [KpiNames.ResearchCompletionRate] = Marked(new CountRateValue(_researchDone, _researchPlanned)),
            [KpiNames.CampaignEffectiveness] = Marked(Mean(_campaignScores)),
        };
    }

    /// <summary>The sample behind a KPI, for testing a change against another period; null where the KPI is not tested.</summary>
    public Sample? SampleOf(string kpi) => kpi switch
    {
        KpiNames.ComplaintResolutionRate => new Proportion(_resolved, _complaints),
        KpiNames.ComplaintTimelyResponseRate => new Proportion(_timelyComplaints, _complaints),
        KpiNames.InquiryTimelyReplyRate => new Proportion(_timelyInquiries, _inquiries),
        KpiNames.ServiceTimelyResponseRate => new Proportion(_timelyTickets, _tickets),
        KpiNames.ServiceQualityPassRate => new Proportion(_passedTickets, _checkedTickets),
        KpiNames.CsatRate => new Proportion(_satisfied, _withOverall),
        KpiNames.ResearchCompletionRate => new Proportion(_researchDone, _researchPlanned),
        KpiNames.ComplaintFollowUpSatisfaction => Moments.Of(_followUpSatisfaction),
        KpiNames.SatisfactionIndex => Moments.Of(_satisfaction),
        KpiNames.Nps => Moments.Of(_npsScores),
        KpiNames.FollowUpSatisfactionIndex => Moments.Of(_followUpIndex),
        KpiNames.CampaignEffectiveness => Moments.Of(_campaignScores),
        _ => null,
    };

    private static MeanValue Mean(RunningStatistics statistics) =>
        new(statistics.Count == 0 ? null : statistics.Mean, statistics.Count);

    private static IntervalMeanValue MeanWithInterval(RunningStatistics statistics)
    {
        if (statistics.Count == 0)
        {
            return new IntervalMeanValue(null, 0, null, null);
        }

        var interval = Intervals.StudentT(statistics.Mean, statistics.StandardDeviation, statistics.Count);
        return new IntervalMeanValue(statistics.Mean, statistics.Count, interval?.Low, interval?.High);
    }

    private IntervalMeanValue NpsValue()
    {
        var n = _npsScores.Count;
        if (n == 0)
        {
            return new IntervalMeanValue(null, 0, null, null);
        }

        var nps = 100.0 * (_promoters - _detractors) / n;
        var margin = Intervals.NpsMargin(_promoters, _detractors, n)!.Value;
        return new IntervalMeanValue(nps, n, nps - margin, nps + margin);
    }

    private void InsertBounded<T>(List<T> list, T item, Comparison<T> order)
    {
        var at = list.FindIndex(existing => order(item, existing) < 0);
        if (at < 0)
        {
            if (list.Count < recordLimit)
            {
                list.Add(item);
            }

            return;
        }

        list.Insert(at, item);
        if (list.Count > recordLimit)
        {
            list.RemoveAt(list.Count - 1);
        }
    }
}

/// <summary>A periodic survey response and its satisfaction index.</summary>
/// <param name="Id">The survey id.</param>
/// <param name="Index">Its per-response index (0–100).</param>
/// <param name="Comment">The customer's comment, if any.</param>
public sealed record ScoredResponse(string Id, double Index, string? Comment);

/// <summary>What a significance test needs of one period's KPI.</summary>
public abstract record Sample;

/// <summary>x successes of n.</summary>
public sealed record Proportion(long Successes, long Trials) : Sample;

/// <summary>Mean, sample variance and count.</summary>
public sealed record Moments(double Mean, double Variance, long Count) : Sample
{
    internal static Moments Of(RunningStatistics statistics) =>
        new(statistics.Count == 0 ? double.NaN : statistics.Mean, statistics.Count < 2 ? double.NaN : statistics.Variance, statistics.Count);
}
