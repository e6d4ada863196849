//! Benchmarks for issue targets, on a real database file of demo data.
//!
//! `cargo bench -p clientele-core --bench core -- [CUSTOMERS] [INTERACTIONS] [SECTION...]`
//! (default 100,000 customers and 10 interactions each; every section). The
//! demo is written once; then each section measures through the same core
//! functions the app's commands call and prints its numbers for
//! BENCHMARKS.md. Sections: `list` (open + first page, search as you type, tag
//! filter), `search` (issue 6: search as you type with ranking beside a plain
//! `LIKE '%q%'` scan of the same rows, and the index's size on disk), `export` (Excel, and Python's XlsxWriter side by side when
//! installed), `today`, `timeline`, `workbook` (the whole book), `import`
//! (the customer export read back: into a new book, and as a dry run against
//! the full one, every row a duplicate check), `backup` (a backup, and a
//! restore of it). A new benchmark is one more function in
//! `SECTIONS`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use clientele_core::demo::{DemoSize, DEFAULT_INTERACTIONS_PER_CUSTOMER};
use clientele_core::export::export_customers;
use clientele_core::model::{CustomerQuery, Lang};
use clientele_core::Db;

/// What every section gets: the database file, how many customers it has, a
/// folder for outputs.
struct Bench {
    path: std::path::PathBuf,
    dir: std::path::PathBuf,
    customers: usize,
}

type Section = fn(&Bench);

const SECTIONS: &[(&str, Section)] = &[
    ("list", list),
    ("search", search),
    ("export", export),
    ("today", today),
    ("timeline", timeline),
    ("workbook", workbook),
    ("import", import),
    ("backup", backup),
];

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
    "zs",
    "lml",
    "zhangsan",
    "wangfang",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let customers = numbers.first().copied().unwrap_or(100_000);
    let interactions = numbers
        .get(1)
        .copied()
        .unwrap_or(customers * DEFAULT_INTERACTIONS_PER_CUSTOMER);
    // Cargo passes `--bench`; names of sections are the other words.
    let chosen: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-') && a.parse::<usize>().is_err())
        .collect();
    let names: Vec<&str> = SECTIONS.iter().map(|(name, _)| *name).collect();
    if let Some(unknown) = chosen.iter().find(|c| !names.contains(c)) {
        panic!("no section {unknown:?}; the sections are {names:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    // To rerun sections without writing the demo again (it takes a while at
    // full size), name a file: it is made the first time and kept. Its
    // activity stays dated from the day it was made.
    let kept = std::env::var_os("CLIENTELE_BENCH_DB").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("bench.db"));
    if kept.is_some() && path.exists() {
        println!("using the demo already in {}", path.display());
    } else {
        let size = DemoSize {
            customers,
            interactions,
        };
        let t = Instant::now();
        let db = Db::open(&path).unwrap();
        let r = db.insert_demo_sized(size, 42).unwrap();
        let inserted = t.elapsed();
        drop(db); // closing checkpoints the write-ahead log into the file
        println!(
            "demo: {} customers, {} interactions, {} complaints, {} reminders inserted in \
             {:.2} s (one transaction; {:.2} s with closing the file)",
            r.customers,
            r.interactions,
            r.complaints,
            r.reminders,
            inserted.as_secs_f64(),
            t.elapsed().as_secs_f64()
        );
    }
    println!("database file: {:.1} MB", file_mb(&path));

    let bench = Bench {
        path: path.clone(),
        dir: dir.path().to_path_buf(),
        customers,
    };
    for (name, section) in SECTIONS {
        if chosen.is_empty() || chosen.contains(name) {
            section(&bench);
        }
    }
}

