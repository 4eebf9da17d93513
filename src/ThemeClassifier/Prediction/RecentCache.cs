namespace ThemeClassifier.Prediction;

/// <summary>
/// A bounded map of the most recently added entries (oldest evicted first), for one stream's repeated posts.
/// Not thread-safe: each stream owns its own.
/// </summary>
internal sealed class RecentCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, TValue> _entries = [];
    private readonly Queue<TKey> _order = new();

    public RecentCache(int capacity) => _capacity = capacity;

    public bool TryGet(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public void Add(TKey key, TValue value)
    {
        if (!_entries.TryAdd(key, value))
        {
            return;
        }

        _order.Enqueue(key);
        if (_order.Count > _capacity)
        {
            _entries.Remove(_order.Dequeue());
        }
    }
}
