using Disclosure.Catalogue;
using Disclosure.Lists;
using Disclosure.Workbench;

namespace Disclosure.Applications;

/// <summary>
/// The query string of the register (<c>GET /api/applications</c>), read and checked: <c>state</c> (a state's code
/// or Chinese name), <c>department</c>, <c>dueBefore</c> (YYYY-MM-DD), <c>size</c> and <c>after</c>.
/// </summary>
public sealed record ApplicationListRequest(ApplicationFilter Filter, int PageSize, string? After)
{
    public const string Path = "/api/applications";

    /// <param name="catalogue">Where a department code must exist (an unknown one is named, not an empty register).</param>
    public static (ApplicationListRequest? Request, IReadOnlyList<string> Problems) Read(Func<string, string?> query, CatalogueSettings catalogue)
    {
        var read = new ListQueryReader(query);
        ApplicationState? state = null;
        if (read.Text("state") is { } s && (state = ApplicationNames.ParseState(s)) is null)
            read.Add("状态（state）应为：" + string.Join("、", Enum.GetValues<ApplicationState>().Select(x => x.Code())) + "。");
        var department = read.Code("department", "承办处室");
        if (department is not null && catalogue.FindDepartment(department) is null) read.Add("承办处室（department）不存在。");
        var dueBefore = read.Date("dueBefore", "答复期限早于");
        var size = read.PageSize();
        var after = read.After(IsApplicationId);
        if (read.Problems.Count > 0) return (null, read.Problems);
        return (new ApplicationListRequest(new ApplicationFilter(state, department, dueBefore), size, after), read.Problems);
    }

    /// <summary>Application ids are 32 lower-case hex digits; a continuation is one of them.</summary>
    public static bool IsApplicationId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    public bool IsFiltered => Filter.State is not null || Filter.Department is not null || Filter.DueBefore is not null;

    public string QueryString(string? after)
        => new ListQueryString()
            .Add("state", Filter.State?.Code())
            .Add("department", Filter.Department)
            .Add("dueBefore", Filter.DueBefore)
            .PageSize(PageSize)
            .Add("after", after)
            .ToString();

    /// <summary>The register's filter form and paging links.</summary>
    public ApplicationListFilters Form(CatalogueSettings catalogue, string? next) => new(
        FilterOption.Choices(Enum.GetValues<ApplicationState>().Select(s => (s.Code(), s.ToChinese())), Filter.State?.Code()),
        FilterOption.Choices(catalogue.Departments.Select(d => (d.Code, d.Name)), Filter.Department),
        FilterOption.Date(Filter.DueBefore),
        IsFiltered,
        ListPaging.For(Path, After, next, QueryString));
}

/// <summary>The values in force (so the form shows what was asked), the choices, and the paging links.</summary>
[PageModel]
public sealed record ApplicationListFilters(
    IReadOnlyList<FilterOption> States,
    IReadOnlyList<FilterOption> Departments,
    string DueBefore,
    bool IsFiltered,
    ListPaging Paging);
