namespace Harness.Findings;

/// <summary>A finding a baseline accepts: still reported, marked with its suppression's reason, but left out of the gate.</summary>
public sealed record SuppressedFinding(Finding Finding, Suppression By);
