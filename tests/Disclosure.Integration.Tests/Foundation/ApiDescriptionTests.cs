using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Disclosure.Functions;
using Disclosure.Functions.Api;
using Disclosure.Integration.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Disclosure.Integration.Tests.Foundation;

/// <summary>
/// GET /api/openapi.json is valid OpenAPI 3 and describes exactly the HTTP routes of the app: the routes are read from
/// the <c>[HttpTrigger]</c> attributes of the Disclosure.Functions assembly, the description from what the app serves.
/// </summary>
public class ApiDescriptionTests
{
    /// <summary>"POST /submissions/{id}/corrections → CorrectItem" for every HTTP-triggered function; route constraints (<c>{year:int}</c>) dropped as OpenAPI paths have none.</summary>
    private static readonly IReadOnlyDictionary<string, string> RoutesInCode = typeof(DisclosureServices).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods())
        .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(f => f.Function is not null && f.Trigger is not null)
        .SelectMany(f => f.Trigger!.Methods!.Select(method => (Key: $"{method.ToUpperInvariant()} /{Regex.Replace(f.Trigger.Route!, @"\{(\w+):[^}]+\}", "{$1}")}", f.Function!.Name)))
        .ToDictionary(r => r.Key, r => r.Name);

    private static (OpenApiDocument Document, OpenApiDiagnostic Diagnostic) Read(string json)
    {
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        return (result.Document!, result.Diagnostic!);
    }

    private static IReadOnlyDictionary<string, string> RoutesDescribed(OpenApiDocument document) => document.Paths
        .SelectMany(p => p.Value.Operations!.Select(o => (Key: $"{o.Key.Method} {p.Key}", o.Value.OperationId ?? "")))
        .ToDictionary(r => r.Key, r => r.Item2);

    [Fact]
    public void The_document_is_valid_OpenAPI_3_by_Microsoft_OpenApi_s_reader_and_its_rules()
    {
        var (document, diagnostic) = Read(new ApiDescriptionJson().Text);

        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public void Every_HTTP_route_of_the_app_is_described_and_nothing_else_is()
    {
        var (document, _) = Read(new ApiDescriptionJson().Text);
        var described = RoutesDescribed(document);

        Assert.True(RoutesInCode.Count >= 40, $"only {RoutesInCode.Count} HTTP functions found by reflection");
        var undescribed = RoutesInCode.Keys.Except(described.Keys).Order().ToList();
        var phantom = described.Keys.Except(RoutesInCode.Keys).Order().ToList();
        Assert.True(undescribed.Count == 0, "Routes without a description in Api/ApiDescription.cs: " + string.Join(", ", undescribed));
        Assert.True(phantom.Count == 0, "Described routes no function serves: " + string.Join(", ", phantom));
        foreach (var (route, function) in RoutesInCode)
            Assert.True(described[route] == function, $"{route} is function {function}, described as {described[route]}");
    }

    [Fact]
    public void Every_operation_has_a_summary_a_response_and_its_errors_as_problem_details()
    {
        var (document, _) = Read(new ApiDescriptionJson().Text);

        foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item.Operations!)
            {
                var name = $"{method} {path}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Summary), name + " has no summary");
                Assert.NotEmpty(operation.Responses!);
                foreach (var (status, response) in operation.Responses!.Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
                    if (status != "503")
                        Assert.True(response.Content?.ContainsKey("application/problem+json") == true, $"{name} {status} is not problem+json");
            }
        Assert.Contains("Problem", document.Components!.Schemas!.Keys);
        var submit = document.Paths["/submissions"].Operations![HttpMethod.Post];
        Assert.Contains("application/json", submit.RequestBody!.Content!.Keys);
        Assert.Contains("title", submit.RequestBody.Content["application/json"].Schema!.Properties!.Keys);
    }

    [Fact]
    public async Task The_local_host_serves_the_document_to_anyone_without_a_sign_in()
    {
        await using var host = await TestHosts.StartAsync(runQueues: false, environment: "Production");

        using var response = await host.Client().GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var (document, diagnostic) = Read(await response.Content.ReadAsStringAsync());
        Assert.Empty(diagnostic.Errors);
        Assert.Equal(RoutesInCode.Keys.Order(), RoutesDescribed(document).Keys.Order());
        Assert.Equal("/api", document.Servers!.Single().Url);
    }
}
