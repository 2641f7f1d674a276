using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Portal.Tests.Support;

/// <summary>Records what one meter's named counters are given, while it lives; other hosts' meters of the same name are ignored.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();

    public MeasurementRecorder(Meter meter, params string[] instruments)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instruments.Contains(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            Measurements.Enqueue(new(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        listener.Start();
    }

    public ConcurrentQueue<Recorded> Measurements { get; } = new();

    public long Total(string instrument, params (string Key, string Value)[] tags) => Measurements
        .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value))
        .Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    public sealed record Recorded(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);
}
