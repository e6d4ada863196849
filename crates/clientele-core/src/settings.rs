//! App settings kept in the database, so they travel with the customer book.

use rusqlite::OptionalExtension;

use crate::db::Db;
use crate::error::Result;
use crate::model::Lang;

const LANGUAGE: &str = "language";

impl Db {
    /// The language the user chose, if they ever chose one.
    pub fn language(&self) -> Result<Option<Lang>> {
        let value: Option<String> = self.read(|c| {
            Ok(c.query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [LANGUAGE],
                |r| r.get(0),
            )
            .optional()?)
        })?;
        Ok(value.and_then(|v| serde_json::from_value(serde_json::Value::String(v)).ok()))
    }

    pub fn set_language(&self, lang: Lang) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [LANGUAGE, lang.code()],
            )?;
            Ok(())
        })
    }
}
