using System.Globalization;
using System.Text;
using Disclosure.Catalogue;
using Disclosure.Items;

namespace Disclosure.Portal.Tests.Search;

/// <summary>
/// Deterministic items of a municipal 科学技术局: titles, 文号 and bodies assembled from the phrases such a bureau
/// publishes, so bigram statistics resemble the real catalogue. The same seed always yields the same items; the
/// benchmarks link this file too.
/// </summary>
public sealed class BureauItemGenerator(int seed = 20250101)
{
    public const string IssuerCode = "113301000024820810";

    private static readonly string[] Fields =
    [
        "人工智能", "集成电路", "生物医药", "新材料", "高端装备", "新能源汽车", "数字经济", "智能制造", "量子信息", "绿色低碳",
        "现代农业", "海洋科技", "节能环保", "航空航天", "区块链", "工业互联网", "医疗器械", "精准医学", "氢能储能", "网络安全",
    ];
    private static readonly string[] Programmes =
    [
        "重点研发计划", "自然科学基金", "科技型中小企业创新基金", "科技成果转化专项", "产学研合作项目", "科技特派员项目",
        "软科学研究计划", "国际科技合作项目", "科技创新券", "重大科技专项", "农业科技攻关项目", "社会发展科技项目",
    ];
    private static readonly string[] Units =
    [
        "浙江大学", "市第一人民医院", "市农业科学研究院", "华芯微电子有限公司", "东海生物科技股份有限公司", "市计量检测研究院",
        "西湖新材料研究所", "城北智能装备有限公司", "江南数据科技有限公司", "市中医院", "理工学院", "海湾新能源有限公司",
    ];
    private static readonly string[] Districts = ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区", "桐庐县", "淳安县"];
    private static readonly string[] Names = ["王建国", "李晓梅", "张伟", "陈静", "刘洋", "赵丽华", "孙志强", "周敏", "吴海涛", "郑雪"];
    private static readonly string[] Sentences =
    [
        "为深入实施创新驱动发展战略，加快建设具有全球影响力的科技创新中心，现将有关事项通知如下。",
        "申报单位应当在本市注册登记，具有独立法人资格，财务管理制度健全，近三年内无严重失信行为。",
        "项目实施期限一般为两年，市财政资助资金按照项目总投入的一定比例给予补助，最高不超过{money}万元。",
        "请各区科技主管部门认真做好组织推荐工作，于{date}前将推荐汇总表报送市科学技术局{dept}。",
        "经单位申报、区县推荐、形式审查、专家评审和局长办公会议研究，拟立项项目{n}项，现予以公示。",
        "公示期为{days}个工作日，公示期间如有异议，请以书面形式向市科学技术局反映，并提供必要的证明材料。",
        "匿名信件及超出公示期的异议不予受理，联系电话：0571-85000{tel}。",
        "本办法自印发之日起施行，有效期五年，原《{field}专项资金管理办法》同时废止。",
        "各有关单位要加强项目过程管理，严格执行科研经费管理规定，确保专款专用，提高资金使用效益。",
        "会议强调，要聚焦{field}等重点领域，强化企业科技创新主体地位，推动创新链产业链资金链人才链深度融合。",
        "{name}同志带队赴{district}调研{field}产业发展情况，实地考察了{unit}的研发中心和生产车间。",
        "调研组指出，要进一步优化科技服务，帮助企业解决关键核心技术攻关中的实际困难。",
        "根据《中华人民共和国政府信息公开条例》规定，现将本部门{year}年度部门预算公开如下。",
        "{year}年收入预算{money}万元，其中一般公共预算拨款{money2}万元，比上年增长{pct}%。",
        "支出主要用于科技计划项目、科技人才培养、科普宣传和机关正常运转等方面。",
        "经研究决定，{name}同志任市科学技术局{dept}处长，试用期一年。",
        "本次公开招聘工作人员{n}名，报名时间为{date}，具体岗位及条件详见附件。",
        "经专家验收，{unit}承担的“{field}关键技术研究与示范”项目完成了合同规定的各项任务，同意通过验收。",
        "{year}年全市共登记科技成果{n}项，其中达到国际领先水平{n2}项，国内领先水平{n3}项。",
        "依据《中华人民共和国行政许可法》，对{unit}的申请作出准予行政许可的决定。",
        "当事人违反《科学技术进步法》有关规定，依法给予警告并处罚款人民币{money}元的行政处罚。",
        "下一步，市科学技术局将持续深化科技体制改革，营造良好创新生态，为高质量发展提供有力支撑。",
        "本报告由概述、主动公开政府信息情况、收到和处理政府信息公开申请情况等部分组成。",
        "如对本报告有疑问，请与市科学技术局政府信息公开工作办公室联系，地址为市行政中心科技大楼。",
    ];
    private static readonly string[] Depts = ["办公室", "政策法规处", "财务处", "科技项目管理处", "成果转化处", "人事处"];

