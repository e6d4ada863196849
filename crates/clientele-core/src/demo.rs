//! Deterministic demo data: for trying the app, screenshots and benchmarks.
//! Customers, then their interactions, complaints and reminders
//! (`demo/*.rs`), all written in one transaction.
//!
//! The same seed always gives the same content (names, texts, amounts, who
//! did what) on every machine. Customers are added at fixed times; activity is
//! placed relative to `now`, so Today has something due and overdue whatever
//! the date the demo is made on.

mod complaints;
mod interactions;
mod reminders;
mod texts;

use chrono::{DateTime, Days, Duration, Local, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, Transaction};

use crate::customers::insert_customer;
use crate::db::Db;
use crate::error::Result;
use crate::model::{Gender, InteractionInput};
use crate::validate::ValidCustomer;

pub use interactions::DEFAULT_INTERACTIONS_PER_CUSTOMER;

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

/// How much demo data to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    pub customers: usize,
    /// In total, spread unevenly: regulars have many, some customers none.
    pub interactions: usize,
}

impl DemoSize {
    /// `customers`, with [`DEFAULT_INTERACTIONS_PER_CUSTOMER`] interactions each on average.
    pub fn customers(customers: usize) -> DemoSize {
        DemoSize {
            customers,
            interactions: customers.saturating_mul(DEFAULT_INTERACTIONS_PER_CUSTOMER),
        }
    }
}

/// What a demo run wrote (rows added to each table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub customers: usize,
    pub interactions: usize,
    pub complaints: usize,
    /// Every reminder row: open, done, each step of a series, complaint follow-ups.
    pub reminders: usize,
}

/// Writes a demo of `size` in the caller's transaction, as it would look at
/// `now`. A transaction, not any connection: the interactions' indexes are
/// dropped and rebuilt while it runs, and a failure must roll that back.
///
/// Complaints and reminders go through the same functions the app uses, so
/// their states, steps and follow-ups are ones the app could have produced.
/// The interactions logged when reminders were done count towards
/// `size.interactions`, which is therefore exact.
pub fn write_demo(
    tx: &Transaction,
    size: DemoSize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DemoReport> {
    let conn: &Connection = tx;
    let before = table_counts(conn)?;
    let mut ids = Vec::with_capacity(size.customers);
    for (c, added) in demo_customers(size.customers, seed) {
        ids.push(insert_customer(conn, &c, added)?);
    }
    let mut logs = LogBudget {
        left: size.interactions,
    };
    complaints::write(conn, &ids, seed, now, &mut logs)?;
    reminders::write(conn, &ids, seed, now, &mut logs)?;
    interactions::write(conn, &ids, logs.left, seed, now)?;
    let after = table_counts(conn)?;
    Ok(DemoReport {
        customers: after.customers - before.customers,
        interactions: after.interactions - before.interactions,
        complaints: after.complaints - before.complaints,
        reminders: after.reminders - before.reminders,
    })
}

fn table_counts(conn: &Connection) -> Result<DemoReport> {
    let n = |table: &str| -> Result<usize> {
        let sql = format!("SELECT count(*) FROM {table}");
        Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(DemoReport {
        customers: n("customers")?,
        interactions: n("interactions")?,
        complaints: n("complaints")?,
        reminders: n("reminders")?,
    })
}

/// How many more interactions the demo may write; completing a reminder
/// spends one when it logs a call, so a tiny `--interactions` is still obeyed.
struct LogBudget {
    left: usize,
}

impl LogBudget {
    fn take(&mut self, log: Option<InteractionInput>) -> Option<InteractionInput> {
        let log = log?;
        self.left = self.left.checked_sub(1)?;
        Some(log)
    }
}

// Streams of randomness, one per part of the demo, so that asking for more
// interactions does not change the complaints or reminders.
const STREAM_COUNTS: u64 = 1;
const STREAM_INTERACTIONS: u64 = 2;
const STREAM_COMPLAINTS: u64 = 3;
const STREAM_REMINDERS: u64 = 4;

/// A generator for item `(a, b)` of `stream`: any item can be made again on
/// its own, without replaying the ones before it.
fn rng_for(seed: u64, stream: u64, a: u64, b: u64) -> fastrand::Rng {
    // SplitMix64's finaliser: nearby inputs give unrelated seeds.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    fastrand::Rng::with_seed(mix(mix(mix(mix(seed) ^ stream) ^ a) ^ b))
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, list: &[T]) -> T {
    list[rng.usize(..list.len())]
}

/// `minute` minutes after local midnight on `date`, as stored (UTC).
fn at_local(date: NaiveDate, minute: u32) -> DateTime<Utc> {
    let naive = date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(minute.into());
    match Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // A time skipped by a daylight-saving change: an hour later exists.
        None => Local
            .from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc)),
    }
}

/// `minute` past midnight, `days_ago` days before `now`'s local day, never after `now`.
fn days_ago_at(now: DateTime<Utc>, days_ago: u32, minute: u32) -> DateTime<Utc> {
    let today = crate::contact_cycle::local_date(now);
    let date = today
        .checked_sub_days(Days::new(days_ago.into()))
        .unwrap_or(today);
    at_local(date, minute).min(now)
}

/// The page cache while the demo is written: negative is KiB, so 256 MiB.
const DEMO_CACHE_KIB: i64 = -256 * 1024;

impl Db {
    /// Adds `count` demo customers with their activity (on average
    /// [`DEFAULT_INTERACTIONS_PER_CUSTOMER`] interactions each, complaints
    /// and reminders) in one transaction; returns how many customers.
    pub fn insert_demo(&self, count: usize, seed: u64) -> Result<usize> {
        Ok(self
            .insert_demo_sized(DemoSize::customers(count), seed)?
            .customers)
    }

    /// Adds a demo of `size` in one transaction, as of the clock's now.
    pub fn insert_demo_sized(&self, size: DemoSize, seed: u64) -> Result<DemoReport> {
        let now = self.now();
        // A bigger page cache while writing: a million rows touch the same
        // index and customer pages again and again, and with SQLite's default
        // 2 MB they are read back from the file each time (a quarter of the
        // time at full size). Put back afterwards, for the app's connection.
        let cache: i64 =
            self.read(|c| Ok(c.pragma_query_value(None, "cache_size", |r| r.get(0))?))?;
        self.read(|c| Ok(c.pragma_update(None, "cache_size", DEMO_CACHE_KIB)?))?;
        let written = self.write(|tx| write_demo(tx, size, seed, now));
        self.read(|c| Ok(c.pragma_update(None, "cache_size", cache)?))?;
        written
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
