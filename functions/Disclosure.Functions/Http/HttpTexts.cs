namespace Disclosure.Functions.Http;

/// <summary>What the HTTP edge says to people when it refuses a request, in one place.</summary>
public static class HttpTexts
{
    public const string OnlySubmitters = "只有具有报送权限（报送人员角色）的账号可以报送、更正或申请撤回信息。请联系管理员在统一身份认证中为您分配报送人员角色。";
    public const string CrossSiteWrite = "拒绝来自其他网站的提交：请从本平台的页面操作。";
    public const string FormTokenInvalid = "表单已过期或不是由您本人打开的，请重新打开表单后再提交（已填写的内容未保存）。";
}
