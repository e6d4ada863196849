//! The customer store: add, edit, trash, restore, purge, get and list.
//!
//! Functions take a `&Connection` so they compose inside one transaction;
//! `Db`'s methods at the bottom are what the app and CLI call.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{
    Customer, CustomerInput, CustomerPage, CustomerQuery, CustomerRow, Gender, SortDir, SortField,
    TagCount,
};
use crate::search::{index_customer, query_terms, search_condition, unindex_customer};
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::{validate_customer, ValidCustomer};

/// The most rows one page may ask for.
pub const MAX_PAGE: u32 = 1000;

fn parse_json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Inserts a validated customer; returns its id.
pub fn insert_customer(conn: &Connection, c: &ValidCustomer, now: DateTime<Utc>) -> Result<i64> {
    let now = ts(now);
    conn.prepare_cached(
        "INSERT INTO customers (name, phones, email, address, company, birthday, gender, source,
                                contact_cycle_days, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        c.name,
        serde_json::to_string(&c.phones).expect("strings serialise"),
        c.email,
        c.address,
        c.company,
        c.birthday.map(|d| d.to_string()),
        c.gender.map(Gender::as_str),
        c.source,
        c.contact_cycle_days,
        c.notes,
        now,
    ])?;
    let id = conn.last_insert_rowid();
    // A new customer has no tags to remove and leaves no tag unused.
    add_tags(conn, id, &c.tags)?;
    index_customer(conn, id, c)?;
    Ok(id)
}

pub fn update_customer(
    conn: &Connection,
    id: i64,
    c: &ValidCustomer,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = conn.execute(
        "UPDATE customers SET name = ?2, phones = ?3, email = ?4, address = ?5, company = ?6,
                birthday = ?7, gender = ?8, source = ?9, contact_cycle_days = ?10, notes = ?11,
                updated_at = ?12
         WHERE id = ?1",
        params![
            id,
            c.name,
            serde_json::to_string(&c.phones).expect("strings serialise"),
            c.email,
            c.address,
            c.company,
            c.birthday.map(|d| d.to_string()),
            c.gender.map(Gender::as_str),
            c.source,
            c.contact_cycle_days,
            c.notes,
            ts(now),
        ],
    )?;
    if changed == 0 {
        return Err(Error::CustomerNotFound(id));
    }
    set_tags(conn, id, &c.tags)?;
    index_customer(conn, id, c)?;
    Ok(())
}

fn set_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?
        .execute([id])?;
    add_tags(conn, id, tags)?;
    // Tags no customer uses any more disappear from the tag filter.
    conn.prepare_cached("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM customer_tags)")?
        .execute([])?;
    Ok(())
}

fn add_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    for tag in tags {
        // The first spelling of a tag wins; later ones reuse it, ignoring case.
        conn.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
            .execute([tag])?;
        conn.prepare_cached(
            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
        )?
        .execute(params![id, tag])?;
    }
    Ok(())
}

/// A customer's tags as a JSON array, in name order: one subquery for every select.
macro_rules! tags_json {
    () => {
        "(SELECT json_group_array(name) FROM (SELECT t.name FROM customer_tags ct
           JOIN tags t ON t.id = ct.tag_id
           WHERE ct.customer_id = c.id ORDER BY t.name COLLATE NOCASE))"
    };
}
pub(crate) use tags_json;

pub(crate) const CUSTOMER_COLUMNS: &str = concat!(
    "c.id, c.name, c.phones, c.email, c.address, c.company, c.birthday, c.gender,
     c.source, c.contact_cycle_days, c.notes, c.created_at, c.updated_at, c.deleted_at, ",
    tags_json!()
);

pub(crate) fn customer_from_row(r: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phones: parse_json_list(&r.get::<_, String>(2)?),
        email: r.get(3)?,
        address: r.get(4)?,
        company: r.get(5)?,
        birthday: r
            .get::<_, Option<String>>(6)?
            .and_then(|s| s.parse::<NaiveDate>().ok()),
        gender: r
            .get::<_, Option<String>>(7)?
            .and_then(|s| Gender::parse(&s)),
        source: r.get(8)?,
        contact_cycle_days: r.get(9)?,
        notes: r.get(10)?,
        created_at: read_ts(r, 11)?,
        updated_at: read_ts(r, 12)?,
        deleted_at: read_opt_ts(r, 13)?,
        tags: parse_json_list(&r.get::<_, String>(14)?),
    })
}

