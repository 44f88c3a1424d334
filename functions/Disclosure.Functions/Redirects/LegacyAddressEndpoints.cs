using System.Text.Json;
using Disclosure.Functions.Http;
using Disclosure.Redirects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Disclosure.Functions.Redirects;

/// <summary>
/// <c>POST /api/redirects</c>: an administrator loads old addresses (旧网址 → 索引号) from a CSV (UTF-8 or GB18030) or a
/// JSON array; <c>?dryRun=true</c> stores nothing and reports the same. 200 with the report: refused rows and rows whose
/// item is not (yet) on the portal, each with its line and reason.
/// </summary>
public class LoadLegacyAddresses(HttpWorkbench workbench, LegacyAddressLoad load)
{
    [Function(nameof(LoadLegacyAddresses))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "redirects")] HttpRequest req, CancellationToken ct)
        => workbench.RunForAdministrators(req, RedirectTexts.OnlyAdministrators, async who =>
        {
            var bytes = await ReadAtMostAsync(req, LegacyAddressLimits.MaxFileBytes, ct);
            if (bytes is null)
                return Responses.Problem(StatusCodes.Status413PayloadTooLarge, "文件过大", $"旧网址文件不能超过 {LegacyAddressLimits.MaxFileBytes / 1024 / 1024} MiB，请分成几个文件载入。");
            var dryRun = req.Query.TryGetValue("dryRun", out var flag) && !string.Equals(flag.ToString(), "false", StringComparison.OrdinalIgnoreCase);
            try
            {
                var rows = IsJson(req) ? ReadJson(bytes) : LegacyAddressCsv.Read(bytes);
                var source = req.Headers["X-File-Name"].ToString() is { Length: > 0 and <= 200 } name ? name : (IsJson(req) ? "JSON" : "CSV");
                return new OkObjectResult(await load.LoadAsync(rows, dryRun, who.Name, source, ct));
            }
            catch (LegacyAddressLoadRefusedException e)
            {
                return Responses.Problem(StatusCodes.Status422UnprocessableEntity, "旧网址文件未载入", e.Message);
            }
            catch (JsonException e)
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "旧网址数据格式有误",
                    "请求正文应为 [{\"oldUrl\":\"…\",\"indexNumber\":\"…\"}] 形式的 JSON 数组。" + HttpTexts.Unreadable(e));
            }
        });

    private static bool IsJson(HttpRequest req) => req.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private sealed record JsonRow(string? OldUrl, string? IndexNumber);

    /// <summary>Rows of a JSON array; the line of row n is n + 1, as if the array were a CSV with its header.</summary>
    private static IReadOnlyList<LegacyAddressRow> ReadJson(byte[] bytes)
    {
        var rows = JsonSerializer.Deserialize<List<JsonRow>>(bytes, JsonSerializerOptions.Web)
            ?? throw new LegacyAddressLoadRefusedException("请求正文为空。");
        return rows.Select((r, i) => new LegacyAddressRow(i + 2, r?.OldUrl ?? "", r?.IndexNumber ?? "")).ToList();
    }

    private static async Task<byte[]?> ReadAtMostAsync(HttpRequest req, int limit, CancellationToken ct)
    {
        if (req.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// <c>GET /api/redirects/rules/{file}</c>: an administrator downloads a rules file the last publication generated, to put
/// in front of the site: <c>nginx-legacy-redirects.conf</c> or <c>front-door-legacy-redirects.json</c> (README).
/// </summary>
public class GetRedirectRules(HttpWorkbench workbench, IRedirectRecords records)
{
    [Function(nameof(GetRedirectRules))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "redirects/rules/{file}")] HttpRequest req, string file, CancellationToken ct)
        => workbench.RunForAdministrators(req, RedirectTexts.OnlyAdministrators, async _ =>
        {
            var contentType = file switch
            {
                RedirectFiles.NginxMapName => "text/plain; charset=utf-8",
                RedirectFiles.FrontDoorRulesName => "application/json",
                _ => null,
            };
            if (contentType is null) return Responses.NotFound($"没有这个规则文件；可下载 {RedirectFiles.NginxMapName} 或 {RedirectFiles.FrontDoorRulesName}。");
            var bytes = await records.ReadRulesAsync(file, ct);
            if (bytes is null) return Responses.NotFound("规则文件尚未生成：载入旧网址后运行一次发布即生成。");
            return new FileContentResult(bytes, contentType) { FileDownloadName = file };
        });
}

internal static class RedirectTexts
{
    public const string OnlyAdministrators = "只有管理员可以载入旧网址和下载转发规则。";
}
