//! The insights workbook: every figure of the Insights screen as tables, with
//! native Excel charts beside them (revenue, satisfaction trend, complaints,
//! segments, Pareto), plus the per-customer RFM scores and every drifting
//! customer. Small tables live in memory so the charts can cache their
//! values; the per-customer sheets are written in constant memory.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Chart, ChartType, Workbook};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::value::share;
use super::{compute, Computed, Period};
use crate::error::Result;
use crate::labels;
use crate::model::Lang;
use crate::surveys::list_dimensions;
use crate::xlsx_sheet::{save_whole, Formats, Sheet};

/// What the insights export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InsightsReport {
    pub path: String,
    pub sheets: u32,
    /// Rows of the RFM sheet: the period's buyers.
    pub buyers: u32,
    pub drifting: u32,
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// A chart of one or more columns of a small sheet, rows 1..=last.
fn chart(
    kind: ChartType,
    sheet: &str,
    title: &str,
    last: u32,
    cat: u16,
    values: &[(u16, &str)],
) -> Chart {
    let mut chart = Chart::new(kind);
    for &(col, name) in values {
        chart
            .add_series()
            .set_name(name)
            .set_categories((sheet, 1, cat, last.max(1), cat))
            .set_values((sheet, 1, col, last.max(1), col));
    }
    chart.title().set_name(title);
    if values.len() == 1 {
        chart.legend().set_hidden();
    }
    chart.set_width(640).set_height(320);
    chart
}

fn period_text(period: &Period, lang: Lang) -> String {
    let from = period
        .from
        .map(|d| d.to_string())
        .unwrap_or_else(|| t(lang, "最早记录", "first record").to_string());
    format!("{from} – {}", period.to)
}