pub fn get_customer(conn: &Connection, id: i64) -> Result<Customer> {
    conn.query_row(
        &format!("SELECT {CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ?1"),
        [id],
        customer_from_row,
    )
    .optional()?
    .ok_or(Error::CustomerNotFound(id))
}

/// Moves a customer to the trash; their data stays until the trash is emptied.
/// Records (interactions, reminders, surveys) go only on customers who exist
/// and are not in the trash.
pub(crate) fn require_live_customer(conn: &Connection, customer_id: i64) -> Result<()> {
    if get_customer(conn, customer_id)?.deleted_at.is_some() {
        return Err(Error::CustomerInTrash(customer_id));
    }
    Ok(())
}

pub fn trash_customer(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE customers SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, ts(now)],
    )?;
    if changed == 0 {
        get_customer(conn, id)?; // not found → that error; already in trash → fine
    }
    Ok(())
}

/// A merged-away customer is not in the trash: only undoing the merge brings
/// them back (with their records).
pub fn restore_customer(conn: &Connection, id: i64) -> Result<()> {
    let changed = conn.execute(
        "UPDATE customers SET deleted_at = NULL
         WHERE id = ?1 AND deleted_at IS NOT NULL AND merged_into IS NULL",
        [id],
    )?;
    if changed == 0 {
        get_customer(conn, id)?;
        return Err(Error::CustomerNotInTrash(id));
    }
    Ok(())
}

/// Deletes a trashed customer for good. Live customers must go to the trash first.
pub fn purge_customer(conn: &Connection, id: i64) -> Result<()> {
    let c = get_customer(conn, id)?;
    if c.deleted_at.is_none() || is_merged(conn, id)? {
        return Err(Error::CustomerNotInTrash(id));
    }
    unindex_customer(conn, id)?;
    conn.execute("DELETE FROM customers WHERE id = ?1", [id])?;
    conn.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM customer_tags)",
        [],
    )?;
    Ok(())
}

/// Whether the customer was merged into another (see merge.rs).
pub fn is_merged(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT merged_into IS NOT NULL FROM customers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// The WHERE clause and parameters for a list query (ignoring paging).
pub(crate) fn filter_sql(q: &CustomerQuery) -> (String, Vec<Value>) {
    let mut clauses = vec![if q.trash {
        // Merged-away customers wait for an undo, not in the trash.
        "c.deleted_at IS NOT NULL AND c.merged_into IS NULL"
    } else {
        "c.deleted_at IS NULL"
    }
    .to_string()];
    let mut params = Vec::new();
    let (search, search_params) = search_condition(&query_terms(&q.search));
    if !search.is_empty() {
        clauses.push(search);
        params.extend(search_params.into_iter().map(Value::Text));
    }
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        clauses.push(
            "c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?)"
                .into(),
        );
        params.push(Value::Text(tag.to_string()));
    }
    (clauses.join(" AND "), params)
}

/// The ORDER BY of a list query, and its parameters (which follow the
/// filter's). With a search, the best matches come first, each tier in the
/// chosen order (`search::Ranker`; the in-memory index orders the same way):
/// someone who types a name wants that person at the top, whatever the sort.
pub(crate) fn order_sql(q: &CustomerQuery) -> (String, Vec<Value>) {
    let dir = match q.dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    let (rank, params) = if query_terms(&q.search).is_empty() {
        (String::new(), vec![])
    } else {
        (
            "search_rank((SELECT body FROM customer_search WHERE id = c.id), ?), ".to_string(),
            vec![Value::Text(q.search.clone())],
        )
    };
    let order = if q.trash {
        format!("{rank}c.deleted_at {dir}, c.id {dir}")
    } else {
        match q.sort {
            SortField::Name => format!("{rank}c.name COLLATE NOCASE {dir}, c.id {dir}"),
            SortField::Created => format!("{rank}c.created_at {dir}, c.id {dir}"),
            SortField::Updated => format!("{rank}c.updated_at {dir}, c.id {dir}"),
        }
    };
    (order, params)
}

