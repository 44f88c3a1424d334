using System.Text.Json.Nodes;
using Disclosure.Applications;
using Disclosure.Functions.Http;
using Disclosure.Functions.Intake;
using Disclosure.Intake;
using Microsoft.OpenApi;

namespace Disclosure.Functions.Api;

/// <summary>
/// The OpenAPI 3 description of the HTTP routes, built in code so it compiles against the field names the functions
/// read. Every route of the app is here, the workbench's HTML pages included (a test compares them with the
/// <c>[HttpTrigger]</c> attributes); each operation's id is its function's name. Errors are RFC 9457 problem details.
/// </summary>
public static class ApiDescription
{
    public const string ServerPath = "/api";

    private const string Json = "application/json";
    private const string Html = "text/html";
    private const string Form = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";

    public static OpenApiDocument Build()
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "政府信息公开工作平台 API (Disclosure.Functions)",
                Version = "1",
                Description = "报送、检查、审核、发布、依申请公开、年度报告和自查的 HTTP 接口。除标注为匿名的接口外，均须经 App Service 身份验证（Entra ID）登录；"
                    + "浏览器请求（Accept: text/html）得到工作台页面，其他请求得到 JSON。错误为 RFC 9457 problem+json，标题和说明为中文。",
            },
            Servers = [new OpenApiServer { Url = ServerPath }],
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["entraId"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "Entra ID access token for the app registration; App Service Authentication validates it and passes the identity to the app (X-MS-CLIENT-PRINCIPAL).",
                    },
                },
            },
        };
        AddSchemas(document);
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("entraId", document)] = [] }];
        var api = new Operations(document);

        api.Get("health", nameof(Health.Health), "系统状态", "存储（blob、队列、表）是否可用：200 正常，503 不可用。管理员另见各项的错误和版本。", anonymous: true)
            .Returns(200, "正常", api.Ref("Health")).Returns(503, "存储不可用", api.Ref("Health"));
        api.Get("openapi.json", nameof(GetApiDescription), "本接口说明", "本文档（OpenAPI 3）。", anonymous: true)
            .Returns(200, "OpenAPI 3 文档", new OpenApiSchema { Type = JsonSchemaType.Object });

        // The staff home page (工作台首页)
        api.Get("workbench", nameof(Home.WorkbenchHome), "工作台首页",
                "按登录人员的角色列出可办理的事项及其数量：本处室已退回和检查失败的信息、待本人签署的审核步骤、办理中和即将到期的依申请公开（角色不含的事项为 null）。")
            .Returns(200, "各事项的数量", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(401);

        // Submissions (报送)
        api.Get("submissions/new", nameof(Intake.SubmissionForm), "报送表单", "报送政府信息的表单页面（含防重复提交的一次性令牌）。").Page();
        api.Post("submissions", nameof(Intake.SubmitItem), "报送政府信息",
                "表单、urlencoded 或 JSON（附件为 base64）。可带 Idempotency-Key 标头：重试得到同一条信息。202 返回信息的 id、索引号和状态地址（Location）。")
            .Header(SubmissionRequest.IdempotencyHeader, "客户端生成的重试令牌（至多 200 个字符）")
            .Body(api.Ref("SubmissionDraft"), Json, Form, Multipart)
            .Returns(202, "已受理，正在检查", api.Ref("ItemSummary")).Returns(200, "此前已受理的同一提交", api.Ref("ItemSummary")).SeeOther()
            .Problems(400, 401, 403, 413, 415);
        api.Get("submissions", nameof(Intake.ListSubmissions), "信息列表",
                "本处室报送的信息；审核人员可见全部处室（带 mine 只看本处室）。按条件筛选，分页（按信息标识排序，下一页见 Link 头）；条件有误为 400。")
            .Query("mine", "只列本处室的信息", new OpenApiSchema { Type = JsonSchemaType.Boolean })
            .Query("state", "状态（ItemState 名称，如 AwaitingReview）").Query("department", "责任处室代码").Query("column", "栏目代码")
            .Query("from", "更新日期起（YYYY-MM-DD，含）", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" })
            .Query("to", "更新日期止（YYYY-MM-DD，含）", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" })
            .Query("title", "标题包含的文字")
            .Returns(200, "信息列表（一页）", api.ArrayOf("ItemSummary")).Paged().Page().Problems(400, 401, 403);
        api.Get("submissions/{id}", nameof(Intake.GetSubmission), "信息状态", "状态、检查结果、审核和版本历史；ETag 为当前版本，更正时以 If-Match 带回。")
            .Path("id").Returns(200, "信息状态", api.Ref("ItemStatus")).Page().Problems(401, 403, 404);
        api.Get("submissions/{id}/correction", nameof(Intake.CorrectionForm), "更正表单", "以当前版本填好的更正表单。").Path("id").Page().Problems(401, 403, 404);
        api.Post("submissions/{id}/corrections", nameof(Intake.CorrectItem), "提交更正版本",
                "同一索引号下的新版本，重新检查。须说明所依据的版本（If-Match 或 version）：缺少为 428，已过时为 409。")
            .Path("id").Header("If-Match", "信息状态的 ETag")
            .Body(api.Ref("SubmissionDraft"), Json, Form, Multipart)
            .Returns(202, "已受理，正在检查", api.Ref("ItemSummary")).SeeOther().Problems(400, 401, 403, 404, 409, 413, 415, 428);
        api.Post("submissions/{id}/withdrawal", nameof(Intake.RequestWithdrawal), "申请撤回", "申请撤下已公开的信息，须说明理由；经审核后撤回。")
            .Path("id").Body(api.Ref("Reason"), Json, Form)
            .Returns(202, "已受理，待审核", api.Ref("ItemSummary")).SeeOther().Problems(400, 401, 403, 404, 409);
        api.Get("submissions/{id}/attachments/{attachmentId}", nameof(Intake.GetSubmissionAttachment), "下载附件", "报送处室和审核人员下载信息的附件。")
            .Path("id").Path("attachmentId").File().Problems(401, 404);
        api.Post("submissions/{id}/retry-publication", nameof(Publishing.RetryPublication), "重新发布", "故障排除后，审核人员或管理员重新发布“发布失败”的信息。")
            .Path("id").Body(api.Ref("VersionReference"), Json, Form)
            .Returns(202, "已重新排队发布", api.Ref("ItemSummary")).SeeOther().Problems(401, 403, 404, 409);

        // Compliance and review (检查、审核)
        api.Post("checks", nameof(Compliance.Preflight), "发布前自查", "报送前检查草稿：JSON {text, column}、表单 text，或上传一个文件。返回（已遮盖的）检查结果，不保存任何内容。")
            .Body(api.Ref("PreflightRequest"), Json, Form, Multipart)
            .Returns(200, "检查结果（浏览器：检查结果页面）", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(400, 401, 403, 413, 415);
        api.Get("checks/new", nameof(Compliance.PreflightForm), "发布前自查页面", "粘贴文字或上传一个文件进行检查的页面；提交到 POST /api/checks，结果与审核队列一样在上下文中显示。").Page().Problems(401);
        api.Get("reviews", nameof(Compliance.ReviewQueue), "待审核队列",
                "待保密审查的信息及其检查结果。按条件筛选，整个队列按检查结果排序（须拦截的、须审核的、发现多的在前，同等的先检查的在前），分页（下一页见 Link 头）；“发布失败”的信息列在第一页；条件有误为 400。")
            .Query("department", "责任处室代码").Query("column", "栏目代码").Query("title", "标题包含的文字")
            .Query("at", "从该信息开始的一页（信息标识）")
            .Returns(200, "待审核的信息（一页）", new OpenApiSchema { Type = JsonSchemaType.Object }).Paged().Page().Problems(400, 401, 403);
        api.Get("reviews/{id}", nameof(Compliance.ReviewLink), "转到审核队列中的信息", "浏览器打开审核表单的地址时，转到队列中的该信息。")
            .Path("id").SeeOther().Problems(401, 403);
        api.Post("reviews/{id}", nameof(Compliance.ReviewDecision), "审核决定",
                "同意或不予公开（须说明理由）。须说明所审核的版本：缺少为 428；已有新版本为 409，并返回当前信息。")
            .Path("id").Body(api.Ref("ReviewDecision"), Json, Form)
            .Returns(200, "已记录的决定", api.Ref("ItemSummary")).SeeOther().Problems(400, 401, 403, 404, 409, 428);
        api.Get("reviews/{id}/attachments/{attachmentId}", "ReviewAttachment", "审核时打开附件", "审核人员从队列打开信息的附件。")
            .Path("id").Path("attachmentId").File().Problems(401, 403, 404);
        api.Get("reviews/{id}/attachments/{attachmentId}/pictures/{number}", "ReviewPicture", "审核时查看附件中的图片", "附件中第 number 张图片（检查结果所指的图片）。")
            .Path("id").Path("attachmentId").Path("number", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }).File().Problems(401, 403, 404, 413);

        // Publishing (发布)
        api.Post("publications", nameof(Publishing.PublishNow), "立即发布",
                "审核人员和管理员立即发布门户（如紧急通知）；已有发布在进行时为 409。工作台首页的按钮以表单（带 formToken）提交，得到本次发布结果的页面。")
            .Returns(200, "本次发布的结果", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().SeeOther().Problems(401, 403, 409);
        api.Get("search", nameof(Publishing.SearchPortal), "站内检索",
                "门户检索页先调用本接口：与门户静态检索索引相同的检索、相同的结果和顺序，一次返回一页（20 条）。标题、文号、索引号、正文和已公开附件的文字均可检索；"
                + "检索词至多 100 个字符、8 个词，页码至多 50。结果可缓存一分钟。繁忙时为 503（带 Retry-After），检索页改读静态索引。", anonymous: true)
            .Query("q", "检索词（必填；以空格或标点分隔的各词须同时出现）").Query("p", "页码，从 1 起", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "50" })
            .Returns(200, "一页结果：total 为总数（totalIsExact 为 false 时是上限，即“约”）", new OpenApiSchema { Type = JsonSchemaType.Object })
            .Problems(400, 503);
        api.Post("redirects", nameof(Redirects.LoadLegacyAddresses), "载入旧网址", "管理员从 CSV（表头“旧网址,索引号”，UTF-8 或 GB18030）或 JSON 数组载入旧网站地址与索引号的对应关系；dryRun=true 时只检查不保存。返回被拒绝的行和尚未对应到已发布信息的行，各附行号和原因。")
            .Query("dryRun", "只检查，不保存", new OpenApiSchema { Type = JsonSchemaType.Boolean })
            .Header("X-File-Name", "文件名，记入每条对应关系的来源")
            .Body(new OpenApiSchema { Description = "text/csv：旧网址,索引号；application/json：[{\"oldUrl\":\"…\",\"indexNumber\":\"…\"}]" }, "text/csv", Json)
            .Returns(200, "载入（或试运行）报告", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(400, 401, 403, 413, 422);
        api.Get("redirects/rules/{file}", nameof(Redirects.GetRedirectRules), "下载转发规则", "最近一次发布生成的旧网址转发规则：nginx map 文件或 Azure Front Door 规则集文档。")
            .Path("file", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(Disclosure.Redirects.RedirectFiles.NginxMapName)!, JsonValue.Create(Disclosure.Redirects.RedirectFiles.FrontDoorRulesName)!] })
            .File("text/plain", Json).Problems(401, 403, 404);

        // Plan, obligations and messages (年度计划、待办、消息)
        api.Get("obligations", nameof(Plan.GetObligations), "待办事项",
                "按年度计划，处室今天应公开的事项及期限（与提醒的计算相同）。分页：已逾期、今日到期、未到期依次，各按期限和标识排序，下一页见 Link 头；条件有误为 400。")
            .Query("department", "处室代码；审核人员和管理员可查任一处室，不带则为全部")
            .Query("state", "状态：Overdue（已逾期）、DueToday（今日到期）、Upcoming（未到期）")
            .Returns(200, "待办事项（obligations 为一页）", new OpenApiSchema { Type = JsonSchemaType.Object }).Paged().Page().Problems(400, 401, 403);
        api.Get("calendar/{year}", nameof(Calendar.CalendarYearPage), "节假日安排",
                "管理员查看该年的节假日安排（随程序提供的或管理员录入的）并以表单录入；要求 JSON 时返回 year、source、holidays、workdays、packaged，录入的带 ETag；尚无安排为 404（该年的工作日按周一至周五估算）。")
            .Year().Returns(200, "该年的安排", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(401, 403, 404);
        api.Post("calendar/{year}", nameof(Calendar.SaveCalendarYearForm), "录入节假日安排（页面表单）",
                "页面表单（formToken、version、source、holidays、workdays，日期每行一个或“至”连接的范围）：逐行检查，错误显示在相应字段旁；他人已保存或该年随程序提供为 409，均不保存；保存后立即用于计算工作日，其他实例一分钟内使用，303 回到本页。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(400, 401, 403, 409, 413);
        api.Put("calendar/{year}", nameof(Calendar.SaveCalendarYear), "录入节假日安排",
                "管理员以 JSON 录入该年的安排：source（通知文号）、holidays、workdays（字符串数组，每项一个日期或“至”连接的范围），检查同表单（400 以字段为键）；已录入时须带 If-Match（缺少为 428，他人已保存为 412）；随程序提供的年份为 409。")
            .Year().Header("If-Match", "GET 所得的 ETag；该年首次录入时省略").Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Json)
            .Returns(200, "已保存的安排", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(400, 401, 403, 409, 412, 413, 428);
        api.Get("plan/{year}", nameof(Plan.GetPlan), "年度计划", "该年的计划（首次使用时由数据文件生成），带 ETag。")
            .Year().Returns(200, "年度计划", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(401, 403, 404);
        api.Put("plan/{year}", nameof(Plan.SavePlan), "保存年度计划", "管理员保存整个计划，按目录校验；已有计划时须带 If-Match（缺少为 428，他人已保存为 412）。")
            .Year().Header("If-Match", "GET 所得的 ETag").Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Json)
            .Returns(200, "已保存的计划", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(400, 401, 403, 412, 428);
        api.Get("plan/{year}/edit", nameof(Plan.PlanEditForm), "年度计划编辑页面", "管理员查看各阶段任务，并以表单修改或新增一项任务（带 task 时预填该任务）。")
            .Year().Query("task", "要修改的任务编号").Page().Problems(401, 403, 404);
        api.Post("plan/{year}/edit", nameof(Plan.SavePlanTask), "保存计划任务",
                "编辑页面的表单（带 formToken 和所依据计划的 planETag、planVersion）：逐项校验，错误显示在相应字段旁；计划已被他人修改时为 409（列出对方的修改），缺少版本为 428，均不保存；保存后 303 回到编辑页面。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(400, 401, 403, 404, 409, 413, 428);
        api.Get("plan/{year}/edit/{part}", nameof(Plan.PlanPartForm), "计划各部分的编辑表单",
                "管理员新增或修改处室（department）、联系人（contact，key 为“处室代码:序号”）、阶段（phase）或栏目规则（rule）；带 key 时预填该项，新增联系人可带 department、新增规则可带 column。")
            .Year().Path("part", PlanParts()).Query("key", "要修改的一项").Query("department", "新增联系人所在处室").Query("column", "新增规则所属栏目")
            .Page().Problems(401, 403, 404);
        api.Post("plan/{year}/edit/{part}", nameof(Plan.SavePlanPart), "保存计划的一部分",
                "表单（formToken、planETag、planVersion、key 及该部分的字段）：与 PUT 同一校验和审计，错误显示在相应字段旁；计划已被他人修改时为 409（列出对方的修改），缺少版本为 428，均不保存；保存后 303 回到计划页面。")
            .Year().Path("part", PlanParts()).Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(400, 401, 403, 404, 409, 413, 428);
        api.Get("plan/{year}/delete/{part}", nameof(Plan.PlanDeletePage), "删除计划中的一项（确认页面）",
                "管理员确认删除 key 所指的一项；仍有任务、栏目或规则引用它时为 409，说明原因，不提供删除按钮。")
            .Year().Path("part", PlanParts()).Query("key", "要删除的一项").Page().Problems(401, 403, 404, 409);
        api.Post("plan/{year}/delete/{part}", nameof(Plan.DeletePlanPart), "删除计划中的一项",
                "确认页面的表单（formToken、planETag、planVersion、key）：仍被引用时为 409 并说明原因；计划已被他人修改时为 409，缺少版本为 428，均不删除；删除后 303 回到计划页面。")
            .Year().Path("part", PlanParts()).Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(401, 403, 404, 409, 413, 428);
        api.Post("plan/{year}/events", nameof(Plan.RecordPlanEvent), "登记触发期限的事件", "如部门预算批复、行政许可决定：{id, kind, occurredOn, title}。同一 id 再次提交返回 200，不作改动。")
            .Year().Body(api.Ref("PlanEvent"), Json)
            .Returns(201, "已登记", new OpenApiSchema { Type = JsonSchemaType.Object }).Returns(200, "此前已登记", new OpenApiSchema { Type = JsonSchemaType.Object })
            .Problems(400, 401, 403, 409);
        api.Post("plan/{year}/events/{id}/disclosed", nameof(Plan.MarkPlanEventDisclosed), "事件信息已公开", "正文 {disclosedOn}（yyyy-MM-dd），默认今天。")
            .Year().Path("id").Body(new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["disclosedOn"] = Date() } }, Json)
            .Returns(200, "已记录", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(400, 401, 403, 404);
        api.Post("plan/{year}/tasks/{id}/complete", nameof(Plan.CompletePlanTask), "完成阶段任务", "记为今天（北京时间）完成；重复提交保留第一次的日期。")
            .Year().Path("id").Returns(200, "已记录", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(401, 403, 404);
        api.Get("outbox", nameof(Plan.GetOutbox), "发件箱",
                "管理员查看每条消息及其投递情况。按条件筛选，分页（按收件方和投递标识排序，页内从新到旧；下一页见 Link 头）；条件有误为 400。")
            .Query("status", "投递状态（Pending、Sending、Delivered、Failed、Held，不分大小写）")
            .Query("channel", "渠道（Email、WeCom、DingTalk、Outbox）").Query("recipient", "收件方代码")
            .Query("from", "生成日期起（北京时间，YYYY-MM-DD，含）", Date())
            .Query("to", "生成日期止（北京时间，YYYY-MM-DD，含）", Date())
            .Returns(200, "消息和投递（一页）", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } })
            .Paged().Page().Problems(400, 401, 403);
        api.Post("outbox/{recipient}/{deliveryId}/retry", nameof(Plan.RetryDelivery), "重新投递", "管理员把失败或因渠道未配置而保留的投递放回队列。")
            .Path("recipient").Path("deliveryId").Returns(200, "已放回队列", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(401, 403, 404, 409);

        // Applications for disclosure (依申请公开)
        api.Get("applications/new", nameof(Applications.ApplicationForm), "政府信息公开申请表", "公众填写的申请表（无需登录）；带 register 为工作机构登记信函、传真、当面申请的表单。", anonymous: true)
            .Query("register", "工作机构登记纸质申请").Page();
        api.Post("applications", nameof(Applications.SubmitApplication), "提交政府信息公开申请",
                "公众（表单或 JSON，无需登录；每个网络地址每小时有数量限制）或工作机构登记（带 channel、receivedOn）。身份证明材料可选：表单以 multipart 文件字段 identityProof，JSON 以 identityProofs（fileName、contentBase64）提交，PDF、JPEG 或 PNG（按内容识别），最多 3 个、每个 5 MB。202 返回申请编号、收到日期和答复期限。", anonymous: true)
            .Body(api.Ref("ApplicationDraft"), Json, Form, Multipart)
            .Returns(202, "已收到", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(400, 403, 413, 415, 429);
        api.Get("applications", nameof(Applications.ListApplications), "申请登记簿",
                "工作人员查看申请（申请人信息已遮盖），可按 state、department、dueBefore 筛选；分页（按申请标识排序，页内按收到日期；下一页见 Link 头）；条件有误为 400。")
            .Query("state", "申请状态（代码如 received，或中文名称）").Query("department", "承办处室代码").Query("dueBefore", "答复期限早于该日（yyyy-MM-dd）", Date())
            .Returns(200, "申请列表（一页，applications）", new OpenApiSchema { Type = JsonSchemaType.Object }).Paged().Page().Problems(400, 401, 403);
        api.Get("applications/{id}", nameof(Applications.GetApplication), "申请状态", "申请、办理经过和期限。申请人凭状态链接中的令牌查看，工作人员凭登录查看。", anonymous: true)
            .Path("id").Query("token", "申请人状态链接中的令牌")
            .Returns(200, "申请", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(401, 403, 404);
        api.Post("applications/{id}/events", nameof(Applications.RecordApplicationEvent), "登记办理事件",
                "发生的事件及日期 on；返回重新计算期限后的申请。法律不允许时为 409 并说明理由；同一事件 id（Idempotency-Key 或 id）再次提交返回 200，不作改动。")
            .Path("id").Header(SubmissionRequest.IdempotencyHeader, "事件 id").Body(api.Ref("ApplicationEvent"), Json, Form)
            .Returns(200, "申请", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(400, 401, 403, 404, 409);
        api.Get("applications/{id}/events/new", nameof(Applications.NewApplicationEvent), "办理事件表单",
                "工作人员登记一个办理事件（交办、补正告知、延期、收费通知、答复等）的网页表单，以表单提交到 POST /api/applications/{id}/events；只提供申请当前状态下本人可以登记的事件，其他为 409，kind 有误为 400。")
            .Path("id").Query("kind", "事件类型代码，如 assigned、extended、replied")
            .Page().Problems(400, 401, 404, 409);
        api.Get("applications/report/{year}", nameof(Applications.ApplicationTableThree), "年度报告表三、表四（按登记簿计算）",
                "工作机构查看由登记簿计算的年度报告表三（rows）、表四（tableFour：行政复议、未经复议直接起诉、复议后起诉的维持、纠正、其他、尚未审结和总计）及第六部分信息处理费（fees）。")
            .Year().Returns(200, "表三、表四", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(401, 403);

        api.Get("applications/{id}/letters/{eventId}", nameof(Applications.DownloadApplicationLetter), "下载告知书、答复书（DOCX）",
                "公开工作机构下载某一事件的文书：补正告知书、延期告知书、收费通知书、征求第三方意见函或答复书；不含申请人证件号码。")
            .Path("id").Path("eventId").File("application/vnd.openxmlformats-officedocument.wordprocessingml.document").Problems(401, 403, 404);
        api.Get("applications/{id}/identity-proofs/{proofId}", nameof(Applications.DownloadIdentityProof), "下载申请人身份证明材料",
                "仅公开工作机构可下载申请人随申请提交的身份证明材料（PDF、JPEG 或 PNG，总是作为附件下载）；保存期限届满后随申请人个人信息一并删除。")
            .Path("id").Path("proofId").File().Problems(401, 403, 404);
        api.Post("applications/{id}/suggestion", nameof(Applications.SuggestProactiveDisclosure), "申请人建议主动公开（条例第四十四条）",
                "申请人凭状态链接中的令牌（token）建议将所申请信息纳入主动公开范围，可附理由（reason）；每件申请一次，重复提交不重复登记。表单提交后 303 回到状态页。", anonymous: true)
            .Path("id").Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Json, Form)
            .Returns(200, "申请", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(400, 404, 409, 413, 415);
        api.Get("applications/proposals", nameof(Applications.ListConversionProposals), "建议转为主动公开的信息（条例第四十四条）",
                "多个申请人申请相同信息且均已公开时，列出相应申请，建议转为主动公开；并列出申请人自己提出的建议（suggestions）。浏览器得到页面，每项链接起草表单。")
            .Returns(200, "建议", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(401, 403);
        api.Get("applications/{id}/proactive-disclosure/new", nameof(Applications.ProactiveDisclosureForm), "起草主动公开信息（条例第四十四条）",
                "报送表单，按该申请所属的建议以登记簿预填标题、正文、处室和主动公开；工作人员补充栏目、体裁、成文日期后提交。该申请不属于任何建议为 409。")
            .Path("id").Page().Problems(401, 403, 404, 409);
        api.Post("applications/{id}/proactive-disclosure", nameof(Applications.ProposeProactiveDisclosure), "转为主动公开（条例第四十四条）",
                "以登记簿预填一条报送（JSON 给出 column、genre、formedOn，可选 title、documentNumber、body；或起草页面的整张表单，须带 formToken），照常检查和审核；202 与报送的回答相同，同一建议再次提交返回 200；表单提交 303 到该信息的状态页，有误时 400 带回表单。")
            .Path("id").Header(SubmissionRequest.IdempotencyHeader, "重试令牌").Body(api.Ref("SubmissionDraft"), Json, Form, Multipart)
            .Returns(202, "已受理", api.Ref("ItemSummary")).Returns(200, "此前已受理", api.Ref("ItemSummary")).SeeOther().Problems(400, 401, 403, 404, 409, 413);

        // Annual report and self-inspection (年度报告、自查)
        api.Get("annual-reports/{year}/figures", nameof(Inspection.GetAnnualReportFigures), "年度报告数据",
                "该年最后保存的表二填报数、表三、表四、信息处理费数据和文字，以及最近的修改记录（history；更早的 historyArchived 次保存见 …/figures/history）；ETag 为当前版本，保存时以 If-Match 带回。")
            .Year().Returns(200, "年度报告数据", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(401, 403, 404);
        api.Get("annual-reports/{year}/figures/history", nameof(Inspection.GetAnnualReportFiguresHistory), "年度报告数据的修改记录",
                $"修改记录分页，最近的在前：第一页为数据记录中保留的保存（historyArchived 之后的），更早的每 {Disclosure.Inspection.AnnualReport.FiguresHistory.SavesPerArchivedPart} 次保存为一段，下一页（更早）见 Link 头。")
            .Year().Query("part", "更早的一段（取自 Link 头）", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" })
            .Returns(200, "修改记录（一页）", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(400, 401, 403, 404);
        api.Put("annual-reports/{year}/figures", nameof(Inspection.SaveAnnualReportFigures), "保存年度报告数据",
                "管理员保存年度报告数据和文字；合计不符时拒绝并指出栏目和差额。该年已有数据时须带 If-Match（GET 所得的 ETag，或 * 表示有意覆盖）：缺少为 428，他人已保存为 412，均不保存；每次保存记入修改记录。")
            .Year().Header("If-Match", "GET 所得的 ETag；该年首次保存时可省略").Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Json)
            .Returns(200, "已保存", new OpenApiSchema { Type = JsonSchemaType.Object }).Problems(400, 401, 403, 409, 412, 428);
        api.Get("annual-reports/{year}/figures/edit", nameof(Inspection.AnnualReportFiguresForm), "年度报告数据填报页面",
                "管理员以表单填写须填报的全部数据（表二处理决定数量和收费金额、表三、表四、信息处理费；小计和总计由系统计算），已保存的数据预先填好，并列出修改记录。").Year().Page().Problems(401, 403);
        api.Post("annual-reports/{year}/figures/edit", nameof(Inspection.SaveAnnualReportFiguresForm), "保存填报页面",
                "页面表单（带 formToken 和所依据版本 figuresVersion）：逐格检查，按“一+二=三(七)+四”逐列检查，上年结转须等于上年报告的结转下年度，"
                + "错误显示在相应的格旁（要求 JSON 时为 problem+json，errors 以格名为键）；他人已保存为 409，缺少版本为 428，均不保存并列出不同之处；保存后 303 回到填报页面。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(400, 401, 403, 409, 413, 428);
        api.Get("annual-reports/{year}", nameof(Inspection.AnnualReportOverview), "年度报告页面",
                "管理员撰写报告正文（第一部分五项、第五和第六部分）、生成报告、下载 Word 文件并提交审核发布的页面；要求 JSON 时返回最近一次生成的情况（generatedAt、draftSections、warnings、docx）。")
            .Year().Returns(200, "最近一次生成", new OpenApiSchema { Type = JsonSchemaType.Object }).Page().Problems(400, 401, 403);
        api.Post("annual-reports/{year}/texts", nameof(Inspection.SaveAnnualReportTexts), "保存年度报告正文",
                "页面表单（带 formToken 和所依据版本 figuresVersion）：各部分正文与年度报告数据一起保存，留空的部分使用系统草稿；他人已保存为 409，缺少版本为 428，均不保存并保留所填内容；保存后 303 回到年度报告页面。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Page().SeeOther().Problems(400, 401, 403, 409, 413, 428);
        api.Post("annual-reports/{year}", nameof(Inspection.GenerateAnnualReport), "生成年度报告", "由目录和已保存的数据生成该年报告，返回 DOCX 地址和未完成的部分；页面按钮（表单）提交时 303 回到年度报告页面。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).Returns(200, "已生成", new OpenApiSchema { Type = JsonSchemaType.Object }).Returns(201, "已生成", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(400, 401, 403);
        api.Get("annual-reports/{year}/docx", nameof(Inspection.DownloadAnnualReport), "下载年度报告（DOCX）", "生成的报告，以中文标题下载。")
            .Year().File("application/vnd.openxmlformats-officedocument.wordprocessingml.document").Problems(401, 403, 404);
        api.Post("annual-reports/{year}/submission", nameof(Inspection.SubmitAnnualReport), "报送年度报告", "把生成的报告报送到“年度报告”栏目发布，与其他信息一样检查和审核；页面按钮（表单）提交时 303 到该信息的状态页面，不能提交时为说明原因的页面。")
            .Year().Body(new OpenApiSchema { Type = JsonSchemaType.Object }, Form).SeeOther().Returns(202, "已受理", api.Ref("ItemSummary")).Returns(200, "此前已受理", api.Ref("ItemSummary")).Problems(400, 401, 403, 404, 409);
        api.Get("inspections", nameof(Inspection.ListInspections), "自查报告列表", "已保存的自查报告，最新的在前；分页（下一页见 Link 头）；条件有误为 400。")
            .Returns(200, "自查报告（一页）", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } })
            .Paged().Page().Problems(400, 401, 403);
        api.Post("inspections", nameof(Inspection.StartSelfInspection), "立即自查", "立即运行一次自查，201 返回报告地址（浏览器转到报告）。")
            .Returns(201, "自查报告已生成", new OpenApiSchema { Type = JsonSchemaType.Object }).SeeOther().Problems(401, 403, 409);
        api.Get("inspections/{date}/{file}", nameof(Inspection.GetInspectionReport), "自查报告文件", "某日自查的 report.html、report.json 或 report.csv。")
            .Path("date", Date()).Path("file", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("report.html")!, JsonValue.Create("report.json")!, JsonValue.Create("report.csv")!] })
            .File("text/html", Json, "text/csv").Problems(401, 403, 404);
        api.Get("reading-room/catalogue", nameof(Functions.ReadingRoom.ReadingRoomCatalogueList), "政府信息公开目录（公共查阅点）",
                "门户现行公开的全部信息，按栏目排列：索引号、标题、发布机构、成文日期、发布日期、有效性。浏览器得到可打印的页面。")
            .Returns(200, "目录", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["asOf"] = Date(),
                    ["count"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    ["columns"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            }).Page().Problems(401);
        api.Get("reading-room/catalogue/csv", nameof(Functions.ReadingRoom.DownloadCatalogueCsv), "下载目录（CSV）",
                "UTF-8（带 BOM，Excel 可直接打开）；以 = + - @ 开头的单元格前加撇号，不会被当作公式。").File("text/csv").Problems(401);
        api.Get("reading-room/catalogue/xlsx", nameof(Functions.ReadingRoom.DownloadCatalogueXlsx), "下载目录（XLSX）", "一个工作表，首行为表头。")
            .File(Disclosure.ReadingRoom.CatalogueDownloads.XlsxContentType).Problems(401);
        api.Get("statistics", nameof(Functions.Statistics.GetStatistics), "公开工作统计",
                "按月份和栏目：报送、退回、发布、按时发布、逾期（时限依目录的公开时限规则，按调休日历计算工作日）。处室只看本处室；审核人员和管理员可看全部处室或指定处室。浏览器得到带图表的页面。")
            .Query("year", "年度（默认本年）", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "2000", Maximum = "2100" })
            .Query("department", "处室代码（仅审核人员和管理员；不填为全部处室）")
            .Returns(200, "统计（rows 按月份和栏目分页，下一页见 Link 头；各月合计与全年合计完整）", new OpenApiSchema { Type = JsonSchemaType.Object })
            .Paged().Page().Problems(400, 401, 403);
        return document;
    }

    private static OpenApiSchema Date() => new() { Type = JsonSchemaType.String, Format = "date" };

    /// <summary>The parts of the plan the workbench edits with forms of their own.</summary>
    private static OpenApiSchema PlanParts() => new()
    {
        Type = JsonSchemaType.String, Enum = [.. Disclosure.Plan.PlanPart.All.Select(p => (System.Text.Json.Nodes.JsonNode)JsonValue.Create(p.Name)!)],
    };

    private static OpenApiSchema Text(string description, int? maxLength = null) => new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength };

    private static void AddSchemas(OpenApiDocument document)
    {
        document.AddComponent<IOpenApiSchema>("Problem", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details; title and detail are Chinese, for people.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "400 of a form or JSON body: each invalid field and its messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        });
        document.AddComponent<IOpenApiSchema>("Health", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("ok")!, JsonValue.Create("unavailable")!] },
                ["version"] = Text("administrators only"),
                ["blob"] = Text("administrators only: ok or the error"),
                ["queue"] = Text("administrators only: ok or the error"),
                ["table"] = Text("administrators only: ok or the error"),
            },
        });
        document.AddComponent<IOpenApiSchema>("ItemSummary", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = Text("the item's id"),
                ["indexNumber"] = Text("索引号"),
                ["version"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["title"] = Text("标题"),
                ["column"] = Text("栏目代码 (catalogue.json)"),
                ["department"] = Text("责任处室代码"),
                ["state"] = Text("state name of docs/item-lifecycle.md"),
                ["stateName"] = Text("状态（中文）"),
                ["withdrawalRequested"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                ["publishedOn"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time" },
                ["updatedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["status"] = Text("address of the status resource (GET)"),
            },
        });
        document.AddComponent<IOpenApiSchema>("ItemStatus", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["item"] = new OpenApiSchemaReference("ItemSummary", document),
                ["metadata"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "元数据：中文标签 → 值", AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["attachments"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                ["history"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                ["versions"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                ["check"] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = "the last compliance check: decision, checkedAt, findings (masked)" },
            },
        });

        var draft = new Dictionary<string, IOpenApiSchema>();
        foreach (var field in new[]
                 {
                     SubmissionFields.Title, SubmissionFields.Column, SubmissionFields.Genre, SubmissionFields.Publisher, SubmissionFields.Department,
                     SubmissionFields.DocumentNumber, SubmissionFields.Reposted, SubmissionFields.Attribute, SubmissionFields.Scope, SubmissionFields.Term,
                     SubmissionFields.Validity, SubmissionFields.Keywords, SubmissionFields.Summary, SubmissionFields.Body, SubmissionFields.BodyFormat,
                     SubmissionFields.Relation, SubmissionFields.RelatedItem, SubmissionFields.IdempotencyKey,
                 })
            draft[field] = Text(SubmissionFields.Label(field));
        foreach (var field in new[]
                 {
                     SubmissionFields.FormedOn, SubmissionFields.ApprovedOn, SubmissionFields.DecidedOn, SubmissionFields.NoticeStartsOn,
                     SubmissionFields.ReceivedOn, SubmissionFields.PublicUntil, SubmissionFields.EffectiveFrom, SubmissionFields.ValidUntil,
                 })
            draft[field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Description = SubmissionFields.Label(field) };
        draft[SubmissionFields.Attachments] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "附件（JSON 中为 base64；表单中为文件）",
            Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "fileName", "contentBase64" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["fileName"] = Text("文件名"),
                    ["contentBase64"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "byte" },
                },
            },
        };
        draft[SubmissionRequest.VersionField] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "corrections: the version the correction is based on (or If-Match)" };
        document.AddComponent<IOpenApiSchema>("SubmissionDraft", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "一条政府信息。哪些字段必填取决于栏目和体裁（catalogue.json）；400 的 errors 逐项说明。",
            Properties = draft,
        });

        document.AddComponent<IOpenApiSchema>("Reason", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "reason" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["reason"] = Text("理由") },
        });
        document.AddComponent<IOpenApiSchema>("VersionReference", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { [SubmissionRequest.VersionField] = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        });
        document.AddComponent<IOpenApiSchema>("ReviewDecision", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "decision", "version" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["decision"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("approve")!, JsonValue.Create("reject")!] },
                ["reason"] = Text("审查意见；不予公开时必填"),
                ["version"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "the version the reviewer looked at" },
            },
        });
        document.AddComponent<IOpenApiSchema>("PreflightRequest", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { ["text"] = Text("待检查的正文"), ["column"] = Text("栏目代码") },
        });
        document.AddComponent<IOpenApiSchema>("PlanEvent", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "id", "kind", "occurredOn" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = Text("the caller's id of the event"),
                ["kind"] = Text("事件类型（目录 deadlineRules 中的事件）"),
                ["occurredOn"] = Date(),
                ["title"] = Text("名称"),
            },
        });
        document.AddComponent<IOpenApiSchema>("ApplicationDraft", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new[]
                {
                    ApplicationFields.ApplicantKind, ApplicationFields.Name, ApplicationFields.IdDocumentType, ApplicationFields.IdDocumentNumber,
                    ApplicationFields.Phone, ApplicationFields.Email, ApplicationFields.Address, ApplicationFields.InformationSought,
                    ApplicationFields.DeliveryForm, ApplicationFields.Channel, ApplicationFields.ReceivedOn,
                }
                .ToDictionary(f => f, f => (IOpenApiSchema)Text(ApplicationFields.Label(f))),
        });
        document.AddComponent<IOpenApiSchema>("ApplicationEvent", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "kind", "on" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = Text("event id (or the Idempotency-Key header)"),
                ["kind"] = Text("事件类型"),
                ["on"] = Date(),
            },
            AdditionalProperties = new OpenApiSchema(),
        });
    }

    /// <summary>Adds operations to the document's paths; routes are written as in <c>[HttpTrigger]</c>, without the <c>/api</c> prefix.</summary>
    private sealed class Operations(OpenApiDocument document)
    {
        public OpenApiSchemaReference Ref(string schema) => new(schema, document);

        public OpenApiSchema ArrayOf(string schema) => new() { Type = JsonSchemaType.Array, Items = Ref(schema) };

        public OperationBuilder Get(string route, string function, string summary, string description, bool anonymous = false) => Add(HttpMethod.Get, route, function, summary, description, anonymous);
        public OperationBuilder Post(string route, string function, string summary, string description, bool anonymous = false) => Add(HttpMethod.Post, route, function, summary, description, anonymous);
        public OperationBuilder Put(string route, string function, string summary, string description, bool anonymous = false) => Add(HttpMethod.Put, route, function, summary, description, anonymous);

        private OperationBuilder Add(HttpMethod method, string route, string function, string summary, string description, bool anonymous)
        {
            var path = "/" + route;
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }
            var operation = new OpenApiOperation
            {
                OperationId = function,
                Summary = summary,
                Description = description,
                Parameters = [],
                Responses = [],
                // An empty requirement list overrides the document's: no sign-in.
                Security = anonymous ? [] : null,
            };
            ((OpenApiPathItem)item).AddOperation(method, operation);
            return new OperationBuilder(document, operation);
        }
    }

    private sealed class OperationBuilder(OpenApiDocument document, OpenApiOperation operation)
    {
        public OperationBuilder Path(string name, OpenApiSchema? schema = null) => Parameter(name, ParameterLocation.Path, null, schema ?? new OpenApiSchema { Type = JsonSchemaType.String }, required: true);

        public OperationBuilder Year() => Path("year", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "2000", Maximum = "2100" });

        public OperationBuilder Query(string name, string description, OpenApiSchema? schema = null) => Parameter(name, ParameterLocation.Query, description, schema ?? new OpenApiSchema { Type = JsonSchemaType.String }, required: false);

        public OperationBuilder Header(string name, string description) => Parameter(name, ParameterLocation.Header, description, new OpenApiSchema { Type = JsonSchemaType.String }, required: false);

        private OperationBuilder Parameter(string name, ParameterLocation location, string? description, OpenApiSchema schema, bool required)
        {
            operation.Parameters!.Add(new OpenApiParameter { Name = name, In = location, Description = description, Required = required, Schema = schema });
            return this;
        }

        public OperationBuilder Body(IOpenApiSchema schema, params string[] mediaTypes)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = mediaTypes.ToDictionary(m => m, IOpenApiMediaType (_) => new OpenApiMediaType { Schema = schema }),
            };
            return this;
        }

        public OperationBuilder Returns(int status, string description, IOpenApiSchema schema)
            => Response(status, new OpenApiResponse { Description = description, Content = new Dictionary<string, IOpenApiMediaType> { [Json] = new OpenApiMediaType { Schema = schema } } });

        /// <summary>
        /// A list answered a page at a time: <c>size</c> rows (default 50, at most 500), continued by <c>after</c>; the 200
        /// answer carries the next page's address in <c>Link: &lt;…&gt;; rel="next"</c> while there is one.
        /// </summary>
        public OperationBuilder Paged()
        {
            Query("size", "每页条数（1–500，默认 50）", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "500" });
            Query("after", "翻页位置：取自上一页 Link 头中的地址，不要自行构造");
            var ok = (OpenApiResponse)operation.Responses!["200"];
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
            ok.Headers["Link"] = new OpenApiHeader { Description = "下一页的地址（rel=\"next\"），保留同样的筛选条件；最后一页没有", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return this;
        }

        /// <summary>Browsers (Accept: text/html) get the workbench page instead of JSON.</summary>
        public OperationBuilder Page()
        {
            var key = operation.Responses!.ContainsKey("200") ? "200" : null;
            if (key is null) return Response(200, new OpenApiResponse { Description = "工作台页面", Content = HtmlContent() });
            ((OpenApiResponse)operation.Responses[key]).Content![Html] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return this;
        }

        /// <summary>A form posted by a browser is answered 303 to the page that shows the result (Post/Redirect/Get).</summary>
        public OperationBuilder SeeOther() => Response(303, new OpenApiResponse
        {
            Description = "浏览器提交表单后转到结果页面（Location）",
            Headers = new Dictionary<string, IOpenApiHeader> { ["Location"] = new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
        });

        public OperationBuilder File(params string[] mediaTypes) => Response(200, new OpenApiResponse
        {
            Description = "文件",
            Content = (mediaTypes.Length == 0 ? ["application/octet-stream"] : mediaTypes)
                .ToDictionary(m => m, IOpenApiMediaType (_) => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
        });

        public OperationBuilder Problems(params int[] statuses)
        {
            foreach (var status in statuses)
                Response(status, new OpenApiResponse
                {
                    Description = ProblemText(status),
                    Content = new Dictionary<string, IOpenApiMediaType> { [Responses.ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", document) } },
                });
            return this;
        }

        private OperationBuilder Response(int status, OpenApiResponse response)
        {
            operation.Responses![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
            return this;
        }

        private static Dictionary<string, IOpenApiMediaType> HtmlContent() => new() { [Html] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } };

        private static string ProblemText(int status) => status switch
        {
            400 => "请求内容有误",
            401 => "需要登录",
            403 => "无权访问",
            404 => "不存在",
            409 => "与当前状态冲突（如已有新版本、已在发布）",
            412 => "他人已修改（If-Match 不符）",
            413 => "请求内容过大",
            415 => "不支持的内容类型",
            422 => "内容无法处理（如文件缺少必需的列、超出条数上限）",
            428 => "须说明所依据的版本（If-Match 或 version）",
            429 => "提交过于频繁",
            _ => "错误",
        };
    }
}
