namespace Harness.Targets.Endpoints;

/// <summary>What an endpoint does with tenant data, which decides the probes it gets.</summary>
public enum EndpointKind
{
    /// <summary>Reads, changes or deletes a row named by a path parameter: another tenant's id must be refused.</summary>
    Resource,

    /// <summary>Lists the caller's rows (GET without an id): must carry no other tenant's data, whatever tenant id is tampered in.</summary>
    List,

    /// <summary>A list filtered by a query: as <see cref="List"/>.</summary>
    Search,

    /// <summary>A download of the caller's data (CSV, JSON, any text): as <see cref="List"/>.</summary>
    Export,

    /// <summary>Creates a row (POST): a parent of another tenant must be refused, and a tenant id in the body ignored.</summary>
    Create,

    /// <summary>Open to anyone (health, login): not probed and not reported.</summary>
    Public,
}
