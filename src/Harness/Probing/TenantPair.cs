namespace Harness.Probing;

/// <summary>An ordered (attacker, victim) pair of tenant indexes: the attacker's context, the victim's rows.</summary>
public readonly record struct TenantPair(int Attacker, int Victim);
