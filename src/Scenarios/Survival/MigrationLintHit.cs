namespace Harness.Scenarios.Survival;

/// <summary>What a statement of a migration does that <see cref="MigrationLint"/> asks a person to check.</summary>
public enum MigrationLintKind
{
    /// <summary><c>ALTER TABLE ... DISABLE ROW LEVEL SECURITY</c>.</summary>
    DisableRowSecurity,

    /// <summary><c>ALTER TABLE ... NO FORCE ROW LEVEL SECURITY</c>.</summary>
    NoForceRowSecurity,

    /// <summary><c>DROP POLICY</c>.</summary>
    DropPolicy,

    /// <summary><c>CREATE TABLE ... (LIKE ... INCLUDING ALL)</c>.</summary>
    CreateTableLikeIncludingAll,

    /// <summary><c>CREATE FUNCTION</c> (or procedure) <c>... SECURITY DEFINER</c> without <c>SET search_path</c>.</summary>
    SecurityDefinerWithoutSearchPath,

    /// <summary><c>GRANT ... TO PUBLIC</c> (also in <c>ALTER DEFAULT PRIVILEGES</c>).</summary>
    GrantToPublic,

    /// <summary><c>CREATE [OR REPLACE] VIEW</c> without <c>security_invoker</c> (or with it off).</summary>
    ViewWithoutSecurityInvoker,
}

/// <summary>One statement of a migration file that <see cref="MigrationLint"/> flags.</summary>
/// <param name="Path">The migration file, as the caller named it.</param>
/// <param name="Line">The 1-based line the statement starts on.</param>
/// <param name="Excerpt">The statement's first line (<see cref="SqlStatement.Excerpt"/>).</param>
/// <param name="Subject">The object the statement is about as PostgreSQL stores its name, without schema (<c>sites</c>,
/// <c>p on sites</c> for a policy, <c>f</c> for a function); empty when it could not be read.</param>
/// <param name="Message">What to check in the statement and why, in one or two sentences.</param>
public sealed record MigrationLintHit(MigrationLintKind Kind, string Path, int Line, string Excerpt, string Subject, string Message);
