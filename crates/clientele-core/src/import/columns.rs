//! Finding the header row (titles often sit above it) and guessing which
//! customer field each column holds, from Chinese and English headers.

use super::cells::cell_text;
use super::read::Grid;
use super::ImportField;
use crate::text::to_half_width;

/// Header words per field, already normalised (see [`normalize_header`]).
const SYNONYMS: &[(ImportField, &[&str])] = &[
    (
        ImportField::Name,
        &[
            "姓名",
            "名字",
            "客户名称",
            "客户姓名",
            "客户名",
            "客户",
            "联系人",
            "联系人姓名",
            "名称",
            "称呼",
            "会员姓名",
            "会员名称",
            "name",
            "fullname",
            "customer",
            "customername",
            "contact",
            "contactname",
            "clientname",
        ],
    ),
    (
        ImportField::Phones,
        &[
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "联系电话",
            "联系方式",
            "电话号码",
            "座机",
            "移动电话",
            "固话",
            "联系人电话",
            "phone",
            "phones",
            "mobile",
            "tel",
            "telephone",
            "cell",
            "cellphone",
            "phonenumber",
            "mobilephone",
        ],
    ),
    (
        ImportField::Email,
        &[
            "邮箱",
            "电子邮件",
            "电子邮箱",
            "邮件",
            "邮箱地址",
            "email",
            "e-mail",
            "mail",
            "emailaddress",
        ],
    ),
    (
        ImportField::Address,
        &[
            "地址",
            "联系地址",
            "住址",
            "收货地址",
            "通讯地址",
            "家庭住址",
            "address",
            "addr",
            "streetaddress",
        ],
    ),
    (
        ImportField::Company,
        &[
            "公司",
            "单位",
            "工作单位",
            "公司名称",
            "企业",
            "企业名称",
            "所在单位",
            "company",
            "companyname",
            "organization",
            "organisation",
            "employer",
            "business",
        ],
    ),
    (
        ImportField::Birthday,
        &[
            "生日",
            "出生日期",
            "出生年月",
            "出生年月日",
            "生日日期",
            "birthday",
            "dob",
            "dateofbirth",
            "birthdate",
        ],
    ),
    (ImportField::Gender, &["性别", "gender", "sex"]),
    (
        ImportField::Source,
        &[
            "来源",
            "客户来源",
            "渠道",
            "来源渠道",
            "获客渠道",
            "source",
            "channel",
            "referral",
            "leadsource",
        ],
    ),
    (
        ImportField::Tags,
        &[
            "标签",
            "分组",
            "类别",
            "分类",
            "客户类型",
            "客户分类",
            "客户等级",
            "会员等级",
            "等级",
            "tags",
            "tag",
            "group",
            "groups",
            "category",
            "categories",
            "labels",
            "label",
        ],
    ),
    (
        ImportField::ContactCycleDays,
        &[
            "联系周期",
            "联系周期天",
            "回访周期",
            "回访周期天",
            "contactcycle",
            "contactcycledays",
            "cycle",
        ],
    ),
    (
        ImportField::Notes,
        &[
            "备注",
            "说明",
            "附注",
            "备忘",
            "备注信息",
            "notes",
            "note",
            "remarks",
            "remark",
            "comment",
            "comments",
            "memo",
        ],
    ),
    // Recognised (they mark a header row) but not imported: our own export's
    // id and time stamps, and row counters.
    (
        ImportField::Skip,
        &[
            "编号",
            "序号",
            "客户编号",
            "id",
            "no",
            "no.",
            "#",
            "创建时间",
            "更新时间",
            "created",
            "updated",
            "lastcontact",
            "最近联系",
        ],
    ),
];

/// Lower case, half-width, without spaces, marks like `*` or `(必填)`, or a
/// trailing number (`电话2`): what is left names the field.
pub fn normalize_header(s: &str) -> String {
    let half: String = s.chars().map(to_half_width).collect();
    let mut out = String::new();
    let mut depth = 0;
    for c in half.to_lowercase().chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {
                // Keep a unit like (天)/(days): "联系周期(天)" → "联系周期天".
                if matches!(c, '天') || c.is_ascii_alphabetic() {
                    out.push(c);
                }
            }
            c if c.is_whitespace() || matches!(c, '*' | ':' | '_' | '-' | '/' | '.') => {}
            c => out.push(c),
        }
    }
    out.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// The field a header names: an exact word first, else the longest word it
