using System.Text.Json;

namespace Disclosure.Functions.Http;

/// <summary>What the HTTP edge says to people when it refuses a request, in one place.</summary>
public static class HttpTexts
{
    public const string OnlySubmitters = "只有具有报送权限（报送人员角色）的账号可以报送、更正或申请撤回信息。请联系管理员在统一身份认证中为您分配报送人员角色。";
    public const string CrossSiteWrite = "拒绝来自其他网站的提交：请从本平台的页面操作。";
    public const string FormTokenInvalid = "表单已过期或不是由您本人打开的，请重新打开表单后再提交（已填写的内容未保存）。";

    /// <summary>
    /// Why a request body could not be read, for a person: where the JSON went wrong, never the parser's English text
    /// (which also echoes parts of the input back). Messages the edge itself wrote (<see cref="RequestShapeException"/>) stand.
    /// </summary>
    public static string Unreadable(Exception e) => e switch
    {
        RequestShapeException shape => "请求体格式有误：" + shape.Message,
        JsonException { LineNumber: long line, BytePositionInLine: long position } =>
            $"请求体不是有效的 JSON：第 {line + 1} 行第 {position + 1} 个字节附近有误{(e is JsonException { Path: { Length: > 1 } path } ? $"（位置 {path}）" : "")}。",
        JsonException => "请求体不是有效的 JSON。",
        _ => "请求体格式有误，无法解析。",
    };
}

/// <summary>A body that is valid JSON but not of the shape a field needs; its message is already written for people.</summary>
public sealed class RequestShapeException(string message, Exception? inner = null) : JsonException(message, inner);
