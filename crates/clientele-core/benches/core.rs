//! Benchmarks for issue targets, on a real database file of demo customers.
//!
//! `cargo bench -p clientele-core --bench core -- [CUSTOMERS]` (default 100,000).
//! Prints search-as-you-type latency percentiles, open-to-first-page time and
//! Excel export time, and, when Python's XlsxWriter is installed, the same
//! export written by it side by side. Results go in BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use clientele_core::export::export_customers;
use clientele_core::model::{CustomerQuery, Lang};
use clientele_core::Db;

/// What a person types, one keystroke at a time.
const TYPED: &[&str] = &[
    "张三",
    "王芳",
    "李明朗",
    "曾",
    "单",
    "1380013",
    "0013",
    "+86 138",
    "021-",
    "gmail",
    "qq.com",
    "VIP",
    "Anna",
    "müller",
    "o'brien",
    "喜欢新鲜",
    "鲜果坊",
    "批发",
    "user12",
    "Green Leaf",
];

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");

    let t = Instant::now();
    Db::open(&path).unwrap().insert_demo(n, 42).unwrap();
    println!(
        "demo: {n} customers inserted in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    println!("database file: {:.1} MB", file_mb(&path));

    // Open to a usable list: open the file (schema check) and read the first page.
    let mut opens = vec![];
    for _ in 0..5 {
        let t = Instant::now();
        let db = Db::open(&path).unwrap();
        let page = db.list_customers(&CustomerQuery::default()).unwrap();
        opens.push(t.elapsed());
        assert_eq!(page.total as usize, n);
    }
    report("open + first page", &mut opens);

    let db = Db::open(&path).unwrap();
    let t = Instant::now();
    db.warm_search_index().unwrap();
    println!(
        "search index loaded in {:.1} ms (the app does this in the background at start)",
        ms(t.elapsed())
    );
    let mut keystrokes = vec![];
    let mut worst = ("", Duration::ZERO);
    for word in TYPED {
        let chars: Vec<char> = word.chars().collect();
        for i in 1..=chars.len() {
            let prefix: String = chars[..i].iter().collect();
            let q = CustomerQuery {
                search: prefix.clone(),
                ..Default::default()
            };
            let t = Instant::now();
            let page = db.list_customers(&q).unwrap();
            let took = t.elapsed();
            std::hint::black_box(page);
            keystrokes.push(took);
            if took > worst.1 {
                worst = (word, took);
            }
        }
    }
    report(
        &format!(
            "search as you type ({} keystrokes, first page of 100 + total)",
            keystrokes.len()
        ),
        &mut keystrokes,
    );
    println!(
        "  slowest: a prefix of {:?} at {:.1} ms",
        worst.0,
        ms(worst.1)
    );

    let mut tag = vec![];
    for _ in 0..20 {
        let t = Instant::now();
        db.list_customers(&CustomerQuery {
            tag: Some("VIP".into()),
            ..Default::default()
        })
        .unwrap();
        tag.push(t.elapsed());
    }
    report("tag filter", &mut tag);

    let out = dir.path().join("all.xlsx");
    let mut exports = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        let r = export_customers(&db, &CustomerQuery::default(), Lang::ZhCn, &out).unwrap();
        exports.push(t.elapsed());
        assert_eq!(r.rows as usize, n);
    }
    report(&format!("export {n} customers to .xlsx"), &mut exports);
    println!("  file: {:.1} MB", file_mb(&out));
    drop(db);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/xlsxwriter_export.py");
    let py_out = dir.path().join("python.xlsx");
    let mut py = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        let status = Command::new("python3")
            .arg(&script)
            .arg(&path)
            .arg(&py_out)
            .status();
        match status {
            Ok(s) if s.success() => py.push(t.elapsed()),
            _ => {
                println!("python XlsxWriter: not run (pip install xlsxwriter)");
                return;
            }
        }
    }
    report(&format!("python XlsxWriter, same {n} rows"), &mut py);
    println!(
        "  rust is {:.1}x faster (medians)",
        ms(median(&py)) / ms(median(&exports))
    );
}

fn file_mb(p: &Path) -> f64 {
    std::fs::metadata(p).unwrap().len() as f64 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

fn report(what: &str, v: &mut [Duration]) {
    v.sort();
    let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{what}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms (n={})",
        ms(pct(0.5)),
        ms(pct(0.95)),
        ms(v[v.len() - 1]),
        v.len()
    );
}
