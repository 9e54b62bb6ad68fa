namespace TaskFunctions.LocalHost.Telemetry;

/// <summary>The host's <c>Telemetry</c> settings are not valid (an unknown exporter, an endpoint that is not a URL).</summary>
public sealed class TelemetryConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TelemetryConfigurationException"/> class.</summary>
    public TelemetryConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelemetryConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public TelemetryConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelemetryConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public TelemetryConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
