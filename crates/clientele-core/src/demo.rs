//! Deterministic demo customers: for trying the app, screenshots and benchmarks.
//! The same seed always gives the same customers, on every machine.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::customers::insert_customer;
use crate::db::Db;
use crate::error::Result;
use crate::model::Gender;
use crate::validate::ValidCustomer;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "单",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "三", "明朗", "晓燕", "建国", "海燕",
    "志强", "文", "婷", "浩然", "子涵", "雨欣",
];
const LATIN_FIRST: &[&str] = &[
    "Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Isabel", "Jack", "Laura",
    "Marco", "Nina", "Oliver", "Paula", "Sam", "Tom", "Yuki", "Zoe", "Li", "Wei",
];
const LATIN_LAST: &[&str] = &[
    "Smith", "Müller", "Rossi", "García", "Nguyen", "Kim", "Tanaka", "Brown", "Dubois", "Novak",
    "O'Brien", "Chen", "Wang", "Schmidt", "Silva",
];
const COMPANIES: &[&str] = &[
    "鲜果坊",
    "永辉超市",
    "好邻居便利店",
    "明华餐饮有限公司",
    "金色阳光幼儿园",
    "Green Leaf Café",
    "城南菜市场",
    "老街理发店",
    "华联批发部",
    "Sunrise Trading Co.",
    "星河酒店",
    "百草堂药店",
];
const SOURCES: &[&str] = &[
    "朋友介绍",
    "路过进店",
    "微信",
    "美团",
    "大众点评",
    "老客户推荐",
    "Walk-in",
    "Flyer",
];
const TAGS: &[&str] = &[
    "VIP",
    "老客户",
    "批发",
    "新客户",
    "会员",
    "餐饮",
    "Wholesale",
    "Regular",
    "团购",
];
const NOTES: &[&str] = &[
    "喜欢新鲜的草莓，周末常来。",
    "只要有机蔬菜。",
    "Prefers a call after 6 pm.",
    "每月初进货，量大，要发票。",
    "对价格敏感，有促销时通知。",
    "Allergic to peanuts — mention when recommending snacks.",
    "上次投诉过送货晚了，已道歉。",
    "",
    "",
    "",
];
const DOMAINS: &[&str] = &[
    "qq.com",
    "163.com",
    "126.com",
    "gmail.com",
    "outlook.com",
    "sina.com",
];
const CITIES: &[&str] = &[
    "上海市浦东新区",
    "北京市朝阳区",
    "杭州市西湖区",
    "广州市天河区",
    "成都市武侯区",
    "深圳市南山区",
];

/// The customers for `count` and `seed`, with the time each was added.
pub fn demo_customers(count: usize, seed: u64) -> Vec<(ValidCustomer, DateTime<Utc>)> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let pick = |rng: &mut fastrand::Rng, list: &[&'static str]| list[rng.usize(..list.len())];
    // Fixed, so that the same seed gives the same data whatever the date.
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    (0..count)
        .map(|i| {
            let chinese = rng.u8(..100) < 80;
            let name = if chinese {
                format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN))
            } else {
                format!(
                    "{} {}",
                    pick(&mut rng, LATIN_FIRST),
                    pick(&mut rng, LATIN_LAST)
                )
            };
            let mut phones = vec![mobile(&mut rng)];
            if rng.u8(..100) < 15 {
                phones.push(format!(
                    "0{}-{:08}",
                    rng.u32(10..999),
                    rng.u32(..100_000_000)
                ));
            }
            let email = (rng.u8(..100) < 45)
                .then(|| format!("user{}{}@{}", i, rng.u32(..1000), pick(&mut rng, DOMAINS)));
            let company = (rng.u8(..100) < 30).then(|| pick(&mut rng, COMPANIES).to_string());
            let address = (rng.u8(..100) < 50).then(|| {
                format!(
                    "{}{}路{}号",
                    pick(&mut rng, CITIES),
                    pick(&mut rng, GIVEN),
                    rng.u32(1..999)
                )
            });
            let birthday = (rng.u8(..100) < 60).then(|| {
                NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Duration::days(rng.i64(0..365 * 55))
            });
            let gender = match rng.u8(..10) {
                0..=4 => Some(Gender::Female),
                5..=8 => Some(Gender::Male),
                _ => None,
            };
            let mut tags = Vec::new();
            for _ in 0..rng.usize(0..3) {
                let t = pick(&mut rng, TAGS).to_string();
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let customer = ValidCustomer {
                name,
                phones,
                email,
                address,
                company,
                birthday,
                gender,
                source: (rng.u8(..100) < 70).then(|| pick(&mut rng, SOURCES).to_string()),
                tags,
                contact_cycle_days: (rng.u8(..100) < 40)
                    .then(|| [7, 14, 30, 60, 90][rng.usize(..5)]),
                notes: pick(&mut rng, NOTES).to_string(),
            };
            let added = base - Duration::minutes(rng.i64(0..60 * 24 * 365 * 3));
            (customer, added)
        })
        .collect()
}

fn mobile(rng: &mut fastrand::Rng) -> String {
    let prefix = ["138", "139", "186", "158", "177", "150", "189", "135"][rng.usize(..8)];
    let rest = rng.u32(..100_000_000);
    match rng.u8(..10) {
        0 => format!("+86 {prefix} {:04} {:04}", rest / 10_000, rest % 10_000),
        1 => format!("{prefix}-{:04}-{:04}", rest / 10_000, rest % 10_000),
        _ => format!("{prefix}{rest:08}"),
    }
}

impl Db {
    /// Adds `count` demo customers in one transaction; returns how many.
    pub fn insert_demo(&self, count: usize, seed: u64) -> Result<usize> {
        let customers = demo_customers(count, seed);
        self.write(|tx| {
            for (c, added) in &customers {
                insert_customer(tx, c, *added)?;
            }
            Ok(customers.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate_customer;

    #[test]
    fn same_seed_same_customers_and_all_valid() {
        let a = demo_customers(500, 7);
        assert_eq!(a, demo_customers(500, 7));
        assert_ne!(a, demo_customers(500, 8));
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for (c, _) in &a {
            let input = crate::model::CustomerInput {
                name: c.name.clone(),
                phones: c.phones.clone(),
                email: c.email.clone().unwrap_or_default(),
                birthday: c.birthday.map(|d| d.to_string()).unwrap_or_default(),
                ..Default::default()
            };
            validate_customer(&input, today).unwrap();
        }
        assert!(a.iter().any(|(c, _)| c.name.is_ascii()));
        assert!(a.iter().any(|(c, _)| !c.name.is_ascii()));
    }
}
