using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>Receives alert and change-event notifications. <see cref="Deliver"/> must never block.</summary>
internal interface IAlertSink : IAsyncDisposable
{
    string Name { get; }

    void Deliver(JsonObject notification);
}
