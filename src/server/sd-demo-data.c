/* sd-demo-data.c — departments and catalogue entries of the demo platform.
 *
 * An entry is a subject (营运车辆, 户籍人口, …) crossed with a dataset kind
 * (行政许可信息, 信用评价信息, …) and a provider department. The pairs are
 * shuffled with a fixed seed and dealt to the departments, so the demo is
 * the same on every run. The content is Chinese on purpose: it is the
 * catalogue a Chinese platform holds, not text of the program.
 */
#include "config.h"

#include <string.h>

#include "sd-demo-data.h"
#include "sd-identifiers.h"

#define DEMO_SEED 20161001
#define ENTRIES_PER_DEPARTMENT 14

/* Departments */

typedef struct {
  const char        *profile_id;
  const char        *region;       /* 登记管理机关行政区划码 of the USCC */
  const char        *phone_prefix;
  const char * const *names;
} DepartmentTable;

static const char * const mot_departments[] = {
  "交通运输部综合规划司", "交通运输部政策研究室", "交通运输部法制司", "交通运输部财务审计司",
  "交通运输部运输服务司", "交通运输部公路局", "交通运输部水运局", "交通运输部安全与质量监督管理司",
  "交通运输部科技司", "交通运输部应急办公室", "中华人民共和国海事局", "交通运输部救助打捞局",
  "国家铁路局", "国家邮政局", "中国民用航空局", "交通运输部科学研究院",
  "交通运输部规划研究院", "交通运输部公路科学研究院", "交通运输部水运科学研究院",
  "中国交通通信信息中心", "交通运输部路网监测与应急处置中心", "交通运输部长江航务管理局",
  NULL
};

static const char * const state_council_departments[] = {
  "国家发展和改革委员会", "教育部", "科学技术部", "工业和信息化部", "公安部", "民政部",
  "司法部", "财政部", "人力资源和社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部",
  "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "国家卫生健康委员会",
  "应急管理部", "国家市场监督管理总局", "国家税务总局", "国家统计局",
  NULL
};

static const char * const panjin_departments[] = {
  "盘锦市发展和改革委员会", "盘锦市公安局", "盘锦市民政局", "盘锦市司法局", "盘锦市财政局",
  "盘锦市人力资源和社会保障局", "盘锦市自然资源局", "盘锦市生态环境局", "盘锦市住房和城乡建设局",
  "盘锦市交通运输局", "盘锦市水利局", "盘锦市农业农村局", "盘锦市商务局", "盘锦市教育局",
  "盘锦市卫生健康委员会", "盘锦市应急管理局", "盘锦市市场监督管理局", "盘锦市统计局",
  "盘锦市医疗保障局", "盘锦市工业和信息化局", "盘锦市城市管理综合行政执法局", "盘锦市营商环境建设局",
  NULL
};

static const DepartmentTable department_tables[] = {
  { "mot-2021", "100000", "010-6529", mot_departments },
  { "state-council-2016", "100000", "010-6309", state_council_departments },
  { "panjin-2016", "211100", "0427-282", panjin_departments },
};

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
};
static const char * const given_names[] = {
  "建国", "海涛", "丽华", "志强", "秀英", "文博", "晓东", "静怡", "振华", "雪梅", "立新", "国栋",
  "慧敏", "永红", "明轩", "子涵", "德胜", "春燕",
};

static const DepartmentTable *
find_department_table (const char *profile_id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (department_tables); i++)
    if (g_str_equal (department_tables[i].profile_id, profile_id))
      return &department_tables[i];
  return &department_tables[0];
}

/* "11" (机关) + region + a nine-character organisation code + the GB 32100
 * check character. */
static char *
department_uscc (const DepartmentTable *table,
                 guint                  index)
{
  g_autofree char *first17 = g_strdup_printf ("11%s%08u%u", table->region,
                                              (guint) (10000000 + index * 7919 % 9000000),
                                              index % 10);
  char check = sd_identifier_uscc_check_character (first17);

  g_assert (check != 0);
  return g_strdup_printf ("%s%c", first17, check);
}

