namespace Harness.Findings;

/// <summary>
/// The two tenants a cross-tenant finding is about: the one whose user or context acted, and the one whose data was
/// read, changed or counted. Reports draw these as the tenant x tenant matrix (attacker rows, victim columns).
/// </summary>
/// <param name="Attacker">The acting tenant, by its id (as in the seed ledger) or display name.</param>
/// <param name="Victim">The tenant whose data was reached, by its id (as in the seed ledger) or display name.</param>
public sealed record FindingTenants(string Attacker, string Victim);