/// The count and page statements of a list query, for the query-plan tool.
#[doc(hidden)]
pub fn list_sql(q: &CustomerQuery) -> Vec<(String, Vec<Value>)> {
    let (filter, params) = filter_sql(q);
    let (order, order_params) = order_sql(q);
    vec![
        (count_sql(&filter), params.clone()),
        (
            page_sql(&filter, &order),
            [
                params,
                order_params,
                vec![Value::Integer(100), Value::Integer(0)],
            ]
            .concat(),
        ),
    ]
}

fn page_sql(filter: &str, order: &str) -> String {
    format!("{ROW_SELECT} FROM customers c WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?")
}

fn count_sql(filter: &str) -> String {
    format!("SELECT count(*) FROM customers c WHERE {filter}")
}

/// One page of the customer list, and how many match in all, in SQL alone.
///
/// The app answers filtered queries from the in-memory search index instead
/// (see `Db::list_customers`); this is the reference it is tested against,
/// and the fast path for the unfiltered list, which the sort indexes serve.
pub fn list_customers(conn: &Connection, q: &CustomerQuery) -> Result<CustomerPage> {
    let limit = q.limit.clamp(1, MAX_PAGE);
    let (filter, mut params) = filter_sql(q);
    let total: u32 = conn
        .prepare_cached(&count_sql(&filter))?
        .query_row(params_from_iter(&params), |r| r.get(0))?;
    let (order, order_params) = order_sql(q);
    params.extend(order_params);
    params.push(Value::Integer(limit.into()));
    params.push(Value::Integer(q.offset.into()));
    let mut stmt = conn.prepare_cached(&page_sql(&filter, &order))?;
    let rows = stmt
        .query_map(params_from_iter(&params), row_from_sql)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CustomerPage {
        total,
        offset: q.offset,
        rows,
    })
}

/// The ids of the customers carrying `tag` (any case).
pub fn ids_with_tag(conn: &Connection, tag: &str) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?1",
    )?;
    let ids = stmt
        .query_map([tag], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The list rows for `ids`, in the order given.
pub fn rows_by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<CustomerRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "{} FROM customers c WHERE c.id IN (SELECT value FROM json_each(?1))",
        ROW_SELECT
    );
    let json = serde_json::to_string(ids).expect("ids serialise");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found: std::collections::HashMap<i64, CustomerRow> = stmt
        .query_map([json], row_from_sql)?
        .map(|r| r.map(|row| (row.id, row)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

// Only purchases carry an amount (a CHECK says so): naming the kind lets the
// covering `interactions_purchases` index answer the spend without the rows.
const ROW_SELECT: &str = concat!(
    "SELECT c.id, c.name, c.phones, c.email, c.company, c.created_at, c.updated_at,
        c.deleted_at, ",
    tags_json!(),
    ",
        (SELECT last_contact_at FROM customer_contact WHERE customer_id = c.id),
        (SELECT coalesce(sum(amount_cents - coalesce(refunded_cents, 0)), 0) FROM interactions i
           WHERE i.customer_id = c.id AND i.kind = 'purchase' AND i.deleted_at IS NULL)"
);

fn row_from_sql(r: &Row) -> rusqlite::Result<CustomerRow> {
    Ok(CustomerRow {
        id: r.get(0)?,
        name: r.get(1)?,
        phones: parse_json_list(&r.get::<_, String>(2)?),
        email: r.get(3)?,
        company: r.get(4)?,
        created_at: read_ts(r, 5)?,
        updated_at: read_ts(r, 6)?,
        deleted_at: read_opt_ts(r, 7)?,
        tags: parse_json_list(&r.get::<_, String>(8)?),
        last_contact_at: read_opt_ts(r, 9)?,
        total_spent_cents: r.get(10)?,
    })
}

/// Calls `f` with every customer matching `q` (all pages), in list order,
/// without holding them all in memory: for exports.
pub fn for_each_customer(
    conn: &Connection,
    q: &CustomerQuery,
    f: impl FnMut(Customer) -> Result<()>,
) -> Result<()> {
    let (filter, params) = filter_sql(q);
    for_each_customer_where(conn, &filter, &params, q, f)
}

/// Calls `f` with every customer meeting the SQL condition `filter` on `c`,
/// in `q`'s list order: exports of a selection (see `bulk.rs`).
pub(crate) fn for_each_customer_where(
    conn: &Connection,
    filter: &str,
    params: &[Value],
    q: &CustomerQuery,
    f: impl FnMut(Customer) -> Result<()>,
) -> Result<()> {
    let (order, order_params) = order_sql(q);
    let mut params = params.to_vec();
    params.extend(order_params);
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers c WHERE {filter} ORDER BY {order}");
    stream_customers(conn, &sql, params_from_iter(&params), f)
}

/// Calls `f` with every live customer in id order: the whole-workbook export,
/// whose other sheets are in id order too.
/// Every customer, the trashed ones too, in id order.
pub(crate) fn for_each_stored_customer(
    conn: &Connection,
    f: impl FnMut(Customer) -> Result<()>,
) -> Result<()> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers c ORDER BY c.id");
    stream_customers(conn, &sql, [], f)
}

pub(crate) fn for_each_live_customer(
    conn: &Connection,
    f: impl FnMut(Customer) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers c WHERE c.deleted_at IS NULL ORDER BY c.id"
    );
    stream_customers(conn, &sql, [], f)
}