fn list(b: &Bench) {
    let n = b.customers;
    // Open to a usable list: open the file (schema check) and read the first page.
    let mut opens = vec![];
    for _ in 0..5 {
        let t = Instant::now();
        let db = Db::open(&b.path).unwrap();
        let page = db.list_customers(&CustomerQuery::default()).unwrap();
        opens.push(t.elapsed());
        assert_eq!(page.total as usize, n);
    }
    report("open + first page", &mut opens);

    let db = Db::open(&b.path).unwrap();
    let t = Instant::now();
    db.warm_search_index().unwrap();
    println!(
        "search index loaded in {:.1} ms (the app does this in the background at start)",
        ms(t.elapsed())
    );
    let mut keystrokes = vec![];
    let mut finding = vec![];
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
            let found = db
                .with_search_index(|_, index| Ok(index.find(&q, None, q.limit)))
                .unwrap();
            finding.push(t.elapsed());
            if std::env::var_os("BENCH_VERBOSE").is_some() {
                println!(
                    "    {prefix:?}: find {:.2} ms, {} hits",
                    ms(t.elapsed()),
                    found.0
                );
            }
            std::hint::black_box(found);
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
    report(
        "  of which finding the page's ids and the total in the index",
        &mut finding,
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
}

/// The CPU time this thread has used: beside the wall clock, it tells the
/// search's own cost apart from waiting for a core on a shared machine.
fn thread_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Every keystroke of `TYPED`, as typed so far.
fn keystrokes() -> Vec<String> {
    let mut out = vec![];
    for word in TYPED {
        let chars: Vec<char> = word.chars().collect();
        for i in 1..=chars.len() {
            out.push(chars[..i].iter().collect());
        }
    }
    out
}

/// Issue 6: search as you type (ranked, pinyin included) through the core,
/// beside the plain scan one would write without an index, on the same rows;
/// and what the search index costs on disk.
fn search(b: &Bench) {
    let db = Db::open(&b.path).unwrap();
    // Sizes on disk: dbstat counts each table's and index's pages.
    let sizes: Vec<(String, i64)> = db
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap();
    let size = |name: &str| {
        sizes
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .sum::<i64>() as f64
            / 1e6
    };
    let (index, customers) = (size("customer_search"), size("customers"));
    println!(
        "on disk: customer_search (the search index, no other index) {index:.1} MB; \
         the customers table {customers:.1} MB; ratio {:.2} (target ≤ 1)",
        index / customers
    );

    let t = Instant::now();
    let loaded = db.warm_search_index().unwrap();
    println!(
        "search index loaded in {:.1} ms ({loaded} customers)",
        ms(t.elapsed())
    );
    let typed = keystrokes();
    let like_sql = "SELECT c.id, c.name, count(*) OVER () FROM customers c
         WHERE c.deleted_at IS NULL AND (c.name LIKE ?1 ESCAPE '\\' OR c.phones LIKE ?1 ESCAPE '\\'
           OR c.email LIKE ?1 ESCAPE '\\' OR c.company LIKE ?1 ESCAPE '\\'
           OR c.notes LIKE ?1 ESCAPE '\\')
         ORDER BY c.name COLLATE NOCASE, c.id LIMIT 100";
    let (mut ours, mut ours_cpu, mut like, mut like_cpu) = (vec![], vec![], vec![], vec![]);
    let mut slowest_ratio = f64::INFINITY;
    for q in &typed {
        let query = CustomerQuery {
            search: q.clone(),
            ..Default::default()
        };
        let (t, cpu) = (Instant::now(), thread_cpu());
        let page = db.list_customers(&query).unwrap();
        ours.push(t.elapsed());
        ours_cpu.push(thread_cpu() - cpu);
        std::hint::black_box(page);
        if std::env::var_os("CLIENTELE_BENCH_NO_LIKE").is_some() {
            continue; // the scan takes minutes at a million; skip it to re-measure ours
        }
        let pattern = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let (t, cpu) = (Instant::now(), thread_cpu());
        let rows: Vec<(i64, String, i64)> = db
            .read(|c| {
                let mut stmt = c.prepare_cached(like_sql)?;
                let rows = stmt
                    .query_map([&pattern], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .unwrap();
        like.push(t.elapsed());
        like_cpu.push(thread_cpu() - cpu);
        std::hint::black_box(rows);
        let ratio = ms(*like.last().unwrap()) / ms(*ours.last().unwrap());
        slowest_ratio = slowest_ratio.min(ratio);
    }
    let n = typed.len();
    if like.is_empty() {
        report("search as you type, ranked, wall", &mut ours);
        report("  the same, CPU time of the thread", &mut ours_cpu);
        return;
    }
    report(
        &format!("search as you type, ranked ({n} keystrokes, first page of 100 + total), wall"),
        &mut ours.clone(),
    );
    report("  the same, CPU time of the thread", &mut ours_cpu);
    report(
        "plain LIKE '%q%' scan of name, phones, email, company, notes (first 100 + total), wall",
        &mut like.clone(),
    );
    report("  the same, CPU time of the thread", &mut like_cpu);
    println!(
        "  ours is {:.1}x faster at the median, {:.1}x at p95; {:.1}x on the keystroke where it gains least",
        ms(median(&like)) / ms(median(&ours)),
        ms(p95(&mut like)) / ms(p95(&mut ours)),
        slowest_ratio
    );
}

/// The p95 as `report` takes it.
fn p95(v: &mut [Duration]) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * 0.95).round() as usize]
}

fn export(b: &Bench) {
    let n = b.customers;
    let db = Db::open(&b.path).unwrap();
    let out = b.dir.join("all.xlsx");
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
    let py_out = b.dir.join("python.xlsx");
    let mut py = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        let status = Command::new("python3")
            .arg(&script)
            .arg(&b.path)
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

/// The whole book in one .xlsx: customers, interactions, complaints, reminders.
fn workbook(b: &Bench) {
    let db = Db::open(&b.path).unwrap();
    let out = b.dir.join("book.xlsx");
    let mut runs = vec![];
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        last = Some(db.export_workbook(&out, Lang::ZhCn).unwrap());
        runs.push(t.elapsed());
    }
    let r = last.expect("ran");
    report(
        &format!(
            "workbook export ({} customers, {} interactions, {} complaints, {} reminders)",
            r.customers, r.interactions, r.complaints, r.reminders
        ),
        &mut runs,
    );
    println!("  file: {:.1} MB", file_mb(&out));
}

/// The Today screen, as the app opens it (a fresh connection, then warm).
fn today(b: &Bench) {
    let db = Db::open(&b.path).unwrap();
    let t = Instant::now();
    let first = db.today_overview().unwrap();
    println!(
        "today, first call after opening: {:.1} ms ({} reminders due, {} contacts due, \
         {} open complaints, {} birthdays, {} recent)",
        ms(t.elapsed()),
        first.reminders_total,
        first.contacts_total,
        first.complaints_total,
        first.birthdays.len(),
        first.recent.len()
    );
    let mut times = vec![];
    for _ in 0..30 {
        let t = Instant::now();
        std::hint::black_box(db.today_overview().unwrap());
        times.push(t.elapsed());
    }
    report("today overview", &mut times);
}

/// A customer's timeline, for 2,000 customers picked at random and the 20
/// with the most interactions.
fn timeline(b: &Bench) {
    let db = Db::open(&b.path).unwrap();
    let busiest: Vec<i64> = db
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT customer_id FROM interactions GROUP BY customer_id
                 ORDER BY count(*) DESC, customer_id LIMIT 20",
            )?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })
        .unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut ids: Vec<i64> = (0..2_000)
        .map(|_| rng.i64(1..=b.customers as i64))
        .collect();
    ids.extend(&busiest);
    let mut times = vec![];
    let (mut worst, mut entries) = ((0, Duration::ZERO, 0), 0);
    for id in ids {
        let t = Instant::now();
        let items = db.timeline(id).unwrap();
        let took = t.elapsed();
        times.push(took);
        entries += items.len();
        if took > worst.1 {
            worst = (id, took, items.len());
        }
    }
    let n = times.len();
    report(
        &format!("timeline of one customer ({n} customers)"),
        &mut times,
    );
    println!(
        "  {:.1} entries on average; slowest: customer {} with {} entries at {:.1} ms",
        entries as f64 / n as f64,
        worst.0,
        worst.2,
        ms(worst.1)
    );
}

