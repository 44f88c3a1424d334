using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.LocalHost.Functions;

/// <summary>Serves each HTTP-triggered function on its own route under <c>/api</c>, with the same HttpRequest/IActionResult types.</summary>
public static class HttpFunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog)
    {
        foreach (var (function, http) in catalog.Http)
        {
            var route = RoutePrefix + "/" + (http.Route ?? function.Name).TrimStart('/');
            var methods = (http.Methods is { Length: > 0 } m ? m : ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
                .Select(x => x.ToUpperInvariant()).ToArray();
            app.MapMethods(route, methods, (HttpContext context) => Serve(context, function))
                .WithName(function.Name)
                .WithMetadata(new LocalFunctionMetadata(function));
        }
    }

    private static async Task Serve(HttpContext context, FunctionEntry function)
    {
        var invoker = context.RequestServices.GetRequiredService<FunctionInvoker>();
        var bindingData = context.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value);
        var result = await invoker.InvokeAsync(function, context.Request, bindingData, context.RequestAborted);
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult minimal:
                await minimal.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted);
                break;
        }
    }
}

/// <summary>Endpoint metadata naming the function an endpoint serves (tests use it to prove every function is served).</summary>
public sealed record LocalFunctionMetadata(FunctionEntry Function);
