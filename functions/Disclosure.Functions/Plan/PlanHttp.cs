using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Disclosure.Catalogue;
using Disclosure.Functions.Http;
using Disclosure.Identity;
using Disclosure.Plan;
using Disclosure.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Disclosure.Functions.Plan;

/// <summary>What the plan's HTTP functions share: JSON answers, who may record what.</summary>
internal static class PlanHttp
{
    /// <summary>Plans are a few dozen KiB; anything far larger is not a plan.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Web defaults, enums by name, Chinese left readable (markup characters are still escaped).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static IActionResult Ok(object value, int status = StatusCodes.Status200OK)
        => RawJson(JsonSerializer.Serialize(value, value.GetType(), Json), status);

    public static IActionResult RawJson(string json, int status = StatusCodes.Status200OK)
        => new ContentResult { Content = json, ContentType = "application/json; charset=utf-8", StatusCode = status };

    public static async Task<string?> ReadBodyAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength > MaxBodyBytes) return null;
        using var reader = new StreamReader(req.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return read > MaxBodyBytes ? null : new string(buffer, 0, read);
    }

    public static IActionResult BodyTooLarge()
        => Responses.Problem(StatusCodes.Status413PayloadTooLarge, "请求内容过大", $"请求内容不能超过 {MaxBodyBytes / 1024} KiB。");

    public static IActionResult InvalidJson(string detail)
        => Responses.Problem(StatusCodes.Status400BadRequest, "请求内容有误", detail);

    /// <summary>400 with every problem in Chinese, as a list and in the <c>errors</c> shape of the other forms.</summary>
    public static IActionResult Problems(string title, IReadOnlyList<string> problems)
        => Responses.Problem(StatusCodes.Status400BadRequest, title, string.Join("；", problems), new Dictionary<string, object?>
        {
            ["problems"] = problems.ToArray(),
            ["errors"] = new Dictionary<string, string[]> { ["plan"] = problems.ToArray() },
        });

    public static IActionResult Result(PlanRecordResult result, object recorded) => result switch
    {
        PlanRecordResult.Recorded => Ok(recorded, StatusCodes.Status201Created),
        PlanRecordResult.AlreadyRecorded => Ok(recorded),
        PlanRecordResult.NotFound n => Responses.NotFound(n.Message),
        PlanRecordResult.Invalid i => Problems("登记内容有误", i.Problems),
        _ => throw new InvalidOperationException(result.GetType().Name),
    };

    /// <summary>Reviewers (公开办) and administrators record for every department; a department for the columns and tasks it is responsible for.</summary>
    public static bool MayRecordFor(Principal principal, string? department)
        => principal.IsReviewer || (department is not null && principal.DepartmentCode == department);
}