/// Reading a 100,000-row .xlsx back: the customer export of the demo, into a
/// new database (every row added) and as a dry run against the demo itself
/// (every row checked against 100,000 phones and emails).
fn import(b: &Bench) {
    use clientele_core::import::ImportOptions;
    let n = b.customers;
    let file = b.dir.join("import.xlsx");
    {
        let db = Db::open(&b.path).unwrap();
        export_customers(&db, &CustomerQuery::default(), Lang::ZhCn, &file).unwrap();
    }
    println!("import file: {n} rows, {:.1} MB", file_mb(&file));
    let options = ImportOptions::default();

    let mut fresh = vec![];
    for i in 0..3 {
        let db = Db::open(&b.dir.join(format!("import-{i}.db"))).unwrap();
        let t = Instant::now();
        let r = db.import(&file, &options, &mut |_, _| {}).unwrap();
        fresh.push(t.elapsed());
        assert_eq!(r.summary.added as usize + r.summary.skipped as usize, n);
    }
    report(
        &format!("import {n} rows into a new book (read, check, write, commit)"),
        &mut fresh,
    );

    // Into a copy of the full book: the pre-import backup of the whole file,
    // every row checked against the customers there, the new ones written.
    let mut full = vec![];
    for i in 0..3 {
        let copy = b.dir.join(format!("full-{i}")).join("clientele.db");
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::copy(&b.path, &copy).unwrap();
        let db = Db::open(&copy).unwrap();
        let t = Instant::now();
        let r = db.import(&file, &options, &mut |_, _| {}).unwrap();
        full.push(t.elapsed());
        assert!(r.backup.is_some());
        if i == 0 {
            let s = &r.summary;
            println!(
                "  into the full book: {} added, {} skipped as duplicates",
                s.added, s.skipped
            );
        }
        drop(db);
        std::fs::remove_dir_all(copy.parent().unwrap()).unwrap();
    }
    report(
        &format!("import {n} rows into the {n}-customer book (backup first, duplicate checks)"),
        &mut full,
    );

    let db = Db::open(&b.path).unwrap();
    let mut dry = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        let s = db.dry_run_import(&file, &options).unwrap();
        dry.push(t.elapsed());
        assert!(s.duplicates_total > 0);
    }
    report(
        &format!("dry run of {n} rows against {n} customers (duplicate checks)"),
        &mut dry,
    );

    let mut preview = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        db.preview_import(&file, &options).unwrap();
        preview.push(t.elapsed());
    }
    report(
        "preview (read the file, find the header, guess the columns)",
        &mut preview,
    );
}

/// A backup of the whole file (what the daily backup and "Back up now" do),
/// then a restore of it into a copy of the database (the bench's file stays
/// as it is, and no backups folder appears beside it).
fn backup(b: &Bench) {
    let db = Db::open(&b.path).unwrap();
    let out = b.dir.join("backup.db");
    let mut runs = vec![];
    for _ in 0..5 {
        let _ = std::fs::remove_file(&out);
        let t = Instant::now();
        let info = db.backup_to(&out).unwrap();
        runs.push(t.elapsed());
        assert_eq!(info.customers, Some(b.customers as u32));
    }
    report(
        &format!("backup of {} customers (online backup API)", b.customers),
        &mut runs,
    );
    println!("  file: {:.1} MB", file_mb(&out));
    drop(db);

    let live = b.dir.join("live").join("clientele.db");
    std::fs::create_dir_all(live.parent().unwrap()).unwrap();
    std::fs::copy(&b.path, &live).unwrap();
    let db = Db::open(&live).unwrap();
    let t = Instant::now();
    let r = db.restore_from(&out).unwrap();
    println!(
        "restore of that backup (copy, integrity check, pre-restore backup, copy in): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    assert_eq!(r.customers as usize, b.customers);
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
