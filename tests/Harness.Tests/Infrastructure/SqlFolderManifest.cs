namespace Harness.Tests.Infrastructure;

/// <summary>A manifest for the sample's tenancy that migrates from a folder of SQL files, written to a folder of its own.</summary>
public static class SqlFolderManifest
{
    /// <summary>Writes <c>harness.yaml</c> and returns its path.</summary>
    public static async Task<string> WriteAsync(string name, string appRole, string sqlFolder, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-manifest-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            version: 1
            name: {name}
            tenancy:
              key: company_id
              root: companies
              membership: users
              global: [industries]
              context:
                setting: app.company_id
            database:
              appRole: {appRole}
              appPassword: {appRole}
            migrations:
              sqlFolder: {sqlFolder}
            """, cancellationToken);
        return manifest;
    }
}
