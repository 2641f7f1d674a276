namespace Portal.Core.Common;

/// <summary>
/// A row whose every change moves its revision on, so that two writers never overwrite each other: an update succeeds
/// only from the revision it read. The persistence layer bumps it on every save; nothing else does.
/// </summary>
public interface IVersioned
{
    int Revision { get; }
}