pub fn write(
    conn: &Connection,
    path: &Path,
    lang: Lang,
    period: &Period,
    today: NaiveDate,
) -> Result<InsightsReport> {
    // One read transaction: every sheet sees the same data.
    let snapshot = conn.unchecked_transaction()?;
    let Computed {
        insights: i,
        buyers,
        mut drifting,
        names,
    } = compute(&snapshot, period, today)?;
    super::fill_phones(&snapshot, &mut drifting)?;
    let dimensions = list_dimensions(&snapshot)?;
    snapshot.rollback()?;

    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let mut sheets = 0;

    // Summary.
    {
        let name = t(lang, "概览", "Summary");
        let mut s = Sheet::add_small(
            &mut workbook,
            &formats,
            name,
            &[t(lang, "指标", "Figure"), t(lang, "数值", "Value")],
            lang,
        )?;
        let row = |s: &mut Sheet, label: &str| -> Result<()> {
            s.next_row();
            s.text(0, label)
        };
        row(&mut s, t(lang, "期间", "Period"))?;
        s.text(1, &period_text(period, lang))?;
        row(
            &mut s,
            t(lang, "营业额（元，扣除退款）", "Revenue (net of refunds)"),
        )?;
        s.money(1, i.value.revenue_cents)?;
        row(&mut s, t(lang, "购买客户数", "Customers who bought"))?;
        s.integer(1, i.value.buyers.into())?;
        row(&mut s, t(lang, "复购率", "Repeat-purchase rate"))?;
        s.percent(1, i.loyalty.repeat_rate)?;
        row(
            &mut s,
            t(
                lang,
                "前 20% 客户贡献的营业额",
                "Revenue from the top 20% of customers",
            ),
        )?;
        s.percent(1, i.value.pareto.top_share)?;
        row(
            &mut s,
            t(
                lang,
                "满意度（满意 + 非常满意）",
                "Satisfaction rate (satisfied + very satisfied)",
            ),
        )?;
        s.percent(1, i.satisfaction.overall.rate)?;
        row(&mut s, t(lang, "调查份数", "Survey answers"))?;
        s.integer(1, i.satisfaction.surveys.into())?;
        row(
            &mut s,
            t(
                lang,
                "满意度指数 C = b/a（平均）",
                "Satisfaction index C = b/a (mean)",
            ),
        )?;
        s.decimal(1, i.satisfaction.index.mean)?;
        row(&mut s, t(lang, "收到投诉", "Complaints received"))?;
        s.integer(1, i.complaints.received.into())?;
        row(
            &mut s,
            t(
                lang,
                "待做回访调查的投诉",
                "Complaints awaiting a follow-up survey",
            ),
        )?;
        s.integer(1, i.satisfaction.awaiting_survey.len() as i64)?;
        row(&mut s, t(lang, "流失预警客户", "Drifting customers"))?;
        s.integer(1, i.loyalty.drifting_total.into())?;
        s.finish()?;
        sheets += 1;
    }

    // Month by month, with three charts.
    {
        let name = t(lang, "按月", "By month");
        let headers = [
            t(lang, "月份", "Month"),
            t(lang, "营业额", "Revenue"),
            t(lang, "购买次数", "Purchases"),
            t(lang, "满意度", "Satisfaction rate"),
            t(lang, "评分数", "Ratings"),
            t(lang, "投诉", "Complaints"),
            t(lang, "当月购买客户", "Buyers"),
            t(lang, "3 个月内再购", "Bought again within 3 months"),
            t(lang, "留存率", "Retention"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for (k, month) in i.months.iter().enumerate() {
            s.next_row();
            s.text(0, month)?;
            s.money(1, i.revenue_by_month[k].revenue_cents)?;
            s.integer(2, i.revenue_by_month[k].purchases.into())?;
            let sat = &i.satisfaction.by_month[k].counts;
            s.percent(3, sat.rate)?;
            s.integer(4, sat.ratings.into())?;
            s.integer(5, i.complaints.by_month[k].count.into())?;
            let r = &i.loyalty.retention[k];
            s.integer(6, r.buyers.into())?;
            s.integer(7, r.returned.into())?;
            s.percent(8, r.rate)?;
        }
        let last = s.last_row();
        s.chart(
            1,
            10,
            &chart(
                ChartType::Column,
                name,
                t(lang, "每月营业额", "Revenue by month"),
                last,
                0,
                &[(1, headers[1])],
            ),
        )?;
        s.chart(
            18,
            10,
            &chart(
                ChartType::Line,
                name,
                t(lang, "满意度趋势", "Satisfaction trend"),
                last,
                0,
                &[(3, headers[3])],
            ),
        )?;
        s.chart(
            35,
            10,
            &chart(
                ChartType::Column,
                name,
                t(lang, "每月投诉", "Complaints by month"),
                last,
                0,
                &[(5, headers[5])],
            ),
        )?;
        s.finish()?;
        sheets += 1;
    }

    // Satisfaction per dimension.
    {
        let name = t(lang, "满意度", "Satisfaction");
        let mut headers = vec![t(lang, "维度", "Dimension"), t(lang, "评分数", "Ratings")];
        headers.extend((1..=5).rev().map(|l| labels::rating_level(l, lang)));
        headers.extend([
            t(lang, "满意度", "Satisfaction rate"),
            t(lang, "平均分（1–5）", "Average (1–5)"),
        ]);
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for d in &i.satisfaction.by_dimension {
            s.next_row();
            let label = dimensions
                .iter()
                .find(|x| x.id == d.dimension_id)
                .map(|x| labels::survey_dimension(x, lang))
                .unwrap_or_default();
            s.text(0, &label)?;
            s.integer(1, d.counts.ratings.into())?;
            for (col, level) in (1..=5u8).rev().enumerate() {
                s.integer(
                    2 + col as u16,
                    d.counts.levels[usize::from(level - 1)].into(),
                )?;
            }
            s.percent(7, d.counts.rate)?;
            s.decimal(8, d.counts.average)?;
        }
        let last = s.last_row();
        s.chart(
            1,
            10,
            &chart(
                ChartType::Bar,
                name,
                t(lang, "各维度满意度", "Satisfaction by dimension"),
                last,
                0,
                &[(7, headers[7])],
            ),
        )?;
        s.finish()?;
        sheets += 1;
    }

    // Complaints by cause.
    {
        let name = t(lang, "投诉原因", "Complaint causes");
        let headers = [t(lang, "原因", "Cause"), t(lang, "投诉数", "Complaints")];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for c in &i.complaints.by_category {
            s.next_row();
            s.text(0, labels::complaint_category(c.category, lang))?;
            s.integer(1, c.count.into())?;
        }
        let last = s.last_row();
        s.chart(
            1,
            3,
            &chart(
                ChartType::Column,
                name,
                t(lang, "投诉原因", "Complaints by cause"),
                last,
                0,
                &[(1, headers[1])],
            ),
        )?;
        s.finish()?;
        sheets += 1;
    }

    // Segments.
    {
        let name = t(lang, "客户分群", "Segments");
        let headers = [
            t(lang, "分群", "Segment"),
            t(lang, "客户数", "Customers"),
            t(lang, "营业额", "Revenue"),
            t(lang, "营业额占比", "Share of revenue"),
            t(lang, "建议", "What to do"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for g in &i.value.segments {
            s.next_row();
            s.text(0, labels::segment(g.segment, lang))?;
            s.integer(1, g.customers.into())?;
            s.money(2, g.revenue_cents)?;
            s.percent(3, share(g.revenue_cents, i.value.revenue_cents))?;
            s.text(4, labels::segment_hint(g.segment, lang))?;
        }
        let last = s.last_row();
        s.chart(
            1,
            6,
            &chart(
                ChartType::Column,
                name,
                t(lang, "各分群客户数", "Customers per segment"),
                last,
                0,
                &[(1, headers[1])],
            ),
        )?;
        s.finish()?;
        sheets += 1;
    }

    // Pareto curve and the top customers.
    {
        let name = t(lang, "二八分析", "Pareto");
        let headers = [
            t(
                lang,
                "客户占比（按消费从高到低）",
                "Share of customers (best first)",
            ),
            t(lang, "累计营业额占比", "Cumulative share of revenue"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for p in &i.value.pareto.curve {
            s.next_row();
            s.percent(0, Some(p.customers))?;
            s.percent(1, Some(p.revenue))?;
        }
        let last = s.last_row();
        let mut curve = Chart::new(ChartType::ScatterStraight);
        curve
            .add_series()
            .set_name(headers[1])
            .set_categories((name, 1, 0, last.max(1), 0))
            .set_values((name, 1, 1, last.max(1), 1));
        curve
            .title()
            .set_name(t(lang, "帕累托曲线", "Pareto curve"));
        curve.x_axis().set_name(headers[0]).set_max(1.0);
        curve.y_axis().set_name(headers[1]).set_max(1.0);
        curve.legend().set_hidden();
        curve.set_width(640).set_height(360);
        s.chart(1, 3, &curve)?;
        s.finish()?;
        sheets += 1;

        let name = t(lang, "重要客户", "Top customers");
        let headers = [
            t(lang, "排名", "Rank"),
            t(lang, "客户编号", "Customer ID"),
            t(lang, "客户", "Customer"),
            t(lang, "消费", "Spent"),
            t(lang, "占营业额", "Share of revenue"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for (rank, c) in i.value.pareto.top.iter().enumerate() {
            s.next_row();
            s.integer(0, rank as i64 + 1)?;
            s.integer(1, c.id)?;
            s.text(2, &c.name)?;
            s.money(3, c.spent_cents)?;
            s.percent(4, c.share)?;
        }
        s.finish()?;
        sheets += 1;
    }

    // Tags.
    {
        let name = t(lang, "标签", "Tags");
        let headers = [
            t(lang, "标签", "Tag"),
            t(lang, "客户数", "Customers"),
            t(lang, "客户占比", "Share of customers"),
            t(lang, "营业额", "Revenue"),
            t(lang, "营业额占比", "Share of revenue"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for tag in &i.value.tags {
            s.next_row();
            s.text(0, &tag.tag)?;
            s.integer(1, tag.customers.into())?;
            s.percent(2, tag.customer_share)?;
            s.money(3, tag.revenue_cents)?;
            s.percent(4, tag.revenue_share)?;
        }
        s.finish()?;
        sheets += 1;
    }

    // Complaints still waiting for their follow-up survey.
    {
        let name = t(lang, "待回访调查", "Awaiting survey");
        let headers = [
            t(lang, "投诉编号", "Complaint ID"),
            t(lang, "客户编号", "Customer ID"),
            t(lang, "客户", "Customer"),
            t(lang, "原因", "Cause"),
            t(lang, "解决日期", "Resolved on"),
        ];
        let mut s = Sheet::add_small(&mut workbook, &formats, name, &headers, lang)?;
        for w in &i.satisfaction.awaiting_survey {
            s.next_row();
            s.integer(0, w.complaint_id)?;
            s.integer(1, w.customer_id)?;
            s.text(2, &w.customer_name)?;
            s.text(3, labels::complaint_category(w.category, lang))?;
            s.date(4, w.resolved_on)?;
        }
        s.finish()?;
        sheets += 1;
    }

    // Every drifting customer, best spenders first.
    {
        let name = t(lang, "流失预警", "Drifting");
        let headers = [
            t(lang, "客户编号", "Customer ID"),
            t(lang, "客户", "Customer"),
            t(lang, "电话", "Phone"),
            t(lang, "最后购买", "Last purchase"),
            t(lang, "距今天数", "Days since"),
            t(lang, "平时间隔（天）", "Usual interval (days)"),
            t(lang, "联系周期（天）", "Contact cycle (days)"),
            t(lang, "原因", "Why"),
            t(lang, "累计消费", "Total spent"),
            t(lang, "购买次数", "Purchases"),
            t(lang, "已安排回访", "Follow-up planned"),
        ];
        let mut s = Sheet::add(&mut workbook, &formats, name, &headers, lang)?;
        for d in &drifting {
            s.next_row();
            s.integer(0, d.id)?;
            s.text(1, &d.name)?;
            s.text(2, d.phone.as_deref().unwrap_or(""))?;
            if let Some(last) = d.loyalty.last_purchase {
                s.date(3, last)?;
            }
            if let Some(days) = d.loyalty.days_since_last {
                s.integer(4, days)?;
            }
            s.decimal(5, d.loyalty.usual_interval_days)?;
            if let Some(c) = d.contact_cycle_days {
                s.integer(6, c.into())?;
            }
            s.text(7, labels::drift_basis(d.basis, lang))?;
            s.money(8, d.loyalty.total_spent_cents)?;
            s.integer(9, d.loyalty.purchases.into())?;
            if let Some(on) = d.next_reminder_on {
                s.date(10, on)?;
            }
        }
        s.finish()?;
        sheets += 1;
    }

    // RFM per buyer, best spenders first.
    {
        let name = "RFM";
        let headers = [
            t(lang, "客户编号", "Customer ID"),
            t(lang, "客户", "Customer"),
            t(lang, "距最后购买（天）", "Days since last purchase"),
            t(lang, "购买天数", "Purchase days"),
            t(lang, "消费", "Spent"),
            "R",
            "F",
            "M",
            t(lang, "分群", "Segment"),
        ];
        let mut s = Sheet::add(&mut workbook, &formats, name, &headers, lang)?;
        for b in super::value::by_spend(&buyers) {
            s.next_row();
            s.integer(0, b.id)?;
            s.text(1, names.get(&b.id).map(String::as_str).unwrap_or(""))?;
            s.integer(2, b.measures.recency_days)?;
            s.integer(3, b.measures.frequency.into())?;
            s.money(4, b.measures.monetary_cents)?;
            s.integer(5, b.scored.r.into())?;
            s.integer(6, b.scored.f.into())?;
            s.integer(7, b.scored.m.into())?;
            s.text(8, labels::segment(b.scored.segment, lang))?;
        }
        s.finish()?;
        sheets += 1;
    }

    save_whole(&mut workbook, path)?;
    Ok(InsightsReport {
        path: path.display().to_string(),
        sheets,
        buyers: buyers.len() as u32,
        drifting: drifting.len() as u32,
    })
}