    private static readonly (string Column, string Genre, string Prefix, string[] Titles)[] Kinds =
    [
        ("kjxm", "通知", "市科发", ["关于组织申报{year}年度{programme}的通知", "关于开展{year}年{field}领域{programme}申报工作的通知"]),
        ("kjxm", "公示", "", ["{year}年度{programme}拟立项项目公示", "{year}年{field}{programme}验收结果公示"]),
        ("zcfg", "行政规范性文件", "市科规", ["关于印发《{city}{field}专项资金管理办法》的通知", "{city}{programme}管理实施细则"]),
        ("zcjd", "解读", "", ["《{city}{field}专项资金管理办法》政策解读", "一图读懂{programme}管理实施细则"]),
        ("czzj", "预算", "", ["市科学技术局{year}年部门预算", "{year}年度{programme}资金分配结果公示"]),
        ("gzdt", "动态", "", ["{name}带队赴{district}调研{field}产业发展", "市科学技术局召开{year}年{field}工作推进会", "{district}科技创新工作座谈会召开"]),
        ("rsxx", "人事", "市科人", ["关于{name}同志职务任免的通知", "市科学技术局{year}年公开招聘工作人员公告"]),
        ("kjcg", "公告", "", ["{year}年度全市科技成果登记情况公告", "关于推广{field}优秀科技成果的公告"]),
        ("xzzf", "行政处罚", "市科罚", ["{unit}行政处罚决定书", "关于{unit}技术合同登记的行政许可决定"]),
        ("tzgg", "通知", "市科办", ["关于举办{year}年{field}创新创业大赛的通知", "关于{year}年{month}月科技政策宣讲活动安排的通知"]),
        ("ndbg", "报告", "", ["市科学技术局{year}年政府信息公开工作年度报告"]),
    ];

    public IReadOnlyList<(DisclosureItem Item, string Body)> Generate(int count)
    {
        var random = new Random(seed);
        var serials = new Dictionary<int, int>();
        var numbers = new Dictionary<(string, int), int>();
        var result = new List<(DisclosureItem, string)>(count);
        var start = new DateOnly(2023, 1, 3);
        for (var i = 0; i < count; i++)
        {
            var published = start.AddDays(i * 1100 / Math.Max(count, 1));
            var year = published.Year;
            var kind = Kinds[random.Next(Kinds.Length)];
            var title = Fill(kind.Titles[random.Next(kind.Titles.Length)], random, year);
            var serial = serials[year] = serials.GetValueOrDefault(year) + 1;
            string? documentNumber = null;
            if (kind.Prefix.Length > 0)
            {
                var n = numbers[(kind.Prefix, year)] = numbers.GetValueOrDefault((kind.Prefix, year)) + 1;
                documentNumber = string.Create(CultureInfo.InvariantCulture, $"{kind.Prefix}〔{year}〕{n}号");
            }
            var body = new StringBuilder();
            var paragraphs = random.Next(3, 9);
            for (var p = 0; p < paragraphs; p++)
            {
                var sentences = random.Next(2, 5);
                for (var s = 0; s < sentences; s++) body.Append(Fill(Sentences[random.Next(Sentences.Length)], random, year));
                body.Append('\n');
            }
            var item = new DisclosureItem
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"kjj-{year}-{serial:D5}"),
                IndexNumber = new IndexNumber(IssuerCode, year, serial),
                Title = title,
                ColumnCode = kind.Column,
                Genre = kind.Genre,
                Publisher = "市科学技术局",
                DepartmentCode = "bgs",
                DocumentNumber = documentNumber,
                FormedOn = published.AddDays(-2),
                PublishedOn = published,
                Summary = "",
                State = ItemState.Published,
                SubmittedBy = "generator",
                SubmittedAt = new DateTimeOffset(published.ToDateTime(new TimeOnly(1, 30)), TimeSpan.Zero),
                UpdatedAt = new DateTimeOffset(published.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero),
            };
            result.Add((item, body.ToString()));
        }
        return result;
    }

    private static string Fill(string template, Random random, int year)
    {
        var date = new DateOnly(year, random.Next(1, 13), random.Next(1, 29));
        return template
            .Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{month}", random.Next(1, 13).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{date}", $"{date.Year}年{date.Month}月{date.Day}日", StringComparison.Ordinal)
            .Replace("{field}", Fields[random.Next(Fields.Length)], StringComparison.Ordinal)
            .Replace("{programme}", Programmes[random.Next(Programmes.Length)], StringComparison.Ordinal)
            .Replace("{unit}", Units[random.Next(Units.Length)], StringComparison.Ordinal)
            .Replace("{district}", Districts[random.Next(Districts.Length)], StringComparison.Ordinal)
            .Replace("{city}", "市", StringComparison.Ordinal)
            .Replace("{name}", Names[random.Next(Names.Length)], StringComparison.Ordinal)
            .Replace("{dept}", Depts[random.Next(Depts.Length)], StringComparison.Ordinal)
            .Replace("{money2}", random.Next(100, 5000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{money}", random.Next(10, 9000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{pct}", random.Next(1, 30).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{days}", random.Next(5, 11).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{tel}", random.Next(100, 999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n2}", random.Next(1, 40).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n3}", random.Next(1, 90).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", random.Next(2, 300).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The catalogue the app ships, so column names and the site address are the real ones.</summary>
    public static CatalogueSettings Catalogue() => CatalogueLoader.Load(DataFiles.Combine("catalogue.json"));
}
