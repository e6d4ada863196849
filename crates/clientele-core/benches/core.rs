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
//! restore of it), `insights` (a copy topped up to a million purchases and
//! 50,000 survey answers: the Insights figures and the insights workbook),
//! `duplicates` (find duplicates, on a copy with 1,000 planted duplicates
//! added; a merge and its undo), `bulk` (a tag added to every customer and
//! undone, the contact cycle set and undone, all moved to the trash and back,
//! each with the search that follows). A new benchmark is one more function in
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
    ("insights", insights),
    ("duplicates", duplicates),
    ("bulk", bulk),
];

/// Issue 5's size: purchases the insights are computed from.
const INSIGHTS_PURCHASES: i64 = 1_000_000;
/// Survey answers (three ratings each, some with C = b/a scores).
const INSIGHTS_SURVEYS: i64 = 50_000;

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

/// The CPU time the process has used, every thread (a big search scans on
/// several): beside the wall clock, it tells the search's own cost apart
/// from waiting for a core on a shared machine.
fn process_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
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
        let (t, cpu) = (Instant::now(), process_cpu());
        let page = db.list_customers(&query).unwrap();
        ours.push(t.elapsed());
        ours_cpu.push(process_cpu() - cpu);
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
        let (t, cpu) = (Instant::now(), process_cpu());
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
        like_cpu.push(process_cpu() - cpu);
        std::hint::black_box(rows);
        let ratio = ms(*like.last().unwrap()) / ms(*ours.last().unwrap());
        slowest_ratio = slowest_ratio.min(ratio);
    }
    let n = typed.len();
    if like.is_empty() {
        report("search as you type, ranked, wall", &mut ours);
        report("  the same, CPU time (all threads)", &mut ours_cpu);
        return;
    }
    report(
        &format!("search as you type, ranked ({n} keystrokes, first page of 100 + total), wall"),
        &mut ours.clone(),
    );
    report("  the same, CPU time (all threads)", &mut ours_cpu);
    report(
        "plain LIKE '%q%' scan of name, phones, email, company, notes (first 100 + total), wall",
        &mut like.clone(),
    );
    report("  the same, CPU time (all threads)", &mut like_cpu);
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

/// The Insights screen's one call and the insights workbook, on a copy of
/// the demo topped up with random purchases over three years (and survey
/// answers) so it holds `INSIGHTS_PURCHASES`.
fn insights(b: &Bench) {
    // Kept beside a kept demo (CLIENTELE_BENCH_DB) so reruns skip the top-up.
    let kept = std::env::var_os("CLIENTELE_BENCH_DB").is_some();
    let path = if kept {
        b.path.with_extension("insights.db")
    } else {
        b.dir.join("insights.db")
    };
    if kept && path.exists() {
        println!("using the insights data already in {}", path.display());
    } else {
        top_up(&b.path, &path);
    }
    insights_timings(b, &path);
}

fn top_up(demo: &Path, path: &Path) {
    std::fs::copy(demo, path).unwrap();
    let db = Db::open(path).unwrap();
    let t = Instant::now();
    let (purchases, surveys) = db
        .write(|tx| {
            let have: i64 = tx.query_row(
                "SELECT count(*) FROM interactions WHERE kind = 'purchase' AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            let customers: i64 = tx.query_row("SELECT max(id) FROM customers", [], |r| r.get(0))?;
            tx.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO interactions (customer_id, kind, occurred_at, summary, amount_cents,
                                           refunded_cents, created_at, updated_at)
                 SELECT 1 + abs(random()) % ?2, 'purchase',
                        strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (abs(random()) % 1095) || ' days',
                                 '-' || (abs(random()) % 86400) || ' seconds'),
                        '', 500 + abs(random()) % 80000, NULL, '2026-01-01T00:00:00.000Z',
                        '2026-01-01T00:00:00.000Z'
                 FROM n",
                rusqlite::params![(INSIGHTS_PURCHASES - have).max(0), customers],
            )?;
            // A few refunds, part and full.
            tx.execute(
                "UPDATE interactions SET refunded_cents = amount_cents / (1 + abs(random()) % 2)
                 WHERE kind = 'purchase' AND id % 97 = 0",
                [],
            )?;
            tx.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO surveys (customer_id, answered_on, expected_score, perceived_score,
                                      created_at, updated_at)
                 SELECT 1 + abs(random()) % ?2,
                        date('now', '-' || (abs(random()) % 1095) || ' days'),
                        CASE WHEN i % 3 = 0 THEN 5 + abs(random()) % 5 END,
                        CASE WHEN i % 3 = 0 THEN abs(random()) % 10 END,
                        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
                 FROM n",
                rusqlite::params![INSIGHTS_SURVEYS, customers],
            )?;
            tx.execute(
                "INSERT INTO survey_ratings (survey_id, dimension_id, rating)
                 SELECT s.id, d.id, 1 + abs(random()) % 5 FROM surveys s
                 JOIN survey_dimensions d ON d.id <= 3",
                [],
            )?;
            let purchases: i64 = tx.query_row(
                "SELECT count(*) FROM interactions WHERE kind = 'purchase' AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            let surveys: i64 = tx.query_row("SELECT count(*) FROM surveys", [], |r| r.get(0))?;
            Ok((purchases, surveys))
        })
        .unwrap();
    println!(
        "insights data: {purchases} purchases, {surveys} survey answers ({:.1} s to add)",
        t.elapsed().as_secs_f64()
    );
}

