namespace Portal.Infrastructure.Persistence;

/// <summary>Set once migrations and seeding have finished; the health endpoint reports ready only then.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool ready;

    public bool IsReady => ready;

    public void MarkReady() => ready = true;
}
