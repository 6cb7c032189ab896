//! The site's clock and date formats (Yekaterinburg time, Russian formats). No storage, no HTTP.

use time::format_description::well_known::Rfc3339;
use time::macros::{format_description, offset};
use time::{Date, OffsetDateTime, Time, UtcOffset};

/// The site's time zone (+05:00, as the seed's WIC).
pub const SITE_OFFSET: UtcOffset = offset!(+5);

/// Now, in the site's time zone.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc().to_offset(SITE_OFFSET);
    t.replace_nanosecond(0).unwrap_or(t)
}

/// `21.12.2018 11:25`.
pub fn date_time(t: OffsetDateTime) -> String {
    t.format(format_description!("[day].[month].[year] [hour]:[minute]"))
        .unwrap_or_default()
}

/// `22.02.18 16:39:52`.
pub fn short_date_seconds(t: OffsetDateTime) -> String {
    t.format(format_description!(
        "[day].[month].[year repr:last_two] [hour]:[minute]:[second]"
    ))
    .unwrap_or_default()
}

/// `05.02.2018 17:45:58`.
pub fn date_seconds(t: OffsetDateTime) -> String {
    t.format(format_description!(
        "[day].[month].[year] [hour]:[minute]:[second]"
    ))
    .unwrap_or_default()
}

/// `2018-12-21` (for date inputs).
pub fn iso_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// `21 дек 2018 11:25`.
pub fn long_date(t: OffsetDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    format!(
        "{} {} {} {:02}:{:02}",
        t.day(),
        MONTHS[t.month() as usize - 1],
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
pub fn parse_bound(s: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .ok()
        .map(|d| d.with_time(Time::MIDNIGHT).assume_offset(SITE_OFFSET))
}

/// RFC 3339 text.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}
