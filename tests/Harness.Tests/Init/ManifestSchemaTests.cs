using Harness.Runner;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Manifest;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Init;

/// <summary>schema/harness.schema.json describes what the manifest loader accepts: same keys, same limits, same places.</summary>
public sealed class ManifestSchemaTests
{
    private const string Minimal = """
        version: 1
        tenancy:
          key: org_id
          root: orgs
          context:
            setting: app.org_id
        database:
          appRole: app_user

        """;

    /// <summary>Manifests are parsed as if they lived in the sample's folder, so sqlFolder: migrations exists.</summary>
    private static string SourcePath => Path.Combine(RepositoryPaths.SampleTarget, "probe.yaml");

    public static TheoryData<string, string> Invalid => new()
    {
        { "unknown key", "version: 1\ntenancy:\n  key: org_id\n  rooot: orgs\n" },
        { "unsupported version", "version: 2\n" },
        { "tenancy not a mapping", "version: 1\ntenancy: [a, b]\n" },
        { "key longer than a PostgreSQL name", Minimal.Replace("key: org_id", "key: " + new string('k', 64), StringComparison.Ordinal) },
        { "setting without a dot", Minimal.Replace("setting: app.org_id", "setting: org", StringComparison.Ordinal) },
        { "empty membership", Minimal.Replace("  root: orgs\n", "  root: orgs\n  membership: \"\"\n", StringComparison.Ordinal) },
        { "empty global item", Minimal.Replace("  root: orgs\n", "  root: orgs\n  global:\n    - plans\n    - \"\"\n", StringComparison.Ordinal) },
        { "missing database", "version: 1\ntenancy:\n  key: a\n  root: b\n  context:\n    setting: app.a\n" },
        { "missing appRole", Minimal.Replace("  appRole: app_user\n", "  appPassword: secret\n", StringComparison.Ordinal) },
        { "missing context", Minimal.Replace("  context:\n    setting: app.org_id\n", "", StringComparison.Ordinal) },
        { "too few tenants", Minimal + "seed:\n  tenants: 1\n" },
        { "skew above 4", Minimal + "seed:\n  skew: 4.5\n" },
        { "fractional rows", Minimal + "seed:\n  rowsPerTable: 2.5\n" },
        { "migrations with neither", Minimal + "migrations:\n  timeoutSeconds: 5\n" },
        { "migrations with both", Minimal + "migrations:\n  sqlFolder: migrations\n  command: [sh, migrate.sh]\n" },
        { "timeout of 0", Minimal + "migrations:\n  sqlFolder: migrations\n  timeoutSeconds: 0\n" },
        { "unknown migrations key", Minimal + "migrations:\n  sqlFolder: migrations\n  folder: x\n" },
        { "empty versions", Minimal + "migrations:\n  command: [sh, migrate.sh, \"{target}\"]\n  versions: []\n" },
        { "unknown versions key", Minimal + "migrations:\n  command: [sh, migrate.sh, \"{target}\"]\n  versions: { list: [a] }\n" },
        { "rule key not table.column", Minimal + "seed:\n  rules:\n    sites: { useDefault: true }\n" },
        { "rule with useDefault false alone", Minimal + "seed:\n  rules:\n    sites.area: { useDefault: false }\n" },
        { "rule with values and useDefault", Minimal + "seed:\n  rules:\n    sites.area: { values: [a], useDefault: true }\n" },
        { "unknown rule key", Minimal + "seed:\n  rules:\n    sites.area:\n      value: [a]\n" },
        { "seed is null", Minimal + "seed:\n" },
        { "unknown preset", Minimal.Replace("    setting: app.org_id\n", "    preset: firebase\n", StringComparison.Ordinal) },
        { "role step not a role name", Minimal.Replace("    setting: app.org_id\n", "    steps:\n      - role: \"a b\"\n      - setting: app.org_id\n", StringComparison.Ordinal) },
    };

