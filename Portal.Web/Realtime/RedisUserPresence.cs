using System.Globalization;
using Portal.Core.Assignment;
using Portal.Infrastructure.Assignment;
using StackExchange.Redis;

namespace Portal.Web.Realtime;

/// <summary>
/// Presence across instances: each instance keeps its own users in one Redis hash (field "user:instance", value the time
/// the entry lapses) and renews them every <see cref="Renewal"/>; an instance that dies lapses within
/// <see cref="Lifetime"/>. A user is online when any instance holds them. If Redis cannot be read, this instance's own
/// sessions are the answer.
/// </summary>
public sealed class RedisUserPresence(
    IConnectionMultiplexer redis, LocalUserPresence local, TimeProvider clock, ILogger<RedisUserPresence> logger) : IUserPresence, IHostedService, IDisposable
{
    public static readonly RedisKey Key = "portal:presence";
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly string instance = Guid.NewGuid().ToString("N");
    private ITimer? timer;

    public async Task<IReadOnlySet<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var online = (await local.OnlineAmongAsync(userIds, cancellationToken)).ToHashSet();
        try
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            foreach (var entry in await redis.GetDatabase().HashGetAllAsync(Key))
            {
                var field = entry.Name.ToString();
                if (Guid.TryParse(field.AsSpan(0, Math.Min(36, field.Length)), out var userId) && userIds.Contains(userId)
                    && long.TryParse(entry.Value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lapses) && lapses > now)
                {
                    online.Add(userId);
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not read presence from Redis; only this instance's sessions count");
        }

        return online;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        local.Changed += OnLocalChanged;
        timer = clock.CreateTimer(_ => _ = RenewAsync(), null, TimeSpan.Zero, Renewal);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        local.Changed -= OnLocalChanged;
        timer?.Dispose();
        await WriteAsync(db => db.HashDeleteAsync(Key, [.. local.Online.Select(Field)]));
    }

    public void Dispose() => timer?.Dispose();

    private void OnLocalChanged(Guid userId, bool online) =>
        _ = WriteAsync(db => online ? db.HashSetAsync(Key, Field(userId), Lapse()) : db.HashDeleteAsync(Key, Field(userId)));

    private Task RenewAsync()
    {
        var users = local.Online;
        return users.Count == 0 ? Task.CompletedTask
            : WriteAsync(db => db.HashSetAsync(Key, [.. users.Select(u => new HashEntry(Field(u), Lapse()))]));
    }

    private RedisValue Field(Guid userId) => $"{userId}:{instance}";

    private RedisValue Lapse() => (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();

    private async Task WriteAsync(Func<IDatabase, Task> write)
    {
        try
        {
            await write(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not share presence through Redis");
        }
    }
}
