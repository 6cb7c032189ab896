//! The site's clock and date formats (Yekaterinburg time, Russian formats). No storage, no HTTP.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SubsecRound, Timelike, Utc};
use wic_core::dates;

/// The site's time zone (+05:00, as the seed's WIC).
pub const SITE_OFFSET: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
    Some(o) => o,
    None => panic!("+05:00 is a valid offset"),
};

/// Now, in the site's time zone (whole seconds).
pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&SITE_OFFSET).trunc_subsecs(0)
}

/// `21.12.2018 11:25`.
pub fn date_time(t: DateTime<FixedOffset>) -> String {
    t.format("%d.%m.%Y %H:%M").to_string()
}

/// `22.02.18 16:39:52`.
pub fn short_date_seconds(t: DateTime<FixedOffset>) -> String {
    t.format("%d.%m.%y %H:%M:%S").to_string()
}

/// `05.02.2018 17:45:58`.
pub fn date_seconds(t: DateTime<FixedOffset>) -> String {
    t.format("%d.%m.%Y %H:%M:%S").to_string()
}

/// `2018-12-21` (for date inputs).
pub fn iso_date(d: NaiveDate) -> String {
    dates::ymd(d)
}

/// `21 дек 2018 11:25`.
pub fn long_date(t: DateTime<FixedOffset>) -> String {
    const MONTHS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    format!(
        "{} {} {} {:02}:{:02}",
        t.day(),
        MONTHS[t.month0() as usize],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// `00:14:32` for a duration in seconds.
pub fn hms(s: u32) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `03:17` for a duration in seconds (telephony report).
pub fn ms(s: u32) -> String {
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// A time bound from a query: RFC 3339, or a date `YYYY-MM-DD` meaning its start in the site's zone.
pub fn parse_bound(s: &str) -> Option<DateTime<FixedOffset>> {
    dates::parse_rfc3339(s).or_else(|| dates::parse_ymd(s).map(|d| dates::midnight(d, SITE_OFFSET)))
}

/// RFC 3339 text.
pub fn rfc3339(t: DateTime<FixedOffset>) -> String {
    dates::rfc3339(&t).unwrap_or_default()
}