    public static TheoryData<string, string> Valid => new()
    {
        { "minimal", Minimal },
        { "global as one string", Minimal.Replace("  root: orgs\n", "  root: orgs\n  global: plans\n", StringComparison.Ordinal) },
        { "everything", Minimal.Replace("  root: orgs\n", "  root: orgs\n  rootKey: id\n  membership: users\n  global: [plans, countries]\n", StringComparison.Ordinal)
            + "name: my app\nmigrations:\n  sqlFolder: migrations\n  timeoutSeconds: 86400\n"
            + "seed:\n  tenants: 1000000\n  usersPerTenant: 1\n  rowsPerTable: 10000000\n  skew: 0.5\n  rules:\n"
            + "    sites.area: { values: [\"(0,0)\", \"(1,1)\"] }\n    sites.code: { values: x, useDefault: false }\n    sites.legacy_code: { useDefault: true }\n" },
        { "command as one string", Minimal + "migrations:\n  command: npm run migrate\n  workingDirectory: ..\n" },
        { "command as a list", Minimal + "migrations:\n  command: [\"sh\", \"migrate.sh\"]\n" },
        { "versions as a list", Minimal + "migrations:\n  command: [flyway, \"-target={target}\", migrate]\n  versions: [\"1\", \"2\"]\n" },
        { "versions from a command", Minimal + "migrations:\n  command: sh migrate.sh {target}\n  versions: { command: [sh, migrate.sh, --list] }\n" },
        { "quoted password", Minimal + "  appPassword: \"1234\"\n" },
        { "supabase preset", Minimal.Replace("  context:\n    setting: app.org_id\n",
            "  membership: { table: members, user: user_id }\n  context:\n    preset: supabase\n", StringComparison.Ordinal) },
        { "context steps", Minimal.Replace("    setting: app.org_id\n",
            "    steps:\n      - role: authenticated\n      - setting: request.jwt.claims\n        value: '{\"sub\":\"{userId}\"}'\n"
            + "      - sql: \"select set_config('app.org_id', '{tenantId}', true)\"\n    anonymous: [ { role: anon } ]\n", StringComparison.Ordinal) },
    };

    [Fact]
    public void The_schema_is_draft_07_and_every_property_has_a_description_and_examples()
    {
        var schema = ManifestSchema.Document;
        ((string?)schema["$schema"]).Should().Be("http://json-schema.org/draft-07/schema#");
        var missing = new List<string>();
        foreach (var (path, property) in Properties(schema, schema, ""))
        {
            if (property["description"] is null)
            {
                missing.Add(path + " (description)");
            }

            if (property["examples"] is null)
            {
                missing.Add(path + " (examples)");
            }
        }

        missing.Should().BeEmpty();
    }