/// contains (`客户姓名*` → name, `联系人电话` → phones). `None`: unknown.
pub fn guess_field(header: &str) -> Option<ImportField> {
    let n = normalize_header(header);
    if n.is_empty() {
        return None;
    }
    // "no." loses its dot in normalisation; compare both ways.
    for (field, words) in SYNONYMS {
        if words.iter().any(|w| normalize_header(w) == n) {
            return Some(*field);
        }
    }
    // Chinese compounds end in their head noun (客户电话 is a phone), so a
    // word at the end beats a longer one inside.
    let mut best: Option<(ImportField, (bool, usize))> = None;
    for (field, words) in SYNONYMS {
        for w in *words {
            let w = normalize_header(w);
            // Short Latin words ("id", "tel") would match inside other words.
            let long_enough = if w.is_ascii() {
                w.len() >= 5
            } else {
                w.chars().count() >= 2
            };
            let rank = (n.ends_with(&w), w.len());
            if long_enough && n.contains(&w) && best.is_none_or(|(_, r)| rank > r) {
                best = Some((*field, rank));
            }
        }
    }
    best.map(|(f, _)| f)
}

/// How many first rows are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The row (index into `grid.rows`) holding the headers: the one among the
/// first rows that names the most known fields; else the first row with two
/// or more filled cells (a title row above has just one). `None`: no rows.
pub fn find_header_row(grid: &Grid) -> Option<usize> {
    best_header(grid).map(|(i, _)| i).or_else(|| {
        grid.rows
            .iter()
            .position(|r| r.iter().filter(|c| !c.is_blank()).count() >= 2)
            .or_else(|| {
                grid.rows
                    .iter()
                    .position(|r| r.iter().any(|c| !c.is_blank()))
            })
    })
}

/// The row naming the most distinct known fields, and how many it names.
fn best_header(grid: &Grid) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        // Distinct fields: a title repeated across merged cells counts once.
        let mut fields: Vec<ImportField> = row
            .iter()
            .filter_map(|c| guess_field(&cell_text(c)))
            .collect();
        fields.sort_by_key(|f| f.as_str());
        fields.dedup();
        let known = fields.len();
        if known > 0 && best.is_none_or(|(_, k)| known > k) {
            best = Some((i, known));
        }
    }
    best
}

/// How many known fields the sheet's best header row names (0: none).
pub fn header_score(grid: &Grid) -> usize {
    best_header(grid).map_or(0, |(_, k)| k)
}

/// A guess per column. Fields that hold one value go to the first column
/// naming them; phones, tags and notes may come from several columns.
pub fn guess_columns(headers: &[String]) -> Vec<ImportField> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| match guess_field(h) {
            Some(f) if f.takes_many() || !taken.contains(&f) => {
                taken.push(f);
                f
            }
            _ => ImportField::Skip,
        })
        .collect()
}

/// The spreadsheet's name for column `i`: A, B, ... Z, AA, AB...
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::Cell;

    #[test]
    fn headers_in_both_languages_name_their_fields() {
        use ImportField::*;
        let cases = [
            ("姓名", Name),
            ("客户名称", Name),
            ("联系人", Name),
            ("Full Name", Name),
            ("手机号码", Phones),
            ("联系电话1", Phones),
            ("联系人电话", Phones),
            ("客户电话", Phones),
            ("会员手机号", Phones),
            ("Tel", Phones),
            ("Mobile Phone", Phones),
            ("电子邮件", Email),
            ("E-mail", Email),
            ("地址", Address),
            ("出生日期", Birthday),
            ("单位", Company),
            ("备注", Notes),
            ("分组", Tags),
            ("类别", Tags),
            ("联系周期（天）", ContactCycleDays),
            ("Contact cycle (days)", ContactCycleDays),
            ("客户姓名*", Name),
            ("编号", Skip),
            ("ID", Skip),
            ("创建时间", Skip),
        ];
        for (header, field) in cases {
            assert_eq!(guess_field(header), Some(field), "{header}");
        }
        assert_eq!(guess_field("喜欢的颜色"), None);
        assert_eq!(guess_field("Identity"), None);
    }

    #[test]
    fn the_header_is_found_below_titles() {
        let t = |s: &str| Cell::Text(s.into());
        let grid = Grid {
            rows: vec![
                vec![t("2024年客户名单")],
                vec![],
                vec![t("序号"), t("客户姓名"), t("手机"), t("备注")],
                vec![Cell::Number(1.0), t("张三"), Cell::Number(13800138000.0)],
            ],
            first_row: 0,
        };
        assert_eq!(find_header_row(&grid), Some(2));
    }

    #[test]
    fn one_column_per_single_field_many_for_phones() {
        use ImportField::*;
        let h: Vec<String> = ["姓名", "名字", "电话", "手机"].map(String::from).to_vec();
        assert_eq!(guess_columns(&h), vec![Name, Skip, Phones, Phones]);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