GPtrArray *
sd_demo_departments_new (const char *profile_id)
{
  const DepartmentTable *table = find_department_table (profile_id);
  GPtrArray *departments = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_department_free);

  for (guint i = 0; table->names[i] != NULL; i++)
    {
      SdDepartment *department = g_new0 (SdDepartment, 1);

      department->uscc = department_uscc (table, i);
      department->name = g_strdup (table->names[i]);
      department->responsible_person =
        g_strconcat (surnames[i % G_N_ELEMENTS (surnames)],
                     given_names[(i * 5) % G_N_ELEMENTS (given_names)], NULL);
      department->contact = g_strdup_printf ("%s%04u", table->phone_prefix, 1000 + i * 37);
      g_ptr_array_add (departments, department);
    }
  return departments;
}

/* Information items */

typedef struct {
  const char *name;
  const char *type_code;
  guint       length;
  const char *identifier_kind;
} ItemTemplate;

typedef enum {
  SUBJECT_PERSON,
  SUBJECT_ORGANISATION,
  SUBJECT_OBJECT,
} SubjectKind;

static const ItemTemplate person_items[] = {
  { "姓名", "C", 50, "" },
  { "公民身份号码", "C", 18, "ric" },
  { "性别", "C", 1, "" },
};
static const ItemTemplate organisation_items[] = {
  { "统一社会信用代码", "C", 18, "uscc" },
  { "单位名称", "C", 200, "" },
  { "法定代表人", "C", 50, "" },
};
static const ItemTemplate object_items[] = {
  { "编码", "C", 32, "" },
  { "名称", "C", 200, "" },
  { "所在地行政区划代码", "C", 6, "" },
};

typedef struct {
  const char   *name;
  char          category;   /* '1' 基础, '2' 主题, '3' 部门 */
  ItemTemplate  items[6];   /* ends at the first without a name */
} DatasetKind;

static const DatasetKind dataset_kinds[] = {
  { "基础信息", '1', { { "地址", "C", 200, "" }, { "联系电话", "C", 20, "" },
                       { "登记日期", "D", 8, "" }, { "状态", "C", 2, "" } } },
  { "资质证照信息", '1', { { "证照编号", "C", 50, "" }, { "证照类型", "C", 50, "" },
                           { "发证日期", "D", 8, "" }, { "有效期至", "D", 8, "" } } },
  { "行政许可信息", '3', { { "许可证号", "C", 50, "" }, { "许可事项", "C", 200, "" },
                           { "发证机关", "C", 100, "" }, { "发证日期", "D", 8, "" },
                           { "有效期至", "D", 8, "" } } },
  { "年度审验信息", '3', { { "审验年度", "N", 4, "" }, { "审验结果", "C", 20, "" },
                           { "审验机关", "C", 100, "" }, { "审验日期", "D", 8, "" } } },
  { "行政处罚信息", '3', { { "处罚决定书文号", "C", 50, "" }, { "违法行为", "C", 500, "" },
                           { "处罚种类", "C", 50, "" }, { "罚款金额", "N", 12, "" },
                           { "处罚日期", "D", 8, "" }, { "处罚机关", "C", 100, "" } } },
  { "信用评价信息", '2', { { "评价年度", "N", 4, "" }, { "信用等级", "C", 2, "" },
                           { "评价机构", "C", 100, "" }, { "评价日期", "D", 8, "" } } },
  { "统计月报", '2', { { "统计期", "C", 6, "" }, { "指标名称", "C", 100, "" },
                       { "指标值", "N", 18, "" }, { "计量单位", "C", 20, "" } } },
  { "变更登记信息", '3', { { "变更事项", "C", 100, "" }, { "变更前内容", "C", 500, "" },
                           { "变更后内容", "C", 500, "" }, { "变更日期", "D", 8, "" } } },
  { "监督检查记录", '3', { { "检查日期", "D", 8, "" }, { "检查单位", "C", 100, "" },
                           { "检查结果", "C", 200, "" }, { "整改要求", "C", 500, "" } } },
  { "运行监测数据", '2', { { "监测时间", "T", 14, "" }, { "监测指标", "C", 50, "" },
                           { "监测值", "N", 18, "" }, { "经度", "N", 12, "coordinates" },
                           { "纬度", "N", 12, "coordinates" } } },
  { "注销信息", '3', { { "注销原因", "C", 200, "" }, { "注销日期", "D", 8, "" },
                       { "注销机关", "C", 100, "" } } },
  { "投诉举报信息", '3', { { "受理编号", "C", 30, "" }, { "投诉内容", "C", 1000, "" },
                           { "受理日期", "D", 8, "" }, { "办理结果", "C", 500, "" } } },
  { "事故记录", '3', { { "事故编号", "C", 30, "" }, { "事故时间", "T", 14, "" },
                       { "事故地点", "C", 200, "" }, { "死亡人数", "N", 4, "" },
                       { "受伤人数", "N", 4, "" }, { "直接经济损失", "N", 14, "" } } },
  { "位置信息", '2', { { "经度", "N", 12, "coordinates" }, { "纬度", "N", 12, "coordinates" },
                       { "详细地址", "C", 200, "" } } },
};

