//! The words for enumerated values (interaction kinds, complaint statuses,
//! categories, severities, remedies, repeat schedules) in the UI's languages,
//! for what the core writes for people to read: the Excel workbook.
//! The UI keeps its own tables (ui/src/i18n); the interaction kinds here use its words.

use crate::complaints::{ComplaintCategory, ComplaintStatus, Remedy, Severity};
use crate::model::{InteractionKind, Lang};
use crate::reminders::{Repeat, RepeatRule, RepeatUnit};

pub fn interaction_kind(k: InteractionKind, lang: Lang) -> &'static str {
    use InteractionKind::*;
    match lang {
        Lang::ZhCn => match k {
            Visit => "到店",
            Call => "电话",
            Message => "消息",
            Email => "邮件",
            Purchase => "消费",
            Note => "备注",
        },
        Lang::En => match k {
            Visit => "Visit",
            Call => "Call",
            Message => "Message",
            Email => "Email",
            Purchase => "Purchase",
            Note => "Note",
        },
    }
}

pub fn complaint_status(s: ComplaintStatus, lang: Lang) -> &'static str {
    use ComplaintStatus::*;
    match lang {
        Lang::ZhCn => match s {
            Open => "待处理",
            InProgress => "处理中",
            Resolved => "已解决",
            Closed => "已关闭",
        },
        Lang::En => match s {
            Open => "Open",
            InProgress => "In progress",
            Resolved => "Resolved",
            Closed => "Closed",
        },
    }
}

pub fn complaint_category(c: ComplaintCategory, lang: Lang) -> &'static str {
    use ComplaintCategory::*;
    match lang {
        Lang::ZhCn => match c {
            ProductQuality => "产品质量",
            StaffAttitude => "服务态度",
            PromiseNotKept => "承诺未兑现",
            Delivery => "配送",
            Price => "价格",
            Other => "其他",
        },
        Lang::En => match c {
            ProductQuality => "Product quality",
            StaffAttitude => "Staff attitude",
            PromiseNotKept => "Promise not kept",
            Delivery => "Delivery",
            Price => "Price",
            Other => "Other",
        },
    }
}

pub fn severity(s: Severity, lang: Lang) -> &'static str {
    use Severity::*;
    match lang {
        Lang::ZhCn => match s {
            Low => "低",
            Medium => "中",
            High => "高",
        },
        Lang::En => match s {
            Low => "Low",
            Medium => "Medium",
            High => "High",
        },
    }
}

pub fn remedy(r: Remedy, lang: Lang) -> &'static str {
    use Remedy::*;
    match lang {
        Lang::ZhCn => match r {
            Refund => "退款",
            Replacement => "换货",
            Discount => "折扣",
            Apology => "道歉",
            Other => "其他",
        },
        Lang::En => match r {
            Refund => "Refund",
            Replacement => "Replacement",
            Discount => "Discount",
            Apology => "Apology",
            Other => "Other",
        },
    }
}

pub fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match (lang, yes) {
        (Lang::ZhCn, true) => "是",
        (Lang::ZhCn, false) => "否",
        (Lang::En, true) => "Yes",
        (Lang::En, false) => "No",
    }
}

/// A schedule as a person says it.
///
/// ```
/// use clientele_core::labels::repeat;
/// use clientele_core::model::Lang;
/// use clientele_core::reminders::{Repeat, RepeatRule, RepeatUnit};
/// let r = |rule, every, unit| Repeat { rule, every, unit };
/// assert_eq!(repeat(r(RepeatRule::Fixed, 2, RepeatUnit::Week), Lang::En), "Every 2 weeks");
/// assert_eq!(repeat(r(RepeatRule::Fixed, 1, RepeatUnit::Month), Lang::ZhCn), "每月");
/// assert_eq!(repeat(r(RepeatRule::AfterDone, 1, RepeatUnit::Day), Lang::En), "1 day after each is done");
/// assert_eq!(repeat(r(RepeatRule::AfterDone, 3, RepeatUnit::Month), Lang::ZhCn), "每次完成后 3 个月");
/// ```
pub fn repeat(r: Repeat, lang: Lang) -> String {
    let n = r.every;
    match lang {
        Lang::ZhCn => {
            let unit = match r.unit {
                RepeatUnit::Day => "天",
                RepeatUnit::Week => "周",
                RepeatUnit::Month => "个月",
            };
            match (r.rule, n) {
                (RepeatRule::Fixed, 1) => match r.unit {
                    RepeatUnit::Day => "每天".into(),
                    RepeatUnit::Week => "每周".into(),
                    RepeatUnit::Month => "每月".into(),
                },
                (RepeatRule::Fixed, _) => format!("每 {n} {unit}"),
                (RepeatRule::AfterDone, _) => format!("每次完成后 {n} {unit}"),
            }
        }
        Lang::En => {
            let unit = match r.unit {
                RepeatUnit::Day => "day",
                RepeatUnit::Week => "week",
                RepeatUnit::Month => "month",
            };
            let plural = if n == 1 { "" } else { "s" };
            match (r.rule, n) {
                (RepeatRule::Fixed, 1) => format!("Every {unit}"),
                (RepeatRule::Fixed, _) => format!("Every {n} {unit}s"),
                (RepeatRule::AfterDone, _) => format!("{n} {unit}{plural} after each is done"),
            }
        }
    }
}
