namespace Harness.Drills.Move;

/// <summary>
/// Mistakes the reference mover can be told to make, so a test (and a team adapting the drill) sees each one caught under its
/// rule. Internal: a real move never asks for one.
/// </summary>
internal enum MoverFlaw
{
    /// <summary>The clean move.</summary>
    None,

    /// <summary>Forgets the last child table of the foreign-key order (never the root): its rows stay only in the pool and are deleted with it (MOV002).</summary>
    ForgetsChildTable,

    /// <summary>
    /// Copies each table reached only through foreign keys by a join to its parent that is not restricted to the tenant, so
    /// every tenant's rows of it come along (MOV001). Needs such a table in the schema.
    /// </summary>
    CopiesOtherTenantsThroughForeignKey,

    /// <summary>Deletes the tenant's rows from the pool but its own row in the root table (MOV003).</summary>
    LeavesLeftovers,
}
