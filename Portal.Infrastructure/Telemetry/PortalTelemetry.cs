using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// The portal's own spans and instruments, named "Portal". Exporters are chosen by the host (OTLP, Prometheus, tests);
/// without a listener the spans are never created and the measurements go nowhere.
/// </summary>
public sealed class PortalTelemetry
{
    public const string Name = "Portal";
    public const string SendSpan = "portal.send";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> sends;
    private readonly Histogram<double> sendDuration;
    private readonly Histogram<double> scheduledLateness;
    private readonly Counter<long> webhooks;
    private readonly Histogram<double> webhookDuration;

    public PortalTelemetry(IMeterFactory meters)
    {
        Meter = meters.Create(Name);
        sends = Meter.CreateCounter<long>("portal.sends", "{message}", "Texts handed to a provider, by provider and outcome.");
        sendDuration = Meter.CreateHistogram<double>("portal.send.duration", "s", "Time a provider took to answer a send.");
        scheduledLateness = Meter.CreateHistogram<double>("portal.scheduled.lateness", "s", "How long after its due time a scheduled text went out.");
        webhooks = Meter.CreateCounter<long>("portal.webhooks.received", "{request}", "Provider webhook calls, by provider and result.");
        webhookDuration = Meter.CreateHistogram<double>("portal.webhook.duration", "s", "Time to verify, store and apply a provider webhook call.");
    }

    public Meter Meter { get; }

    public void SendAnswered(ProviderKind provider, SendOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList { { "provider", provider.Slug }, { "outcome", Snake(outcome) } };
        sends.Add(1, tags);
        sendDuration.Record(duration.TotalSeconds, tags);
    }

    public void ScheduledSendWentOut(TimeSpan late) => scheduledLateness.Record(Math.Max(0, late.TotalSeconds));

    /// <summary><paramref name="provider"/> is a known provider's slug or "unknown": never the caller's text, which would make a tag per guess.</summary>
    public void WebhookHandled(string provider, string result, TimeSpan duration)
    {
        var tags = new TagList { { "provider", provider }, { "result", result } };
        webhooks.Add(1, tags);
        webhookDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>
    /// The W3C traceparent of the current span when it is being recorded, stored with work that continues later (a
    /// queued text) to continue its trace. A span that is not recorded (a filtered request) has nothing to continue.
    /// </summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>A send's span, a child of the request that queued the text when its traceparent was stored.</summary>
    public static Activity? StartSend(Guid messageId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity(SendSpan, ActivityKind.Internal, parent);
        activity?.SetTag("portal.message.id", messageId);
        return activity;
    }

    /// <summary>The tag value of an enum member (<c>NotFound</c> → <c>not_found</c>), worked out once per member.</summary>
    internal static string Snake<TEnum>(TEnum value) where TEnum : struct, Enum =>
        SnakeNames<TEnum>.ByValue.TryGetValue(value, out var name) ? name : SnakeCase(value.ToString());

    internal static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static class SnakeNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, v => SnakeCase(v.ToString()));
    }
}
