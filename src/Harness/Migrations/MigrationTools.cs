namespace Harness.Migrations;

/// <summary>A migration tool recognised by the history table it keeps in the app's schema.</summary>
/// <param name="Command">The command that applies its migrations, when one is usual; null when it depends on the project.</param>
public sealed record MigrationTool(string Table, string Name, IReadOnlyList<string>? Command);

/// <summary>
/// Migration tools known by the history table they keep in the app's schema: <c>harness init</c> declares those tables global
/// and suggests a command, and the audit does not take such a table, when it has no tenant key, for unscoped tenant data.
/// </summary>
public static class MigrationTools
{
    public static IReadOnlyList<MigrationTool> Known { get; } =
    [
        new("_prisma_migrations", "Prisma", ["npx", "prisma", "migrate", "deploy"]),
        new("__EFMigrationsHistory", "EF Core", ["dotnet", "ef", "database", "update"]),
        new("flyway_schema_history", "Flyway", ["flyway", "migrate"]),
        new("databasechangelog", "Liquibase", ["liquibase", "update"]),
        new("databasechangeloglock", "Liquibase", ["liquibase", "update"]),
        new("alembic_version", "Alembic", ["alembic", "upgrade", "head"]),
        new("django_migrations", "Django", ["python", "manage.py", "migrate"]),
        new("knex_migrations", "Knex", ["npx", "knex", "migrate:latest"]),
        new("knex_migrations_lock", "Knex", ["npx", "knex", "migrate:latest"]),
        new("SequelizeMeta", "Sequelize", ["npx", "sequelize-cli", "db:migrate"]),
        new("__drizzle_migrations", "Drizzle", ["npx", "drizzle-kit", "migrate"]),
        new("kysely_migration", "Kysely", null),
        new("kysely_migration_lock", "Kysely", null),
        new("goose_db_version", "goose", null),
        new("schema_migrations", "Rails, golang-migrate or dbmate", null),
        new("ar_internal_metadata", "Rails", ["bin/rails", "db:migrate"]),
    ];

    public static MigrationTool? Find(string table) => Known.FirstOrDefault(t => t.Table == table);
}
