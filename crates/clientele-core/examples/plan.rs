//! Developer tool: show SQLite's query plan and timing for list queries.
//! `cargo run --release -p clientele-core --example plan -- DB "search" [tag]`
use clientele_core::model::CustomerQuery;
use clientele_core::Db;
use std::time::Instant;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let db = Db::open(std::path::Path::new(&a[1])).unwrap();
    let q = CustomerQuery {
        search: a[2].clone(),
        tag: a.get(3).cloned(),
        ..Default::default()
    };
    for (sql, params) in clientele_core::customers::list_sql(&q) {
        println!("{sql}");
        db.read(|c| {
            let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
            while let Some(r) = rows.next()? {
                println!("  {}", r.get::<_, String>(3)?);
            }
            Ok(())
        })
        .unwrap();
    }
    for _ in 0..3 {
        let t = Instant::now();
        let p = db.list_customers(&q).unwrap();
        println!(
            "total {} in {:.1} ms",
            p.total,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
