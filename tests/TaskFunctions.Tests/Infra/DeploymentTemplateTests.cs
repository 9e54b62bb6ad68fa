using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TaskFunctions.Tests.Infra;

/// <summary>
/// <c>infra/</c> compiled with the Bicep CLI: it compiles and lints without an error or a warning (which also covers
/// every resource property, checked against the Azure types the CLI carries), and the compiled template deploys
/// what the Functions app needs: a Flex Consumption app on the .NET version it targets, storage reached with the
/// app's identity and the roles the host and the Durable extension's Azure Storage provider use, the task hub of
/// host.json, and parameters that azd can fill.
/// </summary>
public sealed partial class DeploymentTemplateTests
{
    private static readonly Lazy<Task<BicepCli.Run>> Build =
        new(() => BicepCli.RunAsync(Repository.PathOf("infra"), "build", "main.bicep", "--stdout"));

    [Fact]
    public async Task MainBicep_Build_CompilesWithoutErrorsOrWarnings()
    {
        BicepCli.Run build = await Build.Value;

        Assert.True(build.ExitCode == 0, $"bicep build failed:\n{build.Diagnostics}");
        Assert.True(build.Diagnostics.Trim().Length == 0, $"bicep build reported:\n{build.Diagnostics}");
        Assert.Equal("2.0", JsonNode.Parse(build.Output)!["languageVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task MainBicep_Lint_ReportsNothingInItOrItsModules()
    {
        BicepCli.Run lint = await BicepCli.RunAsync(Repository.PathOf("infra"), "lint", "main.bicep");

        Assert.True(lint.ExitCode == 0, $"bicep lint failed:\n{lint.Diagnostics}");
        Assert.True((lint.Output + lint.Diagnostics).Trim().Length == 0, $"bicep lint reported:\n{lint.Output}{lint.Diagnostics}");
    }

    [Fact]
    public void InfraBicepFiles_EachIsMainOrOneOfItsModules_SoTheLintSeesIt()
    {
        string infra = Repository.PathOf("infra");
        string main = File.ReadAllText(Path.Combine(infra, "main.bicep"));
        HashSet<string> modules = ModuleReference().Matches(main).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        string[] files = Directory.GetFiles(infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(infra, f).Replace('\\', '/'))
            .Where(f => f != "main.bicep")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(files);
        Assert.Equal(files, modules.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FunctionApp_Plan_IsFlexConsumptionOnTheDotnetVersionTheAppTargets()
    {
        JsonObject app = Module(await TemplateAsync(), "function-app");
        JsonObject plan = OwnResource(app, "Microsoft.Web/serverfarms");
        JsonObject site = OwnResource(app, "Microsoft.Web/sites");

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());

        JsonNode runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal(DotnetVersionOfTheApp(), runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task FunctionApp_StorageSettings_UseTheIdentityAndTheConnectionHostJsonNames()
    {
        JsonObject app = Module(await TemplateAsync(), "function-app");
        JsonObject settings = app["variables"]!["platformSettings"]!.AsObject();

        // host.json's Durable storage provider and the host read the same connection: AzureWebJobsStorage.
        string connection = HostJson()["extensions"]!["durableTask"]!["storageProvider"]!["connectionStringName"]!.GetValue<string>();
        Assert.Equal("AzureWebJobsStorage", connection);
        Assert.False(settings.ContainsKey(connection), "A connection string would carry the account key.");
        Assert.True(settings.ContainsKey($"{connection}__accountName"));
        Assert.Equal("managedidentity", settings[$"{connection}__credential"]!.GetValue<string>());
        Assert.Contains("identityClientId", settings[$"{connection}__clientId"]!.GetValue<string>(), StringComparison.Ordinal);

        // Flex Consumption takes the worker runtime from functionAppConfig and refuses these settings.
        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
        Assert.True(settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    }

    [Fact]
    public async Task Storage_SharedKeysOff_AndNoKeyAnywhereInTheTemplate()
    {
        JsonObject template = await TemplateAsync();
        JsonObject account = OwnResource(Module(template, "storage"), "Microsoft.Storage/storageAccounts");

        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        string text = template.ToJsonString();
        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Storage_AppRoles_AreBlobOwnerQueueAndTableContributor()
    {
        JsonObject template = await TemplateAsync();
        JsonObject storage = Module(template, "storage");
        string[] roles = storage["variables"]!["appRoles"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            ],
            roles);

        // One assignment of each to the app's identity, on the account.
        JsonObject assignments = OwnResources(storage)
            .Single(r => r["copy"]?["count"]?.GetValue<string>() == "[length(variables('appRoles'))]");
        Assert.Equal("Microsoft.Authorization/roleAssignments", assignments["type"]!.GetValue<string>());
        Assert.Contains("variables('appRoles')[copyIndex()]", assignments["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[parameters('appPrincipalId')]", assignments["properties"]!["principalId"]!.GetValue<string>());
        Assert.Equal("ServicePrincipal", assignments["properties"]!["principalType"]!.GetValue<string>());
        string passed = OwnResources(template).Single(r => r["name"]?.GetValue<string>() == "storage")
            ["properties"]!["parameters"]!["appPrincipalId"]!["value"]!.GetValue<string>();
        Assert.Contains("'identity'", passed, StringComparison.Ordinal);
        Assert.Contains("principalId", passed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskHubOutput_IsReadFromHostJson()
    {
        JsonObject template = await TemplateAsync();

        // loadJsonContent('../host.json') puts the file into the template; the output reads the hub name from it.
        JsonNode hostJson = HostJson();
        Assert.Contains(template["variables"]!.AsObject(), v => JsonNode.DeepEquals(v.Value, hostJson));
        Assert.Contains("hubName", template["outputs"]!["TASK_HUB_NAME"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_NameTheAppAndItsHttpsUrl()
    {
        JsonObject template = await TemplateAsync();
        JsonObject outputs = template["outputs"]!.AsObject();

        Assert.True(outputs.ContainsKey("SERVICE_API_URI"));
        Assert.True(outputs.ContainsKey("AZURE_FUNCTION_APP_NAME"));
        Assert.True(outputs.ContainsKey("AZURE_RESOURCE_GROUP"));
        string url = Module(template, "function-app")["outputs"]!["url"]!["value"]!.GetValue<string>();
        Assert.Contains("'https://{0}'", url, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainParameters_NameOnlyParametersOfMain_AndEveryOneWithoutDefault()
    {
        JsonObject parameters = (await TemplateAsync())["parameters"]!.AsObject();
        JsonObject given = JsonNode.Parse(File.ReadAllText(Repository.PathOf("infra", "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.All(given, p => Assert.True(parameters.ContainsKey(p.Key), $"main.bicep has no parameter '{p.Key}'."));
        Assert.All(
            parameters.Where(p => p.Value!["defaultValue"] is null),
            p => Assert.True(given.ContainsKey(p.Key), $"main.parameters.json does not fill the required parameter '{p.Key}'."));
    }

    internal static async Task<JsonObject> TemplateAsync()
    {
        BicepCli.Run build = await Build.Value;
        Assert.True(build.ExitCode == 0, $"bicep build failed:\n{build.Diagnostics}");
        return JsonNode.Parse(build.Output)!.AsObject();
    }

    /// <summary>The template of the module deployment named <paramref name="name"/>.</summary>
    internal static JsonObject Module(JsonObject template, string name) =>
        OwnResources(template)
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name)
            ["properties"]!["template"]!.AsObject();

    /// <summary>The one resource of <paramref name="type"/> that <paramref name="template"/> itself declares.</summary>
    internal static JsonObject OwnResource(JsonObject template, string type) =>
        OwnResources(template).Single(r => r["type"]!.GetValue<string>() == type);

    private static IEnumerable<JsonObject> OwnResources(JsonObject template) => template["resources"] switch
    {
        JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()).Where(r => r["existing"] is null),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };

    private static JsonNode HostJson() => JsonNode.Parse(File.ReadAllText(Repository.PathOf("host.json")))!;

    /// <summary>"10.0" for net10.0: the target framework the Functions app builds with.</summary>
    private static string DotnetVersionOfTheApp()
    {
        XNamespace none = XNamespace.None;
        Assert.Null(XDocument.Load(Repository.PathOf("src", "TaskFunctions", "TaskFunctions.csproj")).Descendants(none + "TargetFramework").FirstOrDefault());
        string framework = XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants(none + "TargetFramework").Single().Value;
        Match match = NetVersion().Match(framework);
        Assert.True(match.Success, $"Unexpected target framework '{framework}'.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+\.bicep)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"^net(\d+\.\d+)$")]
    private static partial Regex NetVersion();
}
