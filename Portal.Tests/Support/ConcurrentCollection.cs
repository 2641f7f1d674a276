using System.Collections;

namespace Portal.Tests.Support;

/// <summary>
/// A collection an exporter may add to from any thread while a test reads it. Span listeners are process-wide, so a
/// test host's exporter also sees the spans of hosts running in parallel.
/// </summary>
public sealed class ConcurrentCollection<T> : ICollection<T>
{
    private readonly List<T> items = [];
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (gate)
        {
            items.Add(item);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (gate)
        {
            return items.Remove(item);
        }
    }

    public List<T> Snapshot()
    {
        lock (gate)
        {
            return [.. items];
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
