using Pipeline.Records;

namespace Pipeline.Runs;

/// <summary>
/// The master data a run folds with, in id order, read once when the run starts (CONTRACT §3, §9): every part of the run,
/// in this process or on another instance, folds with this one snapshot.
/// </summary>
/// <param name="Employees">Every employee, by id (ordinal).</param>
/// <param name="Customers">Every customer file, by id (ordinal).</param>
public sealed record MasterData(IReadOnlyList<Employee> Employees, IReadOnlyList<Customer> Customers);
