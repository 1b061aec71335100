namespace Strongroom.Gateway;

// A closed hierarchy: the three messages the settle queue carries, kept beside their base.
/// <summary>A message for the server's ledger, sent in batches by <see cref="ServerLedgerClient"/>.</summary>
internal abstract record LedgerMessage;

/// <summary>Actual usage of one request drawn from a slice: releases what it drew and charges what it used.</summary>
internal sealed record Settlement(string SliceId, string Accessor, string Model, string Endpoint, long DrawnTokens, double DrawnCost,
    long PromptTokens, long CompletionTokens, int Status, string Outcome, bool Estimated) : LedgerMessage;

/// <summary>What a retired slice did not use, and how many requests it drew (the server closes it when all are settled).</summary>
internal sealed record SliceReturn(string SliceId, long UnusedTokens, double UnusedCost, long UnusedRequests, long DrawnRequests) : LedgerMessage;

/// <summary>Completes when every message queued before it reached the server.</summary>
internal sealed record FlushMarker(TaskCompletionSource Done) : LedgerMessage;