static const ItemTemplate extra_items[] = {
  { "数据更新时间", "T", 14, "" },
  { "备注", "C", 500, "" },
};

/* Subjects */

typedef struct {
  const char  *name;
  SubjectKind  kind;
  const char  *basic_category;   /* the profile's basic category, or NULL */
} Subject;

static const Subject mot_subjects[] = {
  { "道路运输经营业户", SUBJECT_ORGANISATION, "103" }, { "道路运输从业人员", SUBJECT_PERSON, "104" },
  { "营运车辆", SUBJECT_OBJECT, "102" }, { "公路桥梁", SUBJECT_OBJECT, "101" },
  { "公路隧道", SUBJECT_OBJECT, "101" }, { "国省干线公路", SUBJECT_OBJECT, "101" },
  { "港口码头", SUBJECT_OBJECT, "101" }, { "内河航道", SUBJECT_OBJECT, "101" },
  { "营运船舶", SUBJECT_OBJECT, "102" }, { "水路运输企业", SUBJECT_ORGANISATION, "103" },
  { "船员", SUBJECT_PERSON, "104" }, { "出租汽车驾驶员", SUBJECT_PERSON, "104" },
  { "网络预约出租汽车平台", SUBJECT_ORGANISATION, "103" }, { "机动车维修企业", SUBJECT_ORGANISATION, "103" },
  { "驾驶员培训机构", SUBJECT_ORGANISATION, "103" }, { "超限运输车辆", SUBJECT_OBJECT, "102" },
  { "交通建设工程项目", SUBJECT_OBJECT, NULL }, { "公路建设市场主体", SUBJECT_ORGANISATION, "107" },
  { "道路运输行政许可", SUBJECT_OBJECT, "105" }, { "交通运输执法案件", SUBJECT_OBJECT, "106" },
  { "交通运输信用主体", SUBJECT_ORGANISATION, "107" }, { "城市公交线路", SUBJECT_OBJECT, NULL },
  { "危险货物运输车辆", SUBJECT_OBJECT, "102" }, { "高速公路收费站", SUBJECT_OBJECT, "101" },
};