/// The screen's call, as the app makes it on opening the screen: a fresh
/// connection, then warm, for the default period and for all time.
fn insights_timings(b: &Bench, path: &Path) {
    use clientele_core::insights::InsightsQuery;

    let db = Db::open(path).unwrap();
    let today = db.today();
    let last_12 = InsightsQuery {
        from: Some(today - chrono::Months::new(12)),
        to: None,
    };
    let t = Instant::now();
    let i = db.insights(&last_12).unwrap();
    println!(
        "insights, last 12 months, first call: {:.0} ms ({} buyers, {} drifting, {} months)",
        ms(t.elapsed()),
        i.value.buyers,
        i.loyalty.drifting_total,
        i.months.len()
    );
    for (what, query) in [
        ("last 12 months", &last_12),
        ("all time", &InsightsQuery::default()),
    ] {
        let mut runs = vec![];
        for _ in 0..5 {
            let t = Instant::now();
            db.insights(query).unwrap();
            runs.push(t.elapsed());
        }
        report(&format!("insights, {what}"), &mut runs);
    }

    let out = b.dir.join("insights.xlsx");
    let mut runs = vec![];
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        last = Some(db.export_insights(&last_12, &out, Lang::ZhCn).unwrap());
        runs.push(t.elapsed());
    }
    let r = last.expect("ran");
    report(
        &format!(
            "insights workbook, last 12 months ({} sheets, {} buyers, {} drifting)",
            r.sheets, r.buyers, r.drifting
        ),
        &mut runs,
    );
    println!("  file: {:.1} MB", file_mb(&out));
}

/// Finding duplicates among every customer, as the "Find duplicates" screen
/// asks. Runs on a copy of the book with 1,000 planted duplicates of existing
/// customers (the same phone written with +86 and dashes, the same email in
/// upper case, the same name with a phone one digit off or two digits
/// swapped), so the other sections' book stays as it was.
fn duplicates(b: &Bench) {
    use clientele_core::merge::MergeRequest;
    use clientele_core::model::CustomerInput;

    let copy = b.dir.join("duplicates.db");
    std::fs::copy(&b.path, &copy).unwrap();
    let db = Db::open(&copy).unwrap();
    let before = db.find_duplicates().unwrap().groups.len();
    let t = Instant::now();
    let step = (b.customers / 1000).max(1) as i64;
    let originals: Vec<clientele_core::model::Customer> = (0..1000)
        .filter_map(|i| db.get_customer(1 + i * step).ok())
        .collect();
    db.write(|tx| {
        for (i, c) in originals.iter().enumerate() {
            let mut copy = CustomerInput::from(c);
            copy.notes.clear();
            let phone = c.phones.first().cloned().unwrap_or_default();
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            match i % 4 {
                0 if digits.len() == 11 => {
                    copy.phones = vec![format!(
                        "+86 {}-{}-{}",
                        &digits[..3],
                        &digits[3..7],
                        &digits[7..]
                    )];
                    copy.email.clear();
                }
                1 if !copy.email.is_empty() => {
                    copy.email = copy.email.to_uppercase();
                    copy.phones.clear();
                }
                2 if digits.len() == 11 => {
                    let last = (digits.as_bytes()[10] - b'0' + 1) % 10;
                    copy.phones = vec![format!("{}{}", &digits[..10], last)];
                    copy.email.clear();
                }
                _ if digits.len() == 11 && digits.as_bytes()[9] != digits.as_bytes()[10] => {
                    copy.phones = vec![format!(
                        "{}{}{}",
                        &digits[..9],
                        &digits[10..],
                        &digits[9..10]
                    )];
                    copy.email.clear();
                }
                _ => copy.email = copy.email.to_uppercase(),
            }
            let valid = clientele_core::validate::validate_customer(
                &copy,
                chrono::Utc::now().date_naive(),
            )?;
            clientele_core::customers::insert_customer(tx, &valid, chrono::Utc::now())?;
        }
        Ok(())
    })
    .unwrap();
    println!(
        "duplicates: {} groups in the demo as made, {} duplicates planted in {:.2} s",
        before,
        originals.len(),
        t.elapsed().as_secs_f64()
    );
    let mut runs = vec![];
    let mut found = None;
    for _ in 0..5 {
        let t = Instant::now();
        found = Some(db.find_duplicates().unwrap());
        runs.push(t.elapsed());
    }
    let found = found.expect("ran");
    let in_groups: usize = found.groups.iter().map(|g| g.customers.len()).sum();
    report(
        &format!(
            "find duplicates among {} customers ({} groups, {} customers in them)",
            found.checked,
            found.groups.len(),
            in_groups
        ),
        &mut runs,
    );
    assert!(
        found.groups.len() >= originals.len() - before,
        "the planted ones are found"
    );

    // Merging the older customers of the first group into the newest (so
    // their records move), and undoing it.
    let g = &found.groups[0];
    let (newest, older) = g.customers.split_last().expect("a group has customers");
    let req = MergeRequest {
        keep: newest.id,
        others: older.iter().map(|c| c.id).collect(),
        ..Default::default()
    };
    let t = Instant::now();
    let done = db.merge_customers(&req).unwrap();
    let merged = t.elapsed();
    let t = Instant::now();
    db.undo_merge(done.batch_id).unwrap();
    println!(
        "merge of {} customers moving {} records: {:.1} ms; its undo: {:.1} ms",
        g.customers.len(),
        done.moved,
        ms(merged),
        ms(t.elapsed())
    );
}

