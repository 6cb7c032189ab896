//! The workspace's one type for an instant, `chrono::DateTime<FixedOffset>`, and its wire form.
//!
//! An instant keeps the offset it was given (a site's `+05:00`, the browser's local offset):
//! `{since:%d.%m.%Y}` and the sandbox's pages write a time in its own offset, and comparing two
//! instants compares the moments, whatever their offsets.
//!
//! On the wire an instant is an RFC 3339 string written the way the project always wrote it:
//! `2018-12-21T11:30:00+05:00`, `Z` for a zero offset, a fraction only when there is one and with
//! no trailing zeros (`…:05.25Z`), years 0000–9999 only. [`rfc3339`] writes it, [`parse_rfc3339`]
//! reads it, and the serde modules [`serde_rfc3339`] / [`serde_rfc3339::option`] put them on
//! fields. Hand-written rather than chrono's `serde` feature and `to_rfc3339_opts`, whose
//! fractions have 3, 6 or 9 digits and which would bring `core::fmt` number formatting into the
//! browser module.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

/// The zero offset (UTC).
pub const UTC: FixedOffset = match FixedOffset::east_opt(0) {
    Some(o) => o,
    None => panic!("zero is a valid offset"),
};

/// An offset of whole minutes east of UTC; `None` outside ±23:59.
pub fn offset_minutes(minutes: i32) -> Option<FixedOffset> {
    FixedOffset::east_opt(minutes.checked_mul(60)?)
}

/// The instant `ms` milliseconds after the Unix epoch (JavaScript's `Date.now()`), in `offset`;
/// `None` when not finite or out of range.
pub fn from_unix_millis(ms: f64, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    if !ms.is_finite() {
        return None;
    }
    // Through i128: `f64 as i64` becomes `i64.trunc_sat_f64_s`, which wasm2js (the strict-CSP
    // fallback) cannot translate.
    let utc = DateTime::from_timestamp_millis(i64::try_from(ms as i128).ok()?)?;
    Some(utc.with_timezone(&offset))
}

/// The start (00:00) of `day` in `offset`.
pub fn midnight(day: NaiveDate, offset: FixedOffset) -> DateTime<FixedOffset> {
    let local = day.and_time(NaiveTime::MIN);
    offset
        .from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(local, offset))
}

/// A calendar day written `YYYY-MM-DD` (four-digit year, two-digit month and day).
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// `day` written `YYYY-MM-DD` (years 0000–9999; others as chrono writes them).
pub fn ymd(day: NaiveDate) -> String {
    if !(0..=9999).contains(&day.year()) {
        return day.to_string();
    }
    let mut out = String::with_capacity(10);
    push_ymd(&mut out, &day);
    out
}

/// `t` as RFC 3339 in its own offset (see the module's documentation); `None` for a year outside
/// 0000–9999 or an offset with seconds, which RFC 3339 cannot write.
pub fn rfc3339(t: &DateTime<FixedOffset>) -> Option<String> {
    let local: NaiveDateTime = t.naive_local();
    let year = local.year();
    let offset = t.offset().local_minus_utc();
    if !(0..=9999).contains(&year) || offset % 60 != 0 {
        return None;
    }
    let mut out = String::with_capacity(32);
    push_ymd(&mut out, &local);
    out.push('T');
    push_digits(&mut out, local.hour(), 2);
    out.push(':');
    push_digits(&mut out, local.minute(), 2);
    out.push(':');
    // A leap second (nanoseconds ≥ 1e9) is written as second 60.
    let nanos = local.nanosecond();
    push_digits(&mut out, local.second() + nanos / 1_000_000_000, 2);
    let mut fraction = nanos % 1_000_000_000;
    if fraction != 0 {
        let mut width = 9;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            width -= 1;
        }
        out.push('.');
        push_digits(&mut out, fraction, width);
    }
    if offset == 0 {
        out.push('Z');
    } else {
        out.push(if offset < 0 { '-' } else { '+' });
        let minutes = offset.unsigned_abs() / 60;
        push_digits(&mut out, minutes / 60, 2);
        out.push(':');
        push_digits(&mut out, minutes % 60, 2);
    }
    Some(out)
}

/// `YYYY-MM-DD` of a day whose year is within 0000–9999.
fn push_ymd(out: &mut String, day: &impl Datelike) {
    push_digits(out, day.year() as u32, 4);
    out.push('-');
    push_digits(out, day.month(), 2);
    out.push('-');
    push_digits(out, day.day(), 2);
}

/// `n` in decimal, zero-padded to `width` digits.
fn push_digits(out: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width.saturating_sub(1));
    while div > 0 {
        out.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// An RFC 3339 string (`2018-12-21T11:30:00+05:00`, `…Z`, any fraction) with its offset kept;
/// `None` for anything else. As RFC 3339 allows (and as the project always read it), any one ASCII
/// character may separate the date and the time: `2018-12-21 11:30:00+05:00` too.
pub fn parse_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    match text.as_bytes().get(10) {
        Some(b'T' | b't' | b' ') => DateTime::parse_from_rfc3339(text).ok(),
        Some(c) if c.is_ascii() => {
            let mut with_t = text.to_string();
            with_t.replace_range(10..11, "T");
            DateTime::parse_from_rfc3339(&with_t).ok()
        }
        _ => None,
    }
}

