namespace Harness.Seeders;

/// <summary>
/// How many rows each tenant gets. Uniform by default; with skew s &gt; 0, tenant i's share follows 1/(i+1)^s
/// (a few large tenants, many small) while the total stays tenants x rows, and every tenant keeps at least one row.
/// </summary>
internal static class TenantSizes
{
    public static int[] For(int tenants, int perTenant, double skew)
    {
        var sizes = new int[tenants];
        if (skew <= 0)
        {
            Array.Fill(sizes, perTenant);
            return sizes;
        }

        var weights = Enumerable.Range(0, tenants).Select(i => 1.0 / Math.Pow(i + 1, skew)).ToArray();
        var total = (double)tenants * perTenant;
        var sum = weights.Sum();
        for (var i = 0; i < tenants; i++)
        {
            sizes[i] = Math.Max(1, (int)Math.Round(total * weights[i] / sum));
        }

        return sizes;
    }
}
