//! Dates, durations and time-zone offsets as WIC and its reports write them: chrono `strftime`
//! formats where `%b`/`%B` also take Russian month names in any case and grammatical form
//! (`фев`, `марта`, `май`, `сент.`), `hh:mm:ss`-style durations, `+05:00` offsets. The result is a
//! `chrono::DateTime<FixedOffset>` (the model's type) in the offset the text names, else the
//! profile's. Pure functions; knows nothing of sources or rows.

use chrono::format::{parse, Item, ParseErrorKind, Parsed, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone};

/// A duration format of a field spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationFormat {
    /// Whole seconds: `205`.
    Seconds,
    /// Minutes and seconds: `03:17`.
    MinSec,
    /// Hours, minutes and seconds: `01:02:03`.
    HourMinSec,
}

impl DurationFormat {
    /// The spec's name of a format (`s`, `mm:ss`, `hh:mm:ss`); `None` for anything else.
    pub fn from_name(name: &str) -> Option<DurationFormat> {
        match name {
            "s" => Some(DurationFormat::Seconds),
            "mm:ss" => Some(DurationFormat::MinSec),
            "hh:mm:ss" => Some(DurationFormat::HourMinSec),
            _ => None,
        }
    }
}

/// Seconds in `text` read as `format`; `None` when it does not fit. `None` as the format
/// accepts any of the three by the number of colons.
pub fn parse_duration(text: &str, format: Option<DurationFormat>) -> Option<u32> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let expected = match format {
        Some(DurationFormat::Seconds) => 1,
        Some(DurationFormat::MinSec) => 2,
        Some(DurationFormat::HourMinSec) => 3,
        None => parts.len(),
    };
    if parts.len() != expected || expected > 3 {
        return None;
    }
    let mut total: u32 = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || part.len() > 10 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if i > 0 && n >= 60 {
            return None;
        }
        total = total
            .checked_mul(if i == 0 { 1 } else { 60 })?
            .checked_add(n)?;
    }
    Some(total)
}

/// A time-zone offset written `+05:00`, `-03:30`, `+0500`, `+05` or `Z`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let t = text.trim();
    if t == "Z" || t == "z" {
        return Some(crate::dates::UTC);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if h > 14 || m >= 60 || rest.len() == 5 && rest.as_bytes()[2] != b':' {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Whether `format` is a usable chrono `strftime` format (no unknown `%` directive).
pub fn is_valid_format(format: &str) -> bool {
    !format.trim().is_empty() && !StrftimeItems::new(format).any(|i| matches!(i, Item::Error))
}

/// `text` read with the `strftime` `format`. A date without a time is midnight, a month without
/// a day its first day; a time without
/// an offset (`%z`) is in `zone`. Russian and English month names are accepted for `%b`/`%B`.
pub fn parse_date(text: &str, format: &str, zone: FixedOffset) -> Option<DateTime<FixedOffset>> {
    if !is_valid_format(format) || text.len() > 200 {
        return None;
    }
    let with_dot = normalize_months(text.trim(), true);
    let without_dot = normalize_months(text.trim(), false);
    parse_normalized(&with_dot, format, zone).or_else(|| {
        (without_dot != with_dot)
            .then(|| parse_normalized(&without_dot, format, zone))
            .flatten()
    })
}

fn parse_normalized(text: &str, format: &str, zone: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, StrftimeItems::new(format)).ok()?;
    if parsed.day().is_none() && parsed.month().is_some() && parsed.ordinal().is_none() {
        parsed.set_day(1).ok()?; // «май 2019»: the month's first day
    }
    let date = parsed.to_naive_date().ok()?;
    let time = match parsed.to_naive_time() {
        Ok(t) => t,
        Err(e) if e.kind() == ParseErrorKind::NotEnough && parsed.hour_div_12().is_none() => {
            NaiveTime::MIN
        }
        Err(_) => return None,
    };
    let offset = match parsed.offset() {
        Some(s) => FixedOffset::east_opt(s)?,
        None => zone,
    };
    let at = offset.from_local_datetime(&date.and_time(time)).single()?;
    // A leap second (`:60`) is no time a report can mean.
    (at.timestamp_subsec_nanos() < 1_000_000_000).then_some(at)
}

/// Replaces each month word (Russian or English, any case and form, `ё` = `е`) by chrono's
/// English abbreviation, which both `%b` and `%B` accept. With `keep_dot` false, a dot right
/// after a month word (`сент.`) is dropped.
fn normalize_months(text: &str, keep_dot: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphabetic() {
            out.push(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphabetic() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let word = &text[start..end];
        match month_of(word) {
            Some(m) => {
                out.push_str(ABBREVIATIONS[m]);
                if !keep_dot && chars.peek().is_some_and(|&(_, c)| c == '.') {
                    chars.next();
                }
            }
            None => out.push_str(word),
        }
    }
    out
}

const ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const ENGLISH: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Russian stems: a word of at most 9 letters that starts with one is that month. May is
/// special: `ма` + `й|я|е|ю|ем` (not `мар…`).
const RUSSIAN: [&str; 12] = [
    "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
];

/// 0-based month of a word, if it is a month name or abbreviation.
fn month_of(word: &str) -> Option<usize> {
    let w = word.to_lowercase().replace('ё', "е");
    if w.is_ascii() {
        return ENGLISH.iter().position(|full| {
            w == *full || w.len() >= 3 && full.starts_with(w.as_str()) && w.len() <= 4
        });
    }
    if w.chars().count() > 9 {
        return None;
    }
    if matches!(w.as_str(), "май" | "мая" | "мае" | "маю" | "маем") {
        return Some(4);
    }
    RUSSIAN
        .iter()
        .enumerate()
        .find(|(i, stem)| *i != 4 && w.starts_with(**stem))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_words() {
        let cases = [
            ("фев", Some(1)),
            ("Февраля", Some(1)),
            ("МАРТА", Some(2)),
            ("май", Some(4)),
            ("мая", Some(4)),
            ("сент", Some(8)),
            ("сентябрь", Some(8)),
            ("дек", Some(11)),
            ("Sept", Some(8)),
            ("December", Some(11)),
            ("mon", None),
            ("decide", None),
            ("маршрутизация", None),
            ("сегодня", None),
        ];
        for (word, expected) in cases {
            assert_eq!(month_of(word), expected, "{word}");
        }
    }
}