static const Subject state_council_subjects[] = {
  { "户籍人口", SUBJECT_PERSON, "101" }, { "法人单位", SUBJECT_ORGANISATION, "102" },
  { "不动产登记", SUBJECT_OBJECT, "103" }, { "电子证照", SUBJECT_OBJECT, "105" },
  { "社会保险参保人员", SUBJECT_PERSON, "101" }, { "企业登记注册", SUBJECT_ORGANISATION, "102" },
  { "纳税人", SUBJECT_ORGANISATION, "102" }, { "社会组织", SUBJECT_ORGANISATION, "102" },
  { "医疗机构", SUBJECT_ORGANISATION, NULL }, { "执业医师", SUBJECT_PERSON, NULL },
  { "高等学校", SUBJECT_ORGANISATION, NULL }, { "在校学生", SUBJECT_PERSON, "101" },
  { "土地利用", SUBJECT_OBJECT, "103" }, { "地理国情监测", SUBJECT_OBJECT, "103" },
  { "建设工程项目", SUBJECT_OBJECT, NULL }, { "进出口企业", SUBJECT_ORGANISATION, "102" },
  { "药品经营企业", SUBJECT_ORGANISATION, NULL }, { "特种设备", SUBJECT_OBJECT, NULL },
  { "最低生活保障对象", SUBJECT_PERSON, NULL }, { "退役军人", SUBJECT_PERSON, NULL },
  { "生态环境监测站点", SUBJECT_OBJECT, "103" }, { "水文监测站", SUBJECT_OBJECT, "103" },
  { "农业经营主体", SUBJECT_ORGANISATION, NULL }, { "统计调查单位", SUBJECT_ORGANISATION, NULL },
};

/* panjin-2016 names no basic categories: its 1xx codes follow the national
 * 基础信息资源 classes. */
static const Subject panjin_subjects[] = {
  { "户籍人口", SUBJECT_PERSON, "101" }, { "市场主体", SUBJECT_ORGANISATION, "102" },
  { "不动产", SUBJECT_OBJECT, "103" }, { "城乡低保对象", SUBJECT_PERSON, NULL },
  { "社会保险参保人", SUBJECT_PERSON, "101" }, { "医保定点医药机构", SUBJECT_ORGANISATION, NULL },
  { "中小学校", SUBJECT_ORGANISATION, NULL }, { "中小学教师", SUBJECT_PERSON, NULL },
  { "纳税企业", SUBJECT_ORGANISATION, "102" }, { "建筑施工企业", SUBJECT_ORGANISATION, "102" },
  { "房屋征收项目", SUBJECT_OBJECT, NULL }, { "城市道路", SUBJECT_OBJECT, "103" },
  { "公交线路", SUBJECT_OBJECT, NULL }, { "河道", SUBJECT_OBJECT, "103" },
  { "农民专业合作社", SUBJECT_ORGANISATION, "102" }, { "渔业船舶", SUBJECT_OBJECT, NULL },
  { "石油化工企业", SUBJECT_ORGANISATION, "102" }, { "安全生产重点企业", SUBJECT_ORGANISATION, NULL },
  { "食品经营企业", SUBJECT_ORGANISATION, "102" }, { "零售药店", SUBJECT_ORGANISATION, NULL },
  { "养老机构", SUBJECT_ORGANISATION, NULL }, { "持证残疾人", SUBJECT_PERSON, NULL },
  { "流动人口", SUBJECT_PERSON, "101" }, { "政务服务事项", SUBJECT_OBJECT, NULL },
};

typedef struct {
  const char    *scope;
  const char    *legal_basis;
  const Subject *subjects;
  guint          n_subjects;
} ProfileTemplates;

