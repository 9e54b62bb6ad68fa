using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskFunctions.Client;
using TaskFunctions.Serialization;

namespace TaskFunctions.Http;

/// <summary>
/// Writes a watch as Server-Sent Events: <c>execution</c> (the execution as first read, with the entries after the
/// client's last), then one <c>log</c> per new entry (its id is the entry's seq) and <c>status</c> when the status
/// changes, until the final status; a <c>: keep-alive</c> comment whenever nothing was written for a while.
/// </summary>
internal sealed class ExecutionEventStream : IResult
{
    /// <summary>The event with the execution as first read.</summary>
    public const string ExecutionEvent = "execution";

    /// <summary>The event with one new log entry.</summary>
    public const string LogEvent = "log";

    /// <summary>The event with a new status.</summary>
    public const string StatusEvent = "status";

    private readonly ExecutionWatch _watch;
    private readonly TimeSpan _keepAlive;
    private readonly TimeSpan _retry;

    /// <summary>Initializes a new instance of the <see cref="ExecutionEventStream"/> class.</summary>
    /// <param name="watch">The watch to stream.</param>
    /// <param name="keepAlive">How long the stream may stay silent before a keep-alive comment.</param>
    /// <param name="retry">The reconnection time the client is told.</param>
    public ExecutionEventStream(ExecutionWatch watch, TimeSpan keepAlive, TimeSpan retry)
    {
        _watch = watch;
        _keepAlive = keepAlive;
        _retry = retry;
    }

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ServerSentEvents.ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // The stream ends when the client goes away, and when the host stops (the client reconnects elsewhere with its
        // Last-Event-ID), so that an open stream does not hold up the host's shutdown.
        CancellationToken stopping = httpContext.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        IAsyncEnumerator<ExecutionChange> changes = _watch.ChangesAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        try
        {
            await WriteAsync(response, ServerSentEvents.Event(ExecutionEvent, _watch.LastSeq, Json(_watch.Execution), _retry), stop.Token).ConfigureAwait(false);
            while (true)
            {
                next ??= changes.MoveNextAsync().AsTask();
                bool more;
                try
                {
                    more = await next.WaitAsync(_keepAlive, stop.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    await WriteAsync(response, ServerSentEvents.Comment("keep-alive"), stop.Token).ConfigureAwait(false);
                    continue;
                }

                next = null;
                if (!more)
                {
                    break;
                }

                await WriteAsync(response, Format(changes.Current), stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The client went away, or the host stops.
        }
        finally
        {
            // Stop a change still awaited, so that the watch leaves its feed before the enumerator is disposed.
            await stop.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The event of one change.</summary>
    /// <param name="change">The change.</param>
    /// <returns>The event's text.</returns>
    internal static string Format(ExecutionChange change) => change switch
    {
        ExecutionLogAppended appended => ServerSentEvents.Event(LogEvent, appended.Entry.Seq, Json(appended.Entry)),
        ExecutionStatusChanged changed => ServerSentEvents.Event(StatusEvent, id: null, Json(changed)),
        _ => throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change)),
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, TaskFunctionsJson.Options);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
