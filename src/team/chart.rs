//! The picture of the report page: registration % per day over the 30 days up to the report's day,
//! for the team and for each operator (wic-core's `report` of each day), laid out for an inline SVG
//! — the points' coordinates, the 100 % and target lines, the axis ticks. Pure geometry and
//! numbers; the page only draws what this says.
//! Must not know the DOM, storage or how the numbers were fetched.

use chrono::{Datelike, TimeDelta};
use serde::Serialize;
use wic_core::model::CallRecord;
use wic_core::registration::{report, Report, Rules, TotalLevel};

use super::request::Window;

/// Days in the picture.
pub const DAYS: u32 = 30;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// One day with counted calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Counted calls.
    pub total: u32,
    /// Linked calls.
    pub linked: u32,
    /// Percent, half up.
    pub percent: u32,
    /// Position.
    pub x: f64,
    /// Position.
    pub y: f64,
}

/// One line: the team's or an operator's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The operator, or empty for the team.
    pub name: String,
    /// Days with counted calls.
    pub points: Vec<Point>,
    /// Runs of consecutive days with counted calls (a day without any breaks the line).
    pub segments: Vec<Vec<[f64; 2]>>,
}

/// A labelled position on an axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    /// The label.
    pub label: String,
    /// x (day ticks) or y (percent ticks).
    pub at: f64,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// The plot area: left, top, right, bottom.
    pub plot: [f64; 4],
    /// Every day shown, `YYYY-MM-DD`, oldest first.
    pub days: Vec<String>,
    /// The team (all operators together).
    pub team: Series,
    /// One per operator who had counted calls, by name.
    pub operators: Vec<Series>,
    /// The lowest percent on the axis.
    pub y_min: u32,
    /// y of the 100 % line.
    pub y100: f64,
    /// The team's target, percent.
    pub target: u32,
    /// y of the target line.
    pub y_target: f64,
    /// Percent ticks.
    pub y_ticks: Vec<Tick>,
    /// Day ticks (`dd.mm`).
    pub x_ticks: Vec<Tick>,
}

/// (day index, operator or "" for the team) → (total, linked, percent) for days with counted calls.
pub(super) type Cell = (usize, String, u32, u32, u32);

/// The cells of day `i` from that day's report: each operator with counted calls, and the team.
pub(super) fn report_cells(i: usize, rep: &Report, out: &mut Vec<Cell>) {
    for r in rep.rows.iter().filter(|r| !r.operator.is_empty()) {
        if let Some(p) = r.percent {
            out.push((i, r.operator.clone(), r.total, r.linked, p));
        }
    }
    let all = rep.totals.iter().find(|t| t.level == TotalLevel::All);
    if let Some((t, Some(p))) = all.map(|t| (t, t.percent)) {
        out.push((i, String::new(), t.total, t.linked, p));
    }
}

fn cells(records: &[CallRecord], rules: &Rules, window: &Window) -> Vec<Cell> {
    let mut out = Vec::new();
    for i in 0..DAYS as usize {
        let day = window.chart_from + TimeDelta::days(i as i64);
        let (from, to) = (
            window.midnight(day),
            window.midnight(day + TimeDelta::days(1)),
        );
        let of_day: Vec<CallRecord> = records
            .iter()
            .filter(|r| r.call.started_at.is_some_and(|t| t >= from && t < to))
            .cloned()
            .collect();
        if !of_day.is_empty() {
            report_cells(i, &report(&of_day, rules), &mut out);
        }
    }
    out
}

/// The picture of `records` over the 30 days of `window`, with the team's `target` (percent).
pub fn chart(records: &[CallRecord], rules: &Rules, window: &Window, target: u32) -> Chart {
    chart_of(cells(records, rules, window), window, target)
}

/// The picture of per-day `cells` (see [`report_cells`]) over the 30 days of `window`.
pub(super) fn chart_of(cells: Vec<Cell>, window: &Window, target: u32) -> Chart {
    let target = target.clamp(1, 100);
    let lowest = cells.iter().map(|c| c.4).min().unwrap_or(100).min(target);
    let y_min = (lowest.saturating_sub(5) / 10 * 10).min(90);
    let (right, bottom) = (WIDTH - RIGHT, HEIGHT - BOTTOM);
    let x = |i: usize| LEFT + (right - LEFT) * i as f64 / f64::from(DAYS - 1);
    let y = |p: u32| {
        let span = f64::from(100 - y_min);
        TOP + (bottom - TOP) * f64::from(100 - p.clamp(y_min, 100)) / span
    };
    let day = |i: usize| window.chart_from + TimeDelta::days(i as i64);
    let series = |name: &str| {
        let mut s = Series {
            name: name.to_string(),
            points: Vec::new(),
            segments: Vec::new(),
        };
        let mut last: Option<usize> = None;
        for c in cells.iter().filter(|c| c.1 == name) {
            let (px, py) = (x(c.0), y(c.4));
            if last.is_none_or(|l| l + 1 != c.0) {
                s.segments.push(Vec::new());
            }
            if let Some(seg) = s.segments.last_mut() {
                seg.push([px, py]);
            }
            last = Some(c.0);
            s.points.push(Point {
                day: day(c.0).to_string(),
                total: c.2,
                linked: c.3,
                percent: c.4,
                x: px,
                y: py,
            });
        }
        s
    };
    let mut names: Vec<&str> = cells
        .iter()
        .filter(|c| !c.1.is_empty())
        .map(|c| c.1.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let y_ticks = (y_min..=100)
        .step_by(if 100 - y_min > 40 { 20 } else { 10 })
        .map(|p| Tick {
            label: format!("{p} %"),
            at: y(p),
        })
        .collect();
    let x_ticks = (0..DAYS as usize)
        .filter(|i| (DAYS as usize - 1 - i).is_multiple_of(5))
        .map(|i| {
            let d = day(i);
            Tick {
                label: format!("{:02}.{:02}", d.day(), d.month()),
                at: x(i),
            }
        })
        .collect();
    Chart {
        width: WIDTH,
        height: HEIGHT,
        plot: [LEFT, TOP, right, bottom],
        days: (0..DAYS as usize).map(|i| day(i).to_string()).collect(),
        team: series(""),
        operators: names.iter().map(|n| series(n)).collect(),
        y_min,
        y100: y(100),
        target,
        y_target: y(target),
        y_ticks,
        x_ticks,
    }
}