static ProfileTemplates
profile_templates (SdPolicy *policy)
{
  const char *id = sd_policy_get_id (policy);
  ProfileTemplates templates;

  if (g_str_equal (id, "state-council-2016"))
    {
      templates.scope = "国务院各部门及各省（区、市）人民政府";
      templates.legal_basis = "《政务信息资源共享管理暂行办法》第九条；《中华人民共和国个人信息保护法》第三十四条";
      templates.subjects = state_council_subjects;
      templates.n_subjects = G_N_ELEMENTS (state_council_subjects);
    }
  else if (g_str_equal (id, "panjin-2016"))
    {
      templates.scope = "盘锦市各级政务部门";
      templates.legal_basis = "《盘锦市政府数据资源共建共享管理办法（试行）》第十九条；《中华人民共和国数据安全法》第三十八条";
      templates.subjects = panjin_subjects;
      templates.n_subjects = G_N_ELEMENTS (panjin_subjects);
    }
  else
    {
      templates.scope = "交通运输部机关各司局、部属单位及各省级交通运输主管部门";
      templates.legal_basis = "《交通运输政务数据共享管理办法》第十二条；《中华人民共和国数据安全法》第三十八条";
      templates.subjects = mot_subjects;
      templates.n_subjects = G_N_ELEMENTS (mot_subjects);
    }
  return templates;
}

/* Entries */

typedef struct {
  SdPolicy         *policy;
  GPtrArray        *departments;
  ProfileTemplates  templates;
  GRand            *rand;
  guint             sequence;     /* of resource codes */
} Generator;

static void
add_item (SdCatalogueEntry   *entry,
          const ItemTemplate *template)
{
  g_autoptr(SdInformationItem) item = sd_information_item_new ();

  sd_information_item_set_name (item, template->name);
  sd_information_item_set_type_code (item, template->type_code);
  sd_information_item_set_length (item, template->length);
  sd_information_item_set_identifier_kind (item, template->identifier_kind);
  g_list_store_append (sd_catalogue_entry_get_information_items (entry), item);
}

static guint
count_items (const DatasetKind *kind)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (kind->items) && kind->items[n].name != NULL)
    n++;
  return n;
}

/* The subject's identifying items, some of the kind's, and 0–2 extras:
 * 4 to 11 items. */
static void
add_items (Generator         *generator,
           SdCatalogueEntry  *entry,
           const Subject     *subject,
           const DatasetKind *kind)
{
  const ItemTemplate *subject_items = subject->kind == SUBJECT_PERSON ? person_items
                                      : subject->kind == SUBJECT_ORGANISATION ? organisation_items
                                      : object_items;
  guint kind_items = count_items (kind);
  guint n_kind = 1 + g_rand_int_range (generator->rand, 0, kind_items);
  guint n_extra = g_rand_int_range (generator->rand, 0, G_N_ELEMENTS (extra_items) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (person_items); i++)
    add_item (entry, &subject_items[i]);
  for (guint i = 0; i < n_kind; i++)
    add_item (entry, &kind->items[i]);
  for (guint i = 0; i < n_extra; i++)
    add_item (entry, &extra_items[i]);
}

/* "1" + the basic category + the subject, "2" + theme + subject, or
 * "3" + department + dataset kind. */
static char *
classification_code (const Subject *subject,
                     guint          subject_index,
                     guint          kind_index,
                     guint          department_index,
                     char           category)
{
  if (category == '1')
    return g_strdup_printf ("%s%02u", subject->basic_category, subject_index + 1);
  if (category == '2')
    return g_strdup_printf ("2%02u%02u", kind_index + 1, subject_index + 1);
  return g_strdup_printf ("3%02u%02u", department_index + 1, kind_index + 1);
}

static const SdShareType *
find_share_type (Generator  *generator,
                 const char *id)
{
  return sd_policy_find_share_type (generator->policy, id);
}

/* Basic data is unconditional (C7); personal data never is, and is kept
 * to conditional sharing; the rest is dealt out. */
static const SdShareType *
choose_share_type (Generator     *generator,
                   const Subject *subject,
                   char           category)
{
  const SdShareType *closed = find_share_type (generator, "not-shared");
  int roll = g_rand_int_range (generator->rand, 0, 100);

  if (closed == NULL)
    closed = find_share_type (generator, "special");
  if (category == '1' && subject->kind != SUBJECT_PERSON)
    return find_share_type (generator, "unconditional");
  if (category == '1' && sd_policy_find_basic_category (generator->policy, subject->basic_category) != NULL)
    return find_share_type (generator, "unconditional");
  if (subject->kind == SUBJECT_PERSON)
    return roll < 80 || closed == NULL ? find_share_type (generator, "conditional") : closed;
  if (roll < 40)
    return find_share_type (generator, "unconditional");
  if (roll < 85 || closed == NULL)
    return find_share_type (generator, "conditional");
  return closed;
}

