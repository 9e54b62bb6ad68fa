namespace TaskFunctions.Client;

/// <summary>What a purge removed.</summary>
/// <param name="Purged">How many executions were purged.</param>
/// <param name="LogChunks">How many archived log chunks went with them (or were left behind by an earlier purge).</param>
/// <param name="KeyClaims">How many idempotency key claims went with them (or named an execution that no longer exists).</param>
/// <param name="Slots">How many finished concurrency slots were purged.</param>
public sealed record PurgeReport(int Purged, int LogChunks, int KeyClaims, int Slots);
