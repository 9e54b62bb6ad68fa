namespace TaskFunctions.LocalHost.Security;

/// <summary>The host's security settings do not allow it to start (for example a public address without an API key).</summary>
public sealed class SecurityConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SecurityConfigurationException"/> class.</summary>
    public SecurityConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecurityConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public SecurityConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecurityConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public SecurityConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
