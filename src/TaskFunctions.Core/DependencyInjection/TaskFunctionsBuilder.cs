using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskFunctions.Catalog;
using TaskFunctions.Middleware;
using TaskFunctions.Serialization;

namespace TaskFunctions.DependencyInjection;

/// <summary>Registers tasks and middleware. Both hosts call the same registration code.</summary>
public sealed class TaskFunctionsBuilder
{
    internal TaskFunctionsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection, for services that handlers and middleware depend on.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a task.</summary>
    /// <typeparam name="THandler">The handler, resolved from dependency injection for each attempt.</typeparam>
    /// <param name="name">The task name used in routes (lower-case letters, digits, '-', '_', '.').</param>
    /// <param name="configure">Sets the description, timeout, retry policy and concurrency limit.</param>
    /// <returns>This builder.</returns>
    public TaskFunctionsBuilder AddTask<THandler>(string name, Action<TaskDefinitionOptions>? configure = null)
        where THandler : class, ITaskHandler
    {
        if (!TaskNames.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid task name: use 1-64 lower-case letters, digits, '-', '_' or '.'.", nameof(name));
        }

        var options = new TaskDefinitionOptions();
        configure?.Invoke(options);
        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > TaskDefinition.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.Timeout, $"Timeout must be from 1 ms to {TaskDefinition.MaxTimeout}.");
        }

        if (options.ConcurrencyLimit is < 1 or > TaskDefinition.MaxConcurrencyLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.ConcurrencyLimit, $"ConcurrencyLimit must be from 1 to {TaskDefinition.MaxConcurrencyLimit}.");
        }

        if (options.Queue is not null && options.ConcurrencyLimit is null)
        {
            throw new ArgumentException("A task with a Queue must set a ConcurrencyLimit: the queue holds the starts beyond it.", nameof(configure));
        }

        if (options.ParamsType is { } paramsType && (paramsType.IsPrimitive || paramsType == typeof(string) || paramsType.IsAbstract || paramsType.IsInterface))
        {
            throw new ArgumentException($"ParamsType must be a concrete type that params, a JSON object, deserialize to; {paramsType.Name} is not.", nameof(configure));
        }

        if (options.ParamsType is { } declared)
        {
            try
            {
                _ = JsonSerializer.Deserialize("{}", declared, TaskFunctionsJson.Options);
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
            {
                throw new ArgumentException($"ParamsType {declared.Name} cannot be read from a JSON object: {ex.Message}", nameof(configure), ex);
            }
        }

        Services.TryAddTransient<THandler>();
        Services.AddSingleton(new TaskDefinition(name, typeof(THandler), options));
        return this;
    }

    /// <summary>
    /// Registers a task that declares the type of its <c>params</c>: a start whose params do not fit
    /// <typeparamref name="TParams"/> (a wrong type, a value outside a <c>[Range]</c>) answers 400 naming the field.
    /// </summary>
    /// <typeparam name="THandler">The handler, resolved from dependency injection for each attempt.</typeparam>
    /// <typeparam name="TParams">The params type, bound with camelCase names and checked with its data annotations.</typeparam>
    /// <param name="name">The task name used in routes (lower-case letters, digits, '-', '_', '.').</param>
    /// <param name="configure">Sets the description, timeout, retry policy and concurrency limit.</param>
    /// <returns>This builder.</returns>
    public TaskFunctionsBuilder AddTask<THandler, TParams>(string name, Action<TaskDefinitionOptions>? configure = null)
        where THandler : class, ITaskHandler
        where TParams : class, new() =>
        AddTask<THandler>(name, o =>
        {
            configure?.Invoke(o);
            o.ParamsType = typeof(TParams);
        });

    /// <summary>Adds middleware to the chain. It runs in the stages whose interfaces it implements.</summary>
    /// <typeparam name="TMiddleware">
    /// A type implementing <see cref="IBeforeTaskMiddleware"/>, <see cref="IAfterTaskMiddleware"/> and/or
    /// <see cref="IErrorTaskMiddleware"/>, resolved from dependency injection.
    /// </typeparam>
    /// <param name="taskNames">The tasks it applies to; none for every task.</param>
    /// <returns>This builder.</returns>
    public TaskFunctionsBuilder UseMiddleware<TMiddleware>(params string[] taskNames)
        where TMiddleware : class
    {
        Services.TryAddTransient<TMiddleware>();
        Services.AddSingleton(new MiddlewareRegistration(typeof(TMiddleware), taskNames));
        return this;
    }
}
