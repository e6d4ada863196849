//! The types that cross the core's boundary: to the UI over IPC (mirrored in
//! TypeScript by ts-rs) and to the CLI as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }

    /// Accepts the stored form and what people type (English or Chinese).
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "female" | "f" | "女" | "woman" => Some(Gender::Female),
            "male" | "m" | "男" | "man" => Some(Gender::Male),
            "other" | "其他" => Some(Gender::Other),
            _ => None,
        }
    }
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Customer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub company: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub contact_cycle_days: Option<u32>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set while the customer is in the trash.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// What the customer form (or the CLI) sends: raw text, validated by the
/// core so every surface gets the same rules and the same messages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CustomerInput {
    pub name: String,
    pub phones: Vec<String>,
    pub email: String,
    pub address: String,
    pub company: String,
    /// `YYYY-MM-DD` (also `YYYY/M/D` and `YYYY年M月D日`), or empty.
    pub birthday: String,
    /// `female`, `male`, `other`, or empty.
    pub gender: String,
    pub source: String,
    pub tags: Vec<String>,
    /// Whole days, or empty for none.
    pub contact_cycle_days: String,
    pub notes: String,
}

impl From<&Customer> for CustomerInput {
    fn from(c: &Customer) -> Self {
        CustomerInput {
            name: c.name.clone(),
            phones: c.phones.clone(),
            email: c.email.clone().unwrap_or_default(),
            address: c.address.clone().unwrap_or_default(),
            company: c.company.clone().unwrap_or_default(),
            birthday: c.birthday.map(|d| d.to_string()).unwrap_or_default(),
            gender: c.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
            source: c.source.clone().unwrap_or_default(),
            tags: c.tags.clone(),
            contact_cycle_days: c
                .contact_cycle_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notes: c.notes.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortField {
    #[default]
    Name,
    Created,
    Updated,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// Which customers to list: the search box, the tag filter, the sort, the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CustomerQuery {
    pub search: String,
    pub tag: Option<String>,
    pub sort: SortField,
    pub dir: SortDir,
    /// List the trash instead of the live customers.
    pub trash: bool,
    pub offset: u32,
    pub limit: u32,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            search: String::new(),
            tag: None,
            sort: SortField::Name,
            dir: SortDir::Asc,
            trash: false,
            offset: 0,
            limit: 100,
        }
    }
}

/// One line of the customer list: enough to show and to open the detail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the latest interaction happened, if any.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// All purchases added up, in hundredths.
    #[ts(type = "number")]
    pub total_spent_cents: i64,
}

/// A page of the list and how many customers match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<CustomerRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TagCount {
    pub name: String,
    pub customers: u32,
}

/// The languages the UI and the exported headers speak.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `zh`, `zh-CN`, `zh_CN.UTF-8`, `zh-Hans` → Chinese; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }
}

/// What an export wrote, so the UI can tell the user (and warn about cut cells).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportReport {
    pub path: String,
    pub rows: u32,
    /// Cells longer than Excel's 32,767-character limit, cut with a marker.
    pub truncated_cells: u32,
}

/// What the window needs to know at start: which database, whether it opened,
/// and which language to speak.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    /// Why the database could not be opened; the window shows an error screen.
    pub db_error: Option<crate::error::ApiError>,
    pub language: Lang,
    /// False until the user picks a language; until then it follows the OS.
    pub language_chosen: bool,
}

/// What kind of contact an interaction was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum InteractionKind {
    Visit,
    Call,
    Message,
    Email,
    Purchase,
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 6] = [
        InteractionKind::Visit,
        InteractionKind::Call,
        InteractionKind::Message,
        InteractionKind::Email,
        InteractionKind::Purchase,
        InteractionKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Visit => "visit",
            InteractionKind::Call => "call",
            InteractionKind::Message => "message",
            InteractionKind::Email => "email",
            InteractionKind::Purchase => "purchase",
            InteractionKind::Note => "note",
        }
    }

    /// The stored form, or what people type (English or Chinese).
    pub fn parse(s: &str) -> Option<InteractionKind> {
        match s.trim().to_lowercase().as_str() {
            "visit" | "到店" | "来访" => Some(InteractionKind::Visit),
            "call" | "phone" | "电话" => Some(InteractionKind::Call),
            "message" | "msg" | "短信" | "微信" | "消息" => Some(InteractionKind::Message),
            "email" | "邮件" => Some(InteractionKind::Email),
            "purchase" | "消费" | "购买" => Some(InteractionKind::Purchase),
            "note" | "备注" | "记录" => Some(InteractionKind::Note),
            _ => None,
        }
    }
}

/// One recorded contact with a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Interaction {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    /// Purchases only: the amount in hundredths (分).
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// Purchases only: money given back (分); net spend is amount − refunded.
    #[ts(type = "number | null")]
    pub refunded_cents: Option<i64>,
    /// Purchases only: what was bought.
    pub items: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// What the "log an interaction" form (or the CLI) sends, validated by the core.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct InteractionInput {
    /// `visit`, `call`, `message`, `email`, `purchase` or `note`.
    pub kind: String,
    /// RFC 3339, or local `YYYY-MM-DD HH:MM`; empty for now.
    pub occurred_at: String,
    pub summary: String,
    /// Purchases: `128`, `128.5` or `128.50`.
    pub amount: String,
    /// Purchases: money given back, at most the amount; empty for none.
    pub refund: String,
    pub items: String,
}