/* Two departments other than the provider, among those with users. */
static void
set_recipients (Generator        *generator,
                SdCatalogueEntry *entry,
                guint             provider_index)
{
  const char *recipients[3] = { NULL, };
  guint n = 0;

  for (guint i = provider_index + 1; n < 2; i++)
    {
      SdDepartment *department = g_ptr_array_index (generator->departments,
                                                    i % SD_DEMO_STAFFED_DEPARTMENTS);

      if (i % SD_DEMO_STAFFED_DEPARTMENTS != provider_index)
        recipients[n++] = department->uscc;
    }
  sd_catalogue_entry_set_share_recipients (entry, recipients);
}

static void
set_share (Generator         *generator,
           SdCatalogueEntry  *entry,
           const Subject     *subject,
           const SdShareType *share_type,
           guint              provider_index)
{
  guint n_methods = share_type->methods != NULL ? g_strv_length (share_type->methods) : 0;
  const char *methods[3] = { NULL, };

  sd_catalogue_entry_set_share_type (entry, share_type->id);
  sd_catalogue_entry_set_share_scope (entry, generator->templates.scope);
  if (n_methods > 0)
    {
      guint first = g_rand_int_range (generator->rand, 0, n_methods);

      methods[0] = share_type->methods[first];
      if (n_methods > 1 && g_rand_boolean (generator->rand))
        methods[1] = share_type->methods[(first + 1) % n_methods];
    }
  sd_catalogue_entry_set_share_methods (entry, methods);
  if (g_str_equal (share_type->id, "conditional"))
    {
      g_autofree char *conditions =
        g_strdup_printf ("仅限用于%s相关的行政管理和公共服务职责，使用部门应签署数据使用协议，不得向第三方提供。",
                         subject->name);

      sd_catalogue_entry_set_share_conditions (entry, conditions);
    }
  if (g_str_equal (share_type->id, "not-shared") || g_str_equal (share_type->id, "special"))
    sd_catalogue_entry_set_share_legal_basis (entry, generator->templates.legal_basis);
  if (g_str_equal (share_type->id, "special"))
    set_recipients (generator, entry, provider_index);
}

static const char *
choose_update_cycle (Generator *generator)
{
  GPtrArray *cycles = sd_policy_get_update_cycles (generator->policy);
  /* "other" is for what fits no cycle: the demo's data all does. */
  const SdPolicyItem *cycle = g_ptr_array_index (cycles, g_rand_int_range (generator->rand, 0,
                                                                           cycles->len - 1));
  return cycle->id;
}

static void
set_format (Generator        *generator,
            SdCatalogueEntry *entry)
{
  static const char * const database_types[] = { "KingbaseES", "Dm", "oracle", "sqlserver" };

  if (g_rand_int_range (generator->rand, 0, 4) == 0)
    {
      sd_catalogue_entry_set_format_kind (entry, "service-interface");
      sd_catalogue_entry_set_format_type (entry, "RESTful API");
      return;
    }
  sd_catalogue_entry_set_format_kind (entry, "database");
  sd_catalogue_entry_set_format_type (entry, database_types[g_rand_int_range (generator->rand, 0,
                                                                              G_N_ELEMENTS (database_types))]);
}

/* Mostly published; some drafts without an abstract and some submitted
 * without an update cycle, so that the checker has findings to show. */
