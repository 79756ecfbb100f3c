using Harness.Catalog;
using Harness.Model;

namespace Harness.Running;

/// <summary>What a scenario may use: the model, the catalog of the schema under test, and connections.</summary>
/// <param name="AdminConnectionString">Owner/superuser connection with <c>Search Path</c> set to <paramref name="Schema"/>.</param>
/// <param name="AppConnectionString">The app role's connection with the same search path, or null when unknown.</param>
public sealed record ScenarioContext(
    TenancyModel Model,
    CatalogSnapshot Catalog,
    string Schema,
    string AdminConnectionString,
    string? AppConnectionString,
    IProgress<string>? Progress = null);