    [Fact]
    public void The_sample_manifest_validates_against_the_schema()
    {
        var yaml = File.ReadAllText(RepositoryPaths.SampleManifest);

        ManifestSchema.Validate(yaml).Should().BeEmpty();
        yaml.Should().StartWith("# yaml-language-server: $schema=../../schema/harness.schema.json\n");
        File.Exists(Path.Combine(RepositoryPaths.SampleTarget, "../../schema/harness.schema.json")).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void What_the_loader_accepts_the_schema_accepts(string name, string yaml)
    {
        var load = () => ScenarioRegistry.Default.ParseManifest(yaml, SourcePath);

        load.Should().NotThrow(name);
        ManifestSchema.Validate(yaml).Should().BeEmpty(name);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void What_the_loader_refuses_the_schema_refuses_at_the_same_line_and_column(string name, string yaml)
    {
        var error = FluentActions.Invoking(() => ScenarioRegistry.Default.ParseManifest(yaml, SourcePath)).Should().Throw<ManifestException>(name).Which;

        var errors = ManifestSchema.Validate(yaml);

        errors.Should().NotBeEmpty(name);
        errors.Should().Contain(e => e.Line == error.Line && e.Column == error.Column,
            $"{name}: the loader says {error.Line}:{error.Column}: {error.Problem}; the schema says {string.Join("; ", errors)}");
    }

    [Fact]
    public void Versions_next_to_a_sql_folder_are_refused_by_the_schema_too()
    {
        var yaml = Minimal + "migrations:\n  sqlFolder: migrations\n  versions: [a]\n";

        FluentActions.Invoking(() => ScenarioRegistry.Default.ParseManifest(yaml, SourcePath)).Should().Throw<ManifestException>();
        ManifestSchema.Validate(yaml).Should().NotBeEmpty("its versions are its files");
    }

    [Fact]
    public void Every_key_the_loader_accepts_is_in_the_schema_and_every_key_in_the_schema_is_accepted_by_the_loader()
    {
        var schema = ManifestSchema.Document;
        var mappings = Mappings(schema, schema, "").ToList();
        mappings.Select(m => m.Path).Should().Contain(["", "tenancy", "tenancy.context", "database", "migrations", "seed", "seed.rules.sites.area"]);

        var drift = new List<string>();
        foreach (var (path, keys) in mappings)
        {
            var loader = LoaderKeysAt(path);
            var where = path.Length == 0 ? "the top level" : $"'{path}'";
            if (loader.Except(keys).ToList() is { Count: > 0 } undescribed)
            {
                drift.Add($"at {where} the loader accepts {string.Join(", ", undescribed)}, which schema/harness.schema.json does not describe");
            }

            if (keys.Except(loader).ToList() is { Count: > 0 } refused)
            {
                drift.Add($"at {where} the schema offers {string.Join(", ", refused)}, which the loader refuses");
            }
        }

        drift.Should().BeEmpty();
    }

    [Fact]
    public void The_identifier_and_setting_patterns_are_the_loaders()
    {
        var identifier = LoaderPattern("IdentifierPattern");
        var setting = LoaderPattern("SettingName");
        var schema = ManifestSchema.Document;
        var tenancy = schema["properties"]!["tenancy"]!["properties"]!;

        foreach (var key in new[] { "key", "root", "rootKey" })
        {
            ((string?)tenancy[key]!["pattern"]).Should().Be(identifier, key);
        }

        var membership = tenancy["membership"]!["oneOf"]!;
        ((string?)membership[0]!["pattern"]).Should().Be(identifier, "membership");
        ((string?)membership[1]!["properties"]!["table"]!["pattern"]).Should().Be(identifier, "membership.table");
        ((string?)membership[1]!["properties"]!["user"]!["pattern"]).Should().Be(identifier, "membership.user");
        ((string?)schema["definitions"]!["contextStep"]!["properties"]!["setting"]!["pattern"]).Should().Be(setting, "steps[].setting");

        ((string?)schema["properties"]!["database"]!["properties"]!["appRole"]!["pattern"]).Should().Be(identifier);
        ((string?)tenancy["context"]!["properties"]!["setting"]!["pattern"]).Should().Be(setting);
        var rulesKey = schema["properties"]!["seed"]!["properties"]!["rules"]!["patternProperties"]!.AsObject().Single().Key;
        var part = identifier.TrimStart('^').TrimEnd('$');
        rulesKey.Should().Be($"^{part}\\.{part}$");
    }

    /// <summary>The keys the loader allows at <paramref name="path"/>, from the message it gives for an unknown key there.</summary>
    private static List<string> LoaderKeysAt(string path)
    {
        var manifest = JsonNode.Parse("""
            {"version": 1, "tenancy": {"key": "org_id", "root": "orgs", "context": {"setting": "app.org_id"}}, "database": {"appRole": "app_user"}}
            """)!.AsObject();
        var node = manifest;
        var at = "";
        foreach (var segment in Segments(path))
        {
            at = Join(at, segment);
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                // A list of mappings (endpoints.routes[]): the unknown key goes into its one item.
                var item = new JsonObject();
                node[segment[..^2]] = new JsonArray(item);
                node = item;
                continue;
            }

            if (node[segment] is not JsonObject child)
            {
                child = Prerequisites.TryGetValue(at, out var needed) ? JsonNode.Parse(needed)!.AsObject() : [];
                node[segment] = child;
            }

            node = child;
        }

        node["zz_unknown"] = 1;

        // JSON is YAML: the loader reads it as it is.
        var error = FluentActions.Invoking(() => ScenarioRegistry.Default.ParseManifest(manifest.ToJsonString(), SourcePath))
            .Should().Throw<ManifestException>().Which;
        var match = Regex.Match(error.Problem, "unknown key '.*zz_unknown'; valid keys here are: (.*)$");
        match.Success.Should().BeTrue($"an unknown key at '{path}' must be refused with the valid keys, not: {error.Problem}");
        return [.. match.Groups[1].Value.Split(", ")];
    }

    /// <summary>
    /// What a section must hold before the loader reads the mappings inside it: target checks it has a command or a url
    /// before it reads target.readiness.
    /// </summary>
    private static readonly Dictionary<string, string> Prerequisites = new(StringComparer.Ordinal)
    {
        ["target"] = """{"url": "http://127.0.0.1:{port}"}""",
        ["migrations"] = """{"command": ["sh", "migrate.sh", "{target}"]}""",
        ["survival"] = """{"from": "005"}""",
    };

    /// <summary>seed.rules.sites.area is seed → rules → sites.area: a rule key holds a dot.</summary>
    private static IEnumerable<string> Segments(string path)
    {
        if (path.Length == 0)
        {
            yield break;
        }

        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0 && parts[i - 1] == "rules")
            {
                yield return string.Join('.', parts[i..]);
                yield break;
            }

            yield return parts[i];
        }
    }

    /// <summary>Every object the schema describes with named keys, with its path and its keys (across oneOf branches).</summary>
    private static IEnumerable<(string Path, List<string> Keys)> Mappings(JsonObject root, JsonObject schema, string path)
    {
        var branches = Branches(root, schema).ToList();
        var keys = branches.SelectMany(b => b["properties"] is JsonObject p ? p.Select(x => x.Key) : []).Distinct().ToList();
        if (keys.Count > 0)
        {
            yield return (path, keys);
        }

        foreach (var branch in branches)
        {
            if (branch["properties"] is JsonObject properties)
            {
                foreach (var (name, child) in properties)
                {
                    foreach (var mapping in Mappings(root, child!.AsObject(), Join(path, name)))
                    {
                        yield return mapping;
                    }
                }
            }

            // The mappings a list holds (endpoints.routes: METHOD /path or a mapping), at path[].
            if (branch["items"] is JsonObject items)
            {
                foreach (var mapping in Mappings(root, items, path + "[]"))
                {
                    yield return mapping;
                }
            }

            if (branch["patternProperties"] is JsonObject patterns)
            {
                foreach (var (pattern, child) in patterns)
                {
                    const string sample = "sites.area";
                    Regex.IsMatch(sample, pattern).Should().BeTrue($"'{sample}' is the sample key for pattern {pattern}");
                    foreach (var mapping in Mappings(root, child!.AsObject(), Join(path, sample)))
                    {
                        yield return mapping;
                    }
                }
            }
        }
    }

    /// <summary>Every property schema, with its path, for checking descriptions and examples.</summary>
    private static IEnumerable<(string Path, JsonObject Property)> Properties(JsonObject root, JsonObject schema, string path)
    {
        foreach (var branch in Branches(root, schema))
        {
            foreach (var (name, child) in branch["properties"] as JsonObject ?? [])
            {
                var property = child!.AsObject();
                yield return (Join(path, name), property);
                foreach (var nested in Properties(root, property, Join(path, name)))
                {
                    yield return nested;
                }
            }

            foreach (var (_, child) in branch["patternProperties"] as JsonObject ?? [])
            {
                foreach (var nested in Properties(root, child!.AsObject(), Join(path, "sites.area")))
                {
                    yield return nested;
                }
            }

            if (branch["items"] is JsonObject items)
            {
                foreach (var nested in Properties(root, items, path + "[]"))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The schema itself (its $ref resolved) and its oneOf/anyOf/allOf branches.</summary>
    private static IEnumerable<JsonObject> Branches(JsonObject root, JsonObject schema)
    {
        var resolved = schema["$ref"] is JsonValue reference ? Resolve(root, (string)reference!) : schema;
        yield return resolved;
        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            foreach (var branch in resolved[keyword] as JsonArray ?? [])
            {
                foreach (var nested in Branches(root, branch!.AsObject()))
                {
                    yield return nested;
                }
            }
        }
    }

    private static JsonObject Resolve(JsonObject root, string reference)
    {
        reference.Should().StartWith("#/");
        JsonNode node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node[part]!;
        }

        return node.AsObject();
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string LoaderPattern(string method)
    {
        var regex = typeof(ManifestLoader).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null) as Regex;
        regex.Should().NotBeNull($"ManifestLoader.{method}() holds the pattern the schema must repeat");
        return regex!.ToString();
    }
}
