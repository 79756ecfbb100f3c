using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>Loads and validates <c>harness.yaml</c>. Every error names file, line and column and says what is valid.</summary>
public static partial class ManifestLoader
{
    public const int SupportedVersion = 1;

    /// <summary>The top-level keys the core reads itself; every other key needs a registered <see cref="IManifestSectionReader"/>.</summary>
    public static IReadOnlyList<string> CoreKeys { get; } = ["version", "name", "tenancy", "database", "migrations", "seed"];

    public static Task<HarnessManifest> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        LoadAsync(path, [], cancellationToken);

    /// <summary>Loads the manifest; <paramref name="readers"/> read the top-level sections the core does not know.</summary>
    public static async Task<HarnessManifest> LoadAsync(
        string path, IReadOnlyList<IManifestSectionReader> readers, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ManifestException(path, 1, 1, "file not found; pass --manifest <path to harness.yaml> (the sample's is fixtures/SampleTarget/harness.yaml)");
        }

        var text = await File.ReadAllTextAsync(fullPath, cancellationToken);
        return Parse(text, fullPath, readers);
    }

    public static HarnessManifest Parse(string yaml, string sourcePath) => Parse(yaml, sourcePath, []);

    /// <summary>
    /// Parses the manifest; <paramref name="readers"/> read the top-level sections the core does not know. <c>${NAME}</c> in
    /// values is expanded from <paramref name="environment"/> (the process environment when null) before anything is read.
    /// </summary>
    public static HarnessManifest Parse(
        string yaml, string sourcePath, IReadOnlyList<IManifestSectionReader> readers, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(readers);
        var stream = ManifestYaml.Load(yaml, sourcePath);

        if (stream.Documents.Count == 0)
        {
            throw new ManifestException(sourcePath, 1, 1, "the manifest is empty; it needs at least 'version', 'tenancy' and 'database'");
        }

        EnvironmentExpansion.Apply(stream.Documents[0].RootNode, sourcePath, environment ?? Environment.GetEnvironmentVariable);
        var root = new YamlMapping(stream.Documents[0].RootNode, sourcePath, "", [.. CoreKeys, .. readers.Select(r => r.Key).Distinct(StringComparer.Ordinal)]);
        var version = root.Int("version", 1, 1000) ?? throw root.Error(root.Node, "missing 'version'; this harness reads version: 1");
        if (version != SupportedVersion)
        {
            throw root.Error(root.Find("version")!, $"version {version} is not supported; this harness reads version: {SupportedVersion}");
        }

        var folder = Path.GetDirectoryName(sourcePath) ?? ".";
        return new HarnessManifest
        {
            SourcePath = sourcePath,
            Name = root.String("name") ?? Path.GetFileNameWithoutExtension(folder),
            Tenancy = ReadTenancy(root),
            Database = ReadDatabase(root),
            Migrations = ReadMigrations(root, folder),
            Seed = ReadSeed(root),
            Sections = ReadSections(root, folder, readers),
            Lines = ManifestLines.Of(root.Node),
        };
    }

    private static Dictionary<string, object> ReadSections(YamlMapping root, string folder, IReadOnlyList<IManifestSectionReader> readers)
    {
        var sections = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var reader in readers)
        {
            if (CoreKeys.Contains(reader.Key) || sections.ContainsKey(reader.Key))
            {
                throw new ArgumentException($"two readers claim the manifest section '{reader.Key}'; each top-level key has one reader", nameof(readers));
            }

            if (reader.Read(new ManifestSection(reader.Key, root, folder)) is { } value)
            {
                sections.Add(reader.Key, value);
            }
        }

        return sections;
    }

    private static TenancySection ReadTenancy(YamlMapping root)
    {
        var tenancy = root.RequiredSection("tenancy", "key", "root", "rootKey", "membership", "global", "context");
        var context = TenantContextReader.Read(tenancy);
        var (membership, membershipUser) = ReadMembership(tenancy);
        return new TenancySection
        {
            Key = Identifier(tenancy, "key", required: true, "company_id")!,
            Root = Identifier(tenancy, "root", required: true, "companies")!,
            RootKey = Identifier(tenancy, "rootKey", required: false, "id") ?? "id",
            Membership = membership,
            MembershipUser = membershipUser,
            Global = tenancy.StringList("global") ?? [],
            ContextSetting = context.IdentitySetting,
            Context = context,
        };
    }

    /// <summary><c>membership: users</c> (the table whose primary key is the user id) or <c>membership: { table, user }</c>.</summary>
    private static (string? Table, string? User) ReadMembership(YamlMapping tenancy)
    {
        if (tenancy.Find("membership") is not YamlMappingNode)
        {
            return (Identifier(tenancy, "membership", required: false, "users"), null);
        }

        var membership = tenancy.RequiredSection("membership", "table", "user");
        return (Identifier(membership, "table", required: true, "team_members"), Identifier(membership, "user", required: true, "user_id"));
    }

    private static DatabaseSection ReadDatabase(YamlMapping root)
    {
        var database = root.RequiredSection("database", "appRole", "appPassword", "roles", "isolation", "schema");
        var isolation = database.String("isolation") switch
        {
            null or "schema" => WorkerIsolation.Schema,
            "database" => WorkerIsolation.Database,
            var other => throw database.Error(
                database.Find("isolation")!,
                $"'{other}' is not an isolation; use 'schema' (one schema per worker, the default) or 'database' (one database per worker, for migrations that name schemas)"),
        };
        var schema = Identifier(database, "schema", required: false, "public");
        if (schema is not null && isolation == WorkerIsolation.Schema)
        {
            throw database.Error(
                database.Find("schema")!,
                "'database.schema' applies only with 'isolation: database' (with schema isolation the tenant tables live in each worker's own schema); remove it or set isolation: database");
        }

        return new DatabaseSection
        {
            AppRole = Identifier(database, "appRole", required: true, "app_user")!,
            AppPassword = database.String("appPassword"),
            Roles = ReadRoles(database),
            Isolation = isolation,
            Schema = schema ?? "public",
        };
    }

    private static Dictionary<string, string?> ReadRoles(YamlMapping database)
    {
        var roles = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (database.Find("roles") is not { } node)
        {
            return roles;
        }

        const string Example = "roles: { backoffice: \"${BACKOFFICE_PASSWORD}\" }";
        if (node is not YamlMappingNode mapping)
        {
            throw database.Error(node, $"'database.roles' must map role names to passwords, e.g. {Example}");
        }

        foreach (var (key, value) in mapping.Children)
        {
            var role = ((YamlScalarNode)key).Value ?? "";
            if (!IsPostgresName(role))
            {
                throw database.Error(key, $"'{role}' in 'database.roles' is not a role name, e.g. {Example}");
            }

            if (value is not YamlScalarNode password)
            {
                throw database.Error(value, $"the password of role '{role}' must be a string (or empty for none), e.g. {Example}");
            }

            roles[role] = password.Value is null or "" or "~" ? null : password.Value;
        }

        return roles;
    }

    private static MigrationsSection? ReadMigrations(YamlMapping root, string folder)
    {
        var migrations = root.Section("migrations", "sqlFolder", "command", "versions", "workingDirectory", "timeoutSeconds");
        if (migrations is null)
        {
            return null;
        }

        var sqlFolder = migrations.String("sqlFolder");
        var command = ShellCommand(migrations.StringList("command"));
        if ((sqlFolder is null) == (command is null))
        {
            throw migrations.Error(migrations.Node, "give exactly one of 'migrations.sqlFolder' (a folder of ordered *.sql files) or 'migrations.command' (a program and its arguments)");
        }

        var (versions, versionsCommand) = ReadVersions(migrations, command);
        var fullSqlFolder = sqlFolder is null ? null : Path.GetFullPath(Path.Combine(folder, sqlFolder));
        if (fullSqlFolder is not null && !Directory.Exists(fullSqlFolder))
        {
            throw migrations.Error(migrations.Find("sqlFolder")!, $"folder '{fullSqlFolder}' does not exist; sqlFolder is relative to the manifest's folder");
        }

        var workingDirectory = Path.GetFullPath(Path.Combine(folder, migrations.String("workingDirectory") ?? "."));
        return new MigrationsSection
        {
            SqlFolder = fullSqlFolder,
            Command = command,
            Versions = versions,
            VersionsCommand = versionsCommand,
            WorkingDirectory = workingDirectory,
            Timeout = TimeSpan.FromSeconds(migrations.Int("timeoutSeconds", 1, 86_400) ?? 120),
        };
    }

    /// <summary>One string with a space runs through <c>sh -c</c>; a list runs as it is.</summary>
    private static IReadOnlyList<string>? ShellCommand(IReadOnlyList<string>? command) =>
        command is { Count: 1 } && command[0].Contains(' ', StringComparison.Ordinal) ? ["sh", "-c", command[0]] : command;

    /// <summary>
    /// <c>migrations.versions</c>: a list of versions or <c>{ command: [...] }</c>; required exactly when an argument of the
    /// migration command holds <c>{target}</c>.
    /// </summary>
    private static (IReadOnlyList<string>? Versions, IReadOnlyList<string>? Command) ReadVersions(YamlMapping migrations, IReadOnlyList<string>? command)
    {
        const string Target = "{target}";
        const string Shape = "a list of versions oldest first, e.g. versions: [V1, V2, V3], or a command that prints them one per line, e.g. versions: { command: [sh, migrate.sh, --list] }";
        var node = migrations.Find("versions");
        var stepped = command is not null && command.Any(a => a.Contains(Target, StringComparison.Ordinal));
        if (node is null)
        {
            return stepped
                ? throw migrations.Error(migrations.Find("command")!,
                    $"'migrations.command' has {Target}, so the harness must know the versions to give it: add 'migrations.versions', {Shape}")
                : (null, null);
        }

        if (command is null)
        {
            throw migrations.Error(node,
                "'migrations.versions' is only for a migration command with {target}; a sqlFolder's versions are its files, so remove versions");
        }

        if (!stepped)
        {
            throw migrations.Error(node,
                $"'migrations.versions' needs {Target} in 'migrations.command' where the tool takes the version to migrate to "
                + $"(e.g. [flyway, \"-target={Target}\", migrate]); add {Target} or remove versions");
        }

        if (node is YamlMappingNode)
        {
            var mapping = new YamlMapping(node, migrations.File, "migrations.versions", "command");
            return mapping.StringList("command") switch
            {
                null => throw migrations.Error(node, $"missing 'migrations.versions.command'; give {Shape}"),
                { Count: 0 } => throw migrations.Error(mapping.Find("command")!,
                    "'migrations.versions.command' must be a program and its arguments that prints the versions, e.g. [sh, migrate.sh, --list]"),
                var printer => (null, ShellCommand(printer)),
            };
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 })
        {
            throw migrations.Error(node, $"'migrations.versions' must be {Shape}");
        }

        var versions = migrations.StringList("versions")!;
        var sequence = (YamlSequenceNode)node;
        for (var i = 1; i < versions.Count; i++)
        {
            if (versions.Take(i).Contains(versions[i], StringComparer.Ordinal))
            {
                throw migrations.Error(sequence.Children[i], $"version '{versions[i]}' is listed twice in 'migrations.versions'; list each version once, oldest first");
            }
        }

        return (versions, null);
    }

    private static SeedSection ReadSeed(YamlMapping root)
    {
        var seed = root.Section("seed", "tenants", "usersPerTenant", "rowsPerTable", "skew", "softDeleted", "rules");
        var defaults = new SeedSection();
        return seed is null
            ? defaults
            : new SeedSection
            {
                Tenants = seed.Int("tenants", 2, 1_000_000) ?? defaults.Tenants,
                UsersPerTenant = seed.Int("usersPerTenant", 1, 100_000) ?? defaults.UsersPerTenant,
                RowsPerTable = seed.Int("rowsPerTable", 1, 10_000_000) ?? defaults.RowsPerTable,
                Skew = seed.Number("skew", 0, 4) ?? 0,
                SoftDeleted = seed.Number("softDeleted", 0, 1) ?? defaults.SoftDeleted,
                Rules = ReadRules(seed),
            };
    }

    private static List<SeedRuleSection> ReadRules(YamlMapping seed)
    {
        var rules = new List<SeedRuleSection>();
        if (seed.Find("rules") is not { } node)
        {
            return rules;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw seed.Error(node, "'seed.rules' must map table.column to a rule, e.g. sites.area: { values: [\"(0,0)\"] }");
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            var parts = name.Split('.');
            if (parts.Length != 2 || !IsPostgresName(parts[0]) || !IsPostgresName(parts[1]))
            {
                throw seed.Error(key, $"'{name}' is not table.column (names as PostgreSQL stores them, 1 to 63 bytes), e.g. sites.area or Invoice.status");
            }

            var rule = new YamlMapping(value, seed.File, $"seed.rules.{name}", "values", "weights", "useDefault");
            var values = RuleValueList(rule, name);
            var weights = RuleWeights(rule, name, values);
            var useDefault = rule.Bool("useDefault") ?? false;
            if ((values is null) == !useDefault)
            {
                throw rule.Error(value, $"give exactly one of 'values' (a list to pick from) or 'useDefault: true' for {name}");
            }

            if (values is { Count: 0 })
            {
                throw rule.Error(rule.Find("values") ?? value, $"'values' for {name} is empty; list at least one value to pick from");
            }

            rules.Add(new SeedRuleSection(parts[0], parts[1], values, useDefault) { Weights = weights });
        }

        return rules;
    }

    /// <summary>A rule's values: a list of scalars (or one scalar), where a plain null, ~ or empty item means NULL.</summary>
    private static List<string?>? RuleValueList(YamlMapping rule, string name)
    {
        switch (rule.Find("values"))
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return [NullOrText(scalar)];
            case YamlSequenceNode sequence:
                var values = new List<string?>();
                foreach (var item in sequence.Children)
                {
                    values.Add(item is YamlScalarNode text
                        ? NullOrText(text)
                        : throw rule.Error(item, $"every item of 'seed.rules.{name}.values' must be a value or null, not a list or mapping"));
                }

                return values;
            case var other:
                throw rule.Error(other, $"'seed.rules.{name}.values' must be a list of values, e.g. [active, archived, null]");
        }
    }

    private static string? NullOrText(YamlScalarNode scalar) =>
        scalar.Style is YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value ?? "";

    /// <summary>A rule's weights: positive numbers, one per value.</summary>
    private static List<double>? RuleWeights(YamlMapping rule, string name, List<string?>? values)
    {
        if (rule.Find("weights") is not { } node)
        {
            return null;
        }

        if (values is null)
        {
            throw rule.Error(node, $"'weights' for {name} needs 'values' to weigh");
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count != values.Count)
        {
            throw rule.Error(node, $"'weights' for {name} must be a list of {values.Count} positive numbers, one per value, e.g. [{string.Join(", ", values.Select((_, i) => i == 0 ? "3" : "1"))}]");
        }

        var weights = new List<double>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } text }
                || !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight)
                || !(weight > 0) || double.IsInfinity(weight))
            {
                throw rule.Error(item, $"every weight for {name} must be a number above 0");
            }

            weights.Add(weight);
        }

        return weights;
    }

    private static string? Identifier(YamlMapping section, string key, bool required, string example)
    {
        var value = required ? section.RequiredString(key, example) : section.String(key);
        if (value is not null && !IsPostgresName(value))
        {
            throw section.Error(section.Find(key)!, $"'{value}' is not a PostgreSQL name: give it as PostgreSQL stores it, 1 to 63 bytes without NUL, unquoted (e.g. {example}, or organizationId for a quoted \"organizationId\")");
        }

        return value;
    }

    /// <summary>
    /// Whether <paramref name="name"/> can be a PostgreSQL name as stored in the catalog (what <c>pg_class.relname</c>
    /// holds): 1 to 63 bytes of UTF-8 without NUL. Mixed case, spaces and quotes are allowed: the harness quotes every name.
    /// </summary>
    public static bool IsPostgresName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IdentifierPattern().IsMatch(name) && System.Text.Encoding.UTF8.GetByteCount(name) <= 63;
    }

    /// <summary>1 to 63 characters without NUL (the schema's pattern; <see cref="IsPostgresName"/> also counts the bytes).</summary>
    [GeneratedRegex(@"^[^\u0000]{1,63}$")]
    private static partial Regex IdentifierPattern();

    /// <summary>A custom (dotted) setting name, e.g. <c>app.tenant_id</c>; the schema repeats it.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    internal static partial Regex SettingName();
}