pub(crate) fn stream_customers(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut f: impl FnMut(Customer) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        f(customer_from_row(row)?)?;
    }
    Ok(())
}

/// Tags in use by live customers, with how many carry each.
pub fn list_tags(conn: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name, count(c.id) FROM tags t
         JOIN customer_tags ct ON ct.tag_id = t.id
         JOIN customers c ON c.id = ct.customer_id AND c.deleted_at IS NULL
         GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
    )?;
    let tags = stmt
        .query_map([], |r| {
            Ok(TagCount {
                name: r.get(0)?,
                customers: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(tags)
}

pub fn count_customers(conn: &Connection, trash: bool) -> Result<u32> {
    let sql = if trash {
        "SELECT count(*) FROM customers WHERE deleted_at IS NOT NULL AND merged_into IS NULL"
    } else {
        "SELECT count(*) FROM customers WHERE deleted_at IS NULL"
    };
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// What the app and the CLI call: validation, the write in one transaction,
/// and the stored result back.
impl Db {
    pub fn create_customer(&self, input: &CustomerInput) -> Result<Customer> {
        let now = self.now();
        let valid = validate_customer(input, now.date_naive())?;
        self.write(|tx| {
            let id = insert_customer(tx, &valid, now)?;
            get_customer(tx, id)
        })
    }

    pub fn update_customer(&self, id: i64, input: &CustomerInput) -> Result<Customer> {
        let now = self.now();
        let valid = validate_customer(input, now.date_naive())?;
        self.write(|tx| {
            update_customer(tx, id, &valid, now)?;
            get_customer(tx, id)
        })
    }

    pub fn get_customer(&self, id: i64) -> Result<Customer> {
        self.read(|c| get_customer(c, id))
    }

    pub fn trash_customer(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.write(|tx| trash_customer(tx, id, now))
    }

    pub fn restore_customer(&self, id: i64) -> Result<()> {
        self.write(|tx| restore_customer(tx, id))
    }

    pub fn purge_customer(&self, id: i64) -> Result<()> {
        self.write(|tx| purge_customer(tx, id))
    }

    /// A page of the list. Searches and tag filters are answered from the
    /// in-memory index; the plain list straight from SQLite's sort indexes.
    pub fn list_customers(&self, q: &CustomerQuery) -> Result<CustomerPage> {
        let tag = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if q.search.trim().is_empty() && tag.is_none() {
            return self.read(|c| list_customers(c, q));
        }
        self.with_search_index(|conn, index| {
            let only = tag.map(|t| ids_with_tag(conn, t)).transpose()?;
            let (total, ids) = index.find(q, only.as_ref(), q.limit.clamp(1, MAX_PAGE));
            Ok(CustomerPage {
                total,
                offset: q.offset,
                rows: rows_by_id(conn, &ids)?,
            })
        })
    }

    pub fn list_tags(&self) -> Result<Vec<TagCount>> {
        self.read(list_tags)
    }
}