static void
set_state (Generator        *generator,
           SdCatalogueEntry *entry)
{
  int roll = g_rand_int_range (generator->rand, 0, 100);

  if (roll < 7)
    {
      sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_DRAFT);
      sd_catalogue_entry_set_abstract (entry, "");
    }
  else if (roll < 14)
    {
      sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_SUBMITTED);
      sd_catalogue_entry_set_update_cycle (entry, "");
    }
  else
    {
      g_autofree char *release = g_strdup_printf ("%d-%02d-%02d", 2025 + roll % 2,
                                                  1 + roll % 10, 1 + (roll * 7) % 28);

      sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
      sd_catalogue_entry_set_release_date (entry, release);
    }
}

static SdCatalogueEntry *
build_entry (Generator *generator,
             guint      department_index,
             guint      subject_index,
             guint      kind_index)
{
  SdDepartment *department = g_ptr_array_index (generator->departments, department_index);
  const Subject *subject = &generator->templates.subjects[subject_index];
  const DatasetKind *kind = &dataset_kinds[kind_index];
  char category = kind->category == '1' && subject->basic_category == NULL ? '3' : kind->category;
  g_autofree char *classification = classification_code (subject, subject_index, kind_index,
                                                         department_index, category);
  g_autofree char *resource_code = sd_identifier_resource_code_build (classification,
                                                                      ++generator->sequence);
  g_autofree char *name = g_strconcat (subject->name, kind->name, NULL);
  g_autofree char *abstract = g_strdup_printf ("%s汇集、维护的%s，按%s共享，用于跨部门业务协同和监管。",
                                               department->name, name, generator->templates.scope);
  g_autofree char *source_system = g_strdup_printf ("%s管理信息系统", subject->name);
  SdCatalogueEntry *entry = sd_catalogue_entry_new ();

  sd_catalogue_entry_set_classification_code (entry, classification);
  sd_catalogue_entry_set_resource_code (entry, resource_code);
  sd_catalogue_entry_set_name (entry, name);
  sd_catalogue_entry_set_abstract (entry, abstract);
  sd_catalogue_entry_set_provider_name (entry, department->name);
  sd_catalogue_entry_set_provider_uscc (entry, department->uscc);
  set_format (generator, entry);
  add_items (generator, entry, subject, kind);
  set_share (generator, entry, subject, choose_share_type (generator, subject, category),
             department_index);
  sd_catalogue_entry_set_update_cycle (entry, choose_update_cycle (generator));
  sd_catalogue_entry_set_source_system (entry, source_system);
  sd_catalogue_entry_set_security_level (entry, subject->kind == SUBJECT_PERSON ? "sensitive" : "general");
  sd_catalogue_entry_set_contains_personal_info (entry, subject->kind == SUBJECT_PERSON);
  set_state (generator, entry);
  return entry;
}

GPtrArray *
sd_demo_entries_new (SdPolicy  *policy,
                     GPtrArray *departments)
{
  Generator generator = { policy, departments, profile_templates (policy), NULL, 0 };
  guint n_pairs = generator.templates.n_subjects * G_N_ELEMENTS (dataset_kinds);
  g_autofree guint *pairs = g_new (guint, n_pairs);
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);
  guint next = 0;

  g_return_val_if_fail (departments->len * ENTRIES_PER_DEPARTMENT <= n_pairs, entries);

  generator.rand = g_rand_new_with_seed (DEMO_SEED);
  for (guint i = 0; i < n_pairs; i++)
    pairs[i] = i;
  for (guint i = n_pairs - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (generator.rand, 0, i + 1);
      guint swap = pairs[i];

      pairs[i] = pairs[j];
      pairs[j] = swap;
    }

  for (guint d = 0; d < departments->len; d++)
    for (guint k = 0; k < ENTRIES_PER_DEPARTMENT; k++, next++)
      {
        guint pair = pairs[next];
        /* test-platform-demo checks that the published ones pass the
         * compliance check. */
        g_ptr_array_add (entries, build_entry (&generator, d,
                                               pair / G_N_ELEMENTS (dataset_kinds),
                                               pair % G_N_ELEMENTS (dataset_kinds)));
      }
  g_rand_free (generator.rand);
  return entries;
}
