using Harness.Manifest;
using YamlDotNet.RepresentationModel;

namespace Harness.Scenarios.Survival;

/// <summary>Reads the manifest's <c>survival</c> section into <see cref="SurvivalOptions"/>; every bad value is refused with its position.</summary>
internal static class SurvivalOptionsReader
{
    public static SurvivalOptions Read(ManifestSection section)
    {
        var survival = section.Read("from", "pairs", "expectedDataChanges");
        if (survival is null)
        {
            return new SurvivalOptions();
        }

        return new SurvivalOptions
        {
            From = survival.RequiredString("from", "005_add_invoices.sql (the version production runs today)"),
            Pairs = survival.Int("pairs", 2, 20) ?? new SurvivalOptions().Pairs,
            ExpectedDataChanges = ExpectedChanges(survival),
        };
    }

    private static List<ExpectedDataChange> ExpectedChanges(YamlMapping survival)
    {
        switch (survival.Find("expectedDataChanges"))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var changes = new List<ExpectedDataChange>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var path = $"survival.expectedDataChanges[{i}]";
                    var entry = new YamlMapping(sequence.Children[i], survival.File, path, "migration", "table");
                    changes.Add(new ExpectedDataChange(entry.String("migration"), entry.RequiredString("table", "sign_ins")));
                }

                return changes;
            case var other:
                throw survival.Error(other, "'survival.expectedDataChanges' must be a list of { migration, table } entries, e.g. [{ migration: 007_archive.sql, table: sign_ins }]");
        }
    }
}
