namespace Disclosure.Items;

/// <summary>Where an item is in its life. The Chinese names are what departments and reviewers see.</summary>
public enum ItemState
{
    Submitted,        // 已提交
    Checking,         // 检查中
    AwaitingReview,   // 待审核
    Returned,         // 已退回
    ReadyToPublish,   // 待发布
    Published,        // 已发布
    Withdrawn,        // 已撤回
    CheckFailed,      // 检查失败
    PublishFailed,    // 发布失败
}

public static class ItemStateNames
{
    public static string ToChinese(this ItemState state) => state switch
    {
        ItemState.Submitted => "已提交",
        ItemState.Checking => "检查中",
        ItemState.AwaitingReview => "待审核",
        ItemState.Returned => "已退回",
        ItemState.ReadyToPublish => "待发布",
        ItemState.Published => "已发布",
        ItemState.Withdrawn => "已撤回",
        ItemState.CheckFailed => "检查失败",
        ItemState.PublishFailed => "发布失败",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