/// `#[serde(with = "wic_core::dates::serde_rfc3339")]`: a `DateTime<FixedOffset>` as an RFC
/// 3339 string.
pub mod serde_rfc3339 {
    use chrono::{DateTime, FixedOffset};
    use serde::{de, Deserializer, Serializer};

    /// Writes `t` with [`super::rfc3339`].
    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        match super::rfc3339(t) {
            Some(text) => s.serialize_str(&text),
            None => Err(serde::ser::Error::custom(
                "the time cannot be written as RFC 3339",
            )),
        }
    }

    /// Reads a string with [`super::parse_rfc3339`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        d.deserialize_str(Rfc3339Visitor)
    }

    pub(super) struct Rfc3339Visitor;

    impl de::Visitor<'_> for Rfc3339Visitor {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            super::parse_rfc3339(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    /// `#[serde(with = "wic_core::dates::serde_rfc3339::option")]`: `None` is `null`.
    pub mod option {
        use chrono::{DateTime, FixedOffset};
        use serde::{de, Deserializer, Serializer};

        /// Writes `Some(t)` as [`super::serialize`] does, `None` as `null`.
        pub fn serialize<S: Serializer>(
            t: &Option<DateTime<FixedOffset>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        /// Reads `null` as `None`, a string as [`super::deserialize`] does.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            d.deserialize_option(OptionVisitor)
        }

        struct OptionVisitor;

        impl<'de> de::Visitor<'de> for OptionVisitor {
            type Value = Option<DateTime<FixedOffset>>;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an RFC 3339 date and time or null")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_str(super::Rfc3339Visitor).map(Some)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        parse_rfc3339(text).expect(text)
    }

    #[test]
    fn written_as_before() {
        for (text, written) in [
            ("2018-12-21T11:30:00+05:00", "2018-12-21T11:30:00+05:00"),
            ("2018-12-21T06:30:00Z", "2018-12-21T06:30:00Z"),
            ("2018-12-21T06:30:00+00:00", "2018-12-21T06:30:00Z"),
            ("2018-12-21T06:30:00-00:00", "2018-12-21T06:30:00Z"),
            ("2018-12-21T06:30:05.250Z", "2018-12-21T06:30:05.25Z"),
            (
                "2018-12-21T06:30:05.000000001Z",
                "2018-12-21T06:30:05.000000001Z",
            ),
            ("2018-12-21t06:30:05.1z", "2018-12-21T06:30:05.1Z"),
            ("2018-12-21 11:30:00+05:00", "2018-12-21T11:30:00+05:00"),
            ("2018-12-21_11:30:00+05:00", "2018-12-21T11:30:00+05:00"),
            ("0001-01-01T00:00:00-03:30", "0001-01-01T00:00:00-03:30"),
        ] {
            assert_eq!(rfc3339(&at(text)).as_deref(), Some(written), "{text}");
        }
    }

    #[test]
    fn read_strictly() {
        for text in [
            "",
            "2018-12-21T11:30:00",
            "2018-12-21T11:30:00+05:00 ",
            "2018-12-21ы11:30:00+05:00",
            "2018-12-21",
            "2018-12-21T25:30:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
    }

    #[test]
    fn offsets_are_kept_and_instants_compared() {
        let a = at("2018-12-21T11:30:00+05:00");
        let b = at("2018-12-21T06:30:00Z");
        assert_eq!(a, b);
        assert_eq!(a.offset().local_minus_utc(), 5 * 3600);
    }

    #[test]
    fn millis() {
        let t = from_unix_millis(1_545_375_000_123.0, offset_minutes(300).unwrap()).unwrap();
        assert_eq!(
            rfc3339(&t).as_deref(),
            Some("2018-12-21T11:50:00.123+05:00")
        );
        assert_eq!(from_unix_millis(f64::NAN, UTC), None);
        assert_eq!(offset_minutes(24 * 60), None);
    }

    #[test]
    fn days() {
        let d = parse_ymd("2018-03-31").unwrap();
        assert_eq!(ymd(d), "2018-03-31");
        for bad in [
            "2018-3-31",
            "2018-02-30",
            "18-03-31",
            "2018-03-31 ",
            "2018/03/31",
            "+018-03-31",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        let m = midnight(d, offset_minutes(300).unwrap());
        assert_eq!(rfc3339(&m).as_deref(), Some("2018-03-31T00:00:00+05:00"));
    }

    #[test]
    fn serde_round_trip() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct S {
            #[serde(with = "serde_rfc3339")]
            at: DateTime<FixedOffset>,
            #[serde(default, with = "serde_rfc3339::option")]
            maybe: Option<DateTime<FixedOffset>>,
        }
        let s: S = serde_json::from_str(r#"{"at":"2018-12-21T11:30:00+05:00"}"#).unwrap();
        assert_eq!(s.maybe, None);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"at":"2018-12-21T11:30:00+05:00","maybe":null}"#
        );
        let s: S = serde_json::from_str(r#"{"at":"2018-12-21T11:30:00Z","maybe":null}"#).unwrap();
        assert_eq!(s.maybe, None);
        let s: S =
            serde_json::from_str(r#"{"at":"2018-12-21T11:30:00Z","maybe":"2018-12-21T11:30:00Z"}"#)
                .unwrap();
        assert_eq!(s.maybe, Some(s.at));
        assert!(serde_json::from_str::<S>(r#"{"at":"2018-12-21"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"at":5}"#).is_err());
    }
}
