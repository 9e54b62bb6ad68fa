using System.Text.Json.Nodes;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace TaskFunctions.Tests.Infra;

/// <summary>
/// <c>azure.yaml</c>, what <c>azd up</c> reads: it parses, its one service deploys the Functions app project as a
/// .NET function, the Bicep it provisions is there, and the Function App carries the tag azd finds it by.
/// </summary>
public sealed class AzureYamlTests
{
    [Fact]
    public void AzureYaml_Service_IsTheFunctionsAppProjectAsADotnetFunction()
    {
        YamlMappingNode root = AzureYaml();
        YamlMappingNode services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];

        KeyValuePair<YamlNode, YamlNode> service = Assert.Single(services.Children);
        Assert.Equal("api", Scalar(service.Key));
        YamlMappingNode api = (YamlMappingNode)service.Value;
        Assert.Equal("dotnet", Scalar(api.Children[new YamlScalarNode("language")]));
        Assert.Equal("function", Scalar(api.Children[new YamlScalarNode("host")]));

        string project = Path.GetFullPath(Path.Combine(Repository.Root, Scalar(api.Children[new YamlScalarNode("project")])));
        Assert.True(Directory.Exists(project), $"{project} does not exist.");
        string csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
        Assert.Equal("TaskFunctions.csproj", Path.GetFileName(csproj));
        Assert.Equal("v4", XDocument.Load(csproj).Descendants("AzureFunctionsVersion").Single().Value);
    }

    [Fact]
    public void AzureYaml_Infra_IsTheDefaultPathWhereMainBicepIs()
    {
        YamlMappingNode root = AzureYaml();

        // azd provisions infra/main.bicep unless azure.yaml names another path or module.
        Assert.False(root.Children.ContainsKey(new YamlScalarNode("infra")));
        Assert.True(File.Exists(Repository.PathOf("infra", "main.bicep")));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(root.Children[new YamlScalarNode("name")])));
    }

    [Fact]
    public async Task AzureYaml_ServiceName_IsTheTagOnTheFunctionApp()
    {
        YamlMappingNode services = (YamlMappingNode)AzureYaml().Children[new YamlScalarNode("services")];
        string name = Scalar(Assert.Single(services.Children).Key);

        JsonObject template = await DeploymentTemplateTests.TemplateAsync();
        JsonObject site = DeploymentTemplateTests.OwnResource(DeploymentTemplateTests.Module(template, "function-app"), "Microsoft.Web/sites");

        Assert.Contains($"'azd-service-name', '{name}'", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static YamlMappingNode AzureYaml()
    {
        YamlStream yaml = [];
        using StreamReader reader = new(Repository.PathOf("azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
