using Harness.Model;

namespace Harness.Probing;

/// <summary>
/// One tenant's rows of one table, summarised so two readings (before and after a migration, a restore, a probe) can be
/// compared without the rows themselves. Both hashes are sums of 64-bit hashes, so they do not depend on row order.
/// </summary>
/// <param name="TenantId">The tenant key as text; null for the rows whose tenant key is NULL.</param>
/// <param name="Rows">How many rows the tenant has in the table.</param>
/// <param name="KeyHash">The hash of the tenant's set of primary keys; null when the table has no primary key.</param>
/// <param name="RowHash">The hash of the tenant's rows, every column included.</param>
public sealed record TenantChecksum(TableName Table, string? TenantId, long Rows, decimal? KeyHash, decimal RowHash);
