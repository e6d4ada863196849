//! The words for enumerated values (interaction kinds, complaint statuses,
//! categories, severities, remedies, repeat schedules) in the UI's languages,
//! for what the core writes for people to read: the Excel workbook.
//! The UI keeps its own tables (ui/src/i18n); the interaction kinds here use its words.

use crate::complaints::{ComplaintCategory, ComplaintStatus, Remedy, Severity};
use crate::insights::loyalty::DriftBasis;
use crate::insights::rfm::Segment;
use crate::model::{InteractionKind, Lang};
use crate::reminders::{Repeat, RepeatRule, RepeatUnit};
use crate::surveys::SurveyDimension;

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

/// A survey dimension's name: the owner's own, else the built-in one.
pub fn survey_dimension(d: &SurveyDimension, lang: Lang) -> String {
    if let Some(name) = &d.name {
        return name.clone();
    }
    let zh = lang == Lang::ZhCn;
    match d.key.as_deref().unwrap_or("") {
        "productQuality" => {
            if zh {
                "产品质量"
            } else {
                "Product quality"
            }
        }
        "price" => {
            if zh {
                "价格"
            } else {
                "Price"
            }
        }
        "delivery" => {
            if zh {
                "交付及时"
            } else {
                "Delivery / timeliness"
            }
        }
        "staffManner" => {
            if zh {
                "服务态度"
            } else {
                "Staff manner"
            }
        }
        "responseSpeed" => {
            if zh {
                "响应速度"
            } else {
                "Response speed"
            }
        }
        "complaintHandling" => {
            if zh {
                "投诉处理"
            } else {
                "Complaint handling"
            }
        }
        other => other,
    }
    .to_string()
}

/// The five levels of the survey scale, 1 (very dissatisfied) to 5.
pub fn rating_level(level: u8, lang: Lang) -> &'static str {
    const ZH: [&str; 5] = ["非常不满意", "不满意", "基本满意", "满意", "非常满意"];
    const EN: [&str; 5] = [
        "Very dissatisfied",
        "Dissatisfied",
        "Basically satisfied",
        "Satisfied",
        "Very satisfied",
    ];
    let i = usize::from(level.clamp(1, 5) - 1);
    match lang {
        Lang::ZhCn => ZH[i],
        Lang::En => EN[i],
    }
}

pub fn segment(s: Segment, lang: Lang) -> &'static str {
    use Segment::*;
    match lang {
        Lang::ZhCn => match s {
            Champions => "核心客户",
            Loyal => "忠诚客户",
            New => "新客户",
            NeedsAttention => "需要关注",
            AtRisk => "流失风险",
            Lost => "已流失",
        },
        Lang::En => match s {
            Champions => "Champions",
            Loyal => "Loyal",
            New => "New",
            NeedsAttention => "Needs attention",
            AtRisk => "At risk",
            Lost => "Lost",
        },
    }
}

/// What to do with a segment, in a line.
pub fn segment_hint(s: Segment, lang: Lang) -> &'static str {
    use Segment::*;
    match lang {
        Lang::ZhCn => match s {
            Champions => "感谢并回馈，请他们介绍新客户",
            Loyal => "保持联系，优先介绍新品",
            New => "尽快回访，促成第二次购买",
            NeedsAttention => "了解需求，给出有针对性的优惠",
            AtRisk => "马上联系，问清原因，把他们留住",
            Lost => "发一次问候或优惠，不必投入太多",
        },
        Lang::En => match s {
            Champions => "Thank and reward them; ask for referrals",
            Loyal => "Keep in touch; offer them new things first",
            New => "Follow up soon to win a second purchase",
            NeedsAttention => "Learn what they need; make a targeted offer",
            AtRisk => "Contact them now, find out why, win them back",
            Lost => "Send a greeting or an offer; don't overspend effort",
        },
    }
}

pub fn drift_basis(b: DriftBasis, lang: Lang) -> &'static str {
    match (lang, b) {
        (Lang::ZhCn, DriftBasis::Interval) => "远超平时的购买间隔",
        (Lang::ZhCn, DriftBasis::Cycle) => "超过联系周期",
        (Lang::En, DriftBasis::Interval) => "Well past their usual interval",
        (Lang::En, DriftBasis::Cycle) => "Past their contact cycle",
    }
}