/// Bulk changes over every customer (issue 6): each, its undo, and the next
/// search, on a copy of the demo.
fn bulk(b: &Bench) {
    use clientele_core::bulk::CustomerSelection;
    let n = b.customers;
    // A copy, so the kept demo file stays as it was.
    let copy = b.dir.join("bulk").join("clientele.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&b.path, &copy).unwrap();
    let db = Db::open(&copy).unwrap();
    db.warm_search_index().unwrap();
    let everyone = CustomerSelection::matching(CustomerQuery::default(), &[]);
    let search = |text: &str| {
        let t = Instant::now();
        let page = db
            .list_customers(&CustomerQuery {
                search: text.into(),
                ..Default::default()
            })
            .unwrap();
        (page.total as usize, t.elapsed())
    };
    let (mut adds, mut undos, mut after) = (vec![], vec![], vec![]);
    let (mut add_cpu, mut undo_cpu) = (vec![], vec![]);
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu_time());
        let r = db.bulk_add_tags(&everyone, &["春季回访".into()]).unwrap();
        adds.push(t.elapsed());
        add_cpu.push(cpu_time() - c);
        assert_eq!(r.changed as usize, n);
        let (found, took) = search("春季回访");
        assert_eq!(found, n);
        after.push(took);
        let (t, c) = (Instant::now(), cpu_time());
        let u = db.undo_bulk(r.batch_id.unwrap()).unwrap();
        undos.push(t.elapsed());
        undo_cpu.push(cpu_time() - c);
        assert_eq!(u.restored as usize, n);
        let (found, took) = search("春季回访");
        assert_eq!(found, 0);
        after.push(took);
    }
    report(
        &format!("bulk: add a tag to all {n} customers (one transaction)"),
        &mut adds,
    );
    report(
        &format!("bulk: undo it ({n} customers' tags back)"),
        &mut undos,
    );
    report(
        "bulk: the next search (index refresh after the change)",
        &mut after,
    );
    // On a shared, busy machine the wall times above include waiting for a
    // core; the process's CPU time (all threads) is what the work itself took.
    report("bulk: add, CPU time of the process", &mut add_cpu);
    report("bulk: undo, CPU time of the process", &mut undo_cpu);

    let t = Instant::now();
    let sel = CustomerSelection::matching(
        CustomerQuery {
            search: "王".into(),
            ..Default::default()
        },
        &[],
    );
    let r = db.bulk_add_tags(&sel, &["王姓".into()]).unwrap();
    println!(
        "bulk: add a tag to all matching \"王\" ({} customers): {:.1} ms",
        r.changed,
        ms(t.elapsed())
    );

    let t = Instant::now();
    let r = db.bulk_set_contact_cycle(&everyone, "30").unwrap();
    let set = t.elapsed();
    let t = Instant::now();
    db.undo_bulk(r.batch_id.unwrap()).unwrap();
    println!(
        "bulk: contact cycle for {} customers: {:.1} ms, undo {:.1} ms",
        r.changed,
        ms(set),
        ms(t.elapsed())
    );

    let t = Instant::now();
    let r = db.bulk_trash(&everyone).unwrap();
    let trashed = t.elapsed();
    let t = Instant::now();
    db.undo_bulk(r.batch_id.unwrap()).unwrap();
    println!(
        "bulk: move {} customers to the trash: {:.1} ms, undo {:.1} ms",
        r.changed,
        ms(trashed),
        ms(t.elapsed())
    );
}

/// CPU time (user + system, all threads) this process has used so far, from
/// Linux's /proc (zero elsewhere).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses, utime and stime are the 12th
    // and 13th fields, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
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
