namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>One running injector with the default (fail-closed) options, shared by a test class.</summary>
public sealed class InjectorFixture : IAsyncLifetime
{
    private RunningInjector? _injector;

    internal RunningInjector Injector => _injector ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _injector = await RunningInjector.StartAsync();

    public async Task DisposeAsync()
    {
        if (_injector is not null)
        {
            await _injector.DisposeAsync();
        }
    }
}
