using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>The mean score (1–5) of each survey dimension over periodic surveys.</summary>
/// <param name="ProductQuality">Product quality.</param>
/// <param name="ServiceQuality">Service quality.</param>
/// <param name="Price">Price.</param>
/// <param name="Credit">The company's credit.</param>
public sealed record DimensionsValue(MeanValue ProductQuality, MeanValue ServiceQuality, MeanValue Price, MeanValue Credit) : KpiValue
{
    /// <summary>No single number: a scorecard cannot use it.</summary>
    [JsonIgnore]
    public override double? Number => null;

    /// <summary>Each dimension's mean in <c>productQuality, serviceQuality, price, credit</c> order.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Dimension, MeanValue Mean)> All =>
        [("productQuality", ProductQuality), ("serviceQuality", ServiceQuality), ("price", Price), ("credit", Credit)];

    /// <summary>Marks each dimension's mean on its own.</summary>
    public override KpiValue MarkSmallSample(int minSample) => this with
    {
        ProductQuality = (MeanValue)ProductQuality.MarkSmallSample(minSample),
        ServiceQuality = (MeanValue)ServiceQuality.MarkSmallSample(minSample),
        Price = (MeanValue)Price.MarkSmallSample(minSample),
        Credit = (MeanValue)Credit.MarkSmallSample(minSample),
    };

    /// <summary>None of its own: its figures are its dimensions' means (<see cref="Parts"/>).</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => [];

    /// <summary>Each dimension's mean, in <see cref="All"/>'s order.</summary>
    [JsonIgnore]
    public override IReadOnlyList<(string Name, KpiValue Value)> Parts => [.. All.Select(d => (d.Dimension, (KpiValue)d.Mean))];

    /// <inheritdoc />
    public override KpiValue? Part(string name) => name switch
    {
        "productQuality" => ProductQuality,
        "serviceQuality" => ServiceQuality,
        "price" => Price,
        "credit" => Credit,
        _ => null,
    };
}
