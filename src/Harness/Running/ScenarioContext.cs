using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;

namespace Harness.Running;

/// <summary>What a scenario may use: the model, the catalog of the schema under test, and connections.</summary>
/// <param name="AdminConnectionString">Owner/superuser connection with <c>Search Path</c> set to <paramref name="Schema"/>.</param>
/// <param name="AppConnectionString">The app role's connection with the same search path, or null when unknown.</param>
/// <param name="Target">The running app and how to reach it as a seeded user, for scenarios that probe it over HTTP; null otherwise.</param>
/// <param name="Ledger">Which seeded rows and canaries belong to which tenant; null where nothing was seeded (a read-only audit).</param>
public sealed record ScenarioContext(
    TenancyModel Model,
    CatalogSnapshot Catalog,
    string Schema,
    string AdminConnectionString,
    string? AppConnectionString,
    SeedLedger? Ledger = null,
    IProgress<string>? Progress = null,
    Harness.Targets.TargetContext? Target = null);
