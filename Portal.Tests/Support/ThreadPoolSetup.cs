using System.Runtime.CompilerServices;

namespace Portal.Tests.Support;

/// <summary>
/// Many test classes run at once on two cores, several of them hosting the whole app; without a higher floor the thread
/// pool grows too slowly and renderers or job servers wait for a thread.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
