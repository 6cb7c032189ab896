//! Russian phone numbers: normalize any common spelling to E.164 and classify it the way
//! libphonenumber does for region RU (its parsing rules re-implemented for +7 only).
//! Knows nothing of calls or incidents; does not use the `phonenumber` crate (its issue #76).

use serde::{Deserialize, Serialize};

/// What kind of number it is (libphonenumber's number types, plus our internal extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// Mobile: national number `9XXXXXXXXX`; the only kind that takes SMS.
    Mobile,
    /// Geographic fixed line.
    FixedLine,
    /// 800, 804.
    TollFree,
    /// 803, 809.
    PremiumRate,
    /// 808.
    PersonalNumber,
    /// An internal PBX extension (≤ 5 digits, no `+`).
    Internal,
    /// A short code or emergency number (01–04, 101–104, 112).
    Short,
}

/// A normalized phone number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone {
    /// E.164 form, `+79855363453`; `None` for an internal extension.
    pub e164: Option<String>,
    /// National significant number (10 digits), or the digits of an internal extension / short code.
    pub national: Option<String>,
    /// Kind of number.
    pub kind: PhoneKind,
    /// Extension after `доб.` / `ext`.
    pub extension: Option<String>,
}

/// Why a phone number was rejected. Displayed to the operator, in Russian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing to parse.
    #[error("Телефон не указан")]
    Empty,
    /// A character that cannot be part of a phone number.
    #[error("Телефон: недопустимый символ «{0}»")]
    BadChar(char),
    /// A country code other than +7.
    #[error("Телефон: номер не российский (код страны не +7)")]
    NotRussian,
    /// Too few digits for a Russian number.
    #[error("Телефон: слишком короткий номер ({e164})")]
    TooShort {
        /// What libphonenumber would still print as E.164.
        e164: String,
    },
    /// Too many digits / a length no Russian number has.
    #[error("Телефон: неверная длина номера ({e164})")]
    BadLength {
        /// What libphonenumber would still print as E.164.
        e164: String,
    },
    /// Ten digits, but no Russian number range has them.
    #[error("Телефон: номер {e164} не входит в российские диапазоны")]
    Unassigned {
        /// The E.164 form.
        e164: String,
    },
}

impl PhoneError {
    /// The E.164 form libphonenumber prints even for an invalid number, when there is one.
    pub fn e164(&self) -> Option<&str> {
        match self {
            PhoneError::TooShort { e164 }
            | PhoneError::BadLength { e164 }
            | PhoneError::Unassigned { e164 } => Some(e164),
            _ => None,
        }
    }
}

/// Largest number of digits of an internal extension.
pub const INTERNAL_MAX_DIGITS: usize = 5;

const SHORT_CODES: [&str; 9] = ["01", "02", "03", "04", "101", "102", "103", "104", "112"];
const EXT_MARKERS: [&str; 5] = ["добавочный", "доб", "ext", "#", "x"];

/// libphonenumber's RU general description: `8\d{13}|[347-9]\d{9}`.
fn viable(nn: &[u8]) -> bool {
    (nn.len() == 14 && nn[0] == b'8')
        || (nn.len() == 10 && matches!(nn[0], b'3' | b'4' | b'7'..=b'9'))
}

/// Strip the trunk prefix 8 the way libphonenumber does: unless the original is viable and the
/// stripped number is not, and never to a number shorter than 10 digits.
fn strip_trunk(nn: &[u8]) -> &[u8] {
    if nn.first() == Some(&b'8') {
        let stripped = &nn[1..];
        if (viable(stripped) || !viable(nn)) && stripped.len() >= 10 {
            return stripped;
        }
    }
    nn
}

fn classify(nn: &[u8]) -> Option<PhoneKind> {
    let p = |s: &str| nn.starts_with(s.as_bytes());
    if nn.len() == 14 {
        return p("8108").then_some(PhoneKind::TollFree);
    }
    if nn.len() != 10 {
        return None;
    }
    let three = std::str::from_utf8(&nn[..3]).ok()?;
    Some(match nn[0] {
        b'9' => PhoneKind::Mobile,
        b'8' if matches!(three, "800" | "804") => PhoneKind::TollFree,
        b'8' if matches!(three, "803" | "809") => PhoneKind::PremiumRate,
        b'8' if three == "808" => PhoneKind::PersonalNumber,
        _ if is_fixed_prefix(three) => PhoneKind::FixedLine,
        _ => return None,
    })
}

/// Russian fixed-line area codes (ABC) grouped by their first two digits: `34:12356789` stands for
/// 341, 342, 343, 345 … 349.
const FIXED_LINE_CODES: &str =
    "30:12 33:6 34:12356789 35:123 36:5 38:12345678 39:0145 40:1 41:1356 \
     42:13467 47:12345 48:1234567 49:12345689 81:12345678 82:01 83:13456 84:012345678 85:1567 \
     86:012356789 87:123789";

fn is_fixed_prefix(t: &str) -> bool {
    let (Some(head), Some(third)) = (t.get(..2), t.get(2..3)) else {
        return false;
    };
    FIXED_LINE_CODES
        .split(' ')
        .filter_map(|group| group.split_once(':'))
        .any(|(two, thirds)| two == head && thirds.contains(third))
}

/// Split `"8 (423) 202-25-11, доб. 100"` into the number part and the extension digits.
fn split_extension(input: &str) -> (&str, Option<String>) {
    let lower = input.to_lowercase();
    if lower.len() != input.len() {
        // lower-casing changed byte offsets; fall back to a case-sensitive search
        return split_extension_in(input, input);
    }
    split_extension_in(input, &lower)
}

fn split_extension_in<'a>(input: &'a str, hay: &str) -> (&'a str, Option<String>) {
    for marker in EXT_MARKERS {
        let Some(pos) = hay.rfind(marker) else {
            continue;
        };
        let tail = &hay[pos + marker.len()..];
        let tail = tail.trim_start_matches(|c: char| c == '.' || c == ':' || c.is_whitespace());
        if !tail.is_empty() && tail.trim_end().bytes().all(|b| b.is_ascii_digit()) {
            let head =
                input[..pos].trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
            return (head, Some(tail.trim_end().to_string()));
        }
    }
    (input, None)
}

fn e164_of(nn: &[u8]) -> String {
    format!("+7{}", String::from_utf8_lossy(nn))
}

/// Normalize a Russian phone number written any common way (`8(985)5363453`, `+7 922 203-07-70`,
/// `83433702677`, `8 (423) 202-25-11, доб. 100`). ≤ 5 digits without `+` is an internal extension
/// (e164 `None`), except the short codes 01–04, 101–104, 112.
pub fn normalize(input: &str) -> Result<Phone, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (main, extension) = split_extension(trimmed);
    let mut plus = false;
    let mut digits: Vec<u8> = Vec::with_capacity(main.len());
    for (i, c) in main.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c as u8),
            '+' if i == 0 => plus = true,
            '(' | ')' | '-' | '.' | '–' | '/' => {}
            c if c.is_whitespace() => {}
            c => return Err(PhoneError::BadChar(c)),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    let as_string = |d: &[u8]| String::from_utf8_lossy(d).into_owned();
    if !plus {
        let s = as_string(&digits);
        if SHORT_CODES.contains(&s.as_str()) {
            return Ok(Phone {
                e164: Some(format!("+7{s}")),
                national: Some(s),
                kind: PhoneKind::Short,
                extension,
            });
        }
        if digits.len() <= INTERNAL_MAX_DIGITS {
            return Ok(Phone {
                e164: None,
                national: Some(s),
                kind: PhoneKind::Internal,
                extension,
            });
        }
    }
    let mut nn: &[u8] = &digits;
    if plus {
        if nn.first() != Some(&b'7') {
            return Err(PhoneError::NotRussian);
        }
        nn = &nn[1..];
    } else if nn.starts_with(b"810") && nn.len() > 11 {
        // international call prefix 8~10
        nn = &nn[3..];
        if nn.first() != Some(&b'7') {
            return Err(PhoneError::NotRussian);
        }
        nn = &nn[1..];
    } else if nn.first() == Some(&b'7') {
        let potential = strip_trunk(&nn[1..]);
        if (!viable(nn) && viable(potential)) || nn.len() > 14 {
            nn = potential;
        }
    }
    let stripped = strip_trunk(nn);
    if stripped.len() >= 10 {
        nn = stripped;
    }
    let e164 = e164_of(nn);
    match classify(nn) {
        Some(kind) => Ok(Phone {
            e164: Some(e164),
            national: Some(as_string(nn)),
            kind,
            extension,
        }),
        None if nn.len() < 10 => Err(PhoneError::TooShort { e164 }),
        None if nn.len() != 10 => Err(PhoneError::BadLength { e164 }),
        None => Err(PhoneError::Unassigned { e164 }),
    }
}

/// Whether a number takes SMS: a Russian mobile.
pub fn is_mobile(input: &str) -> bool {
    matches!(
        normalize(input),
        Ok(Phone {
            kind: PhoneKind::Mobile,
            ..
        })
    )
}

/// Whether two spellings are the same number (extensions ignored). Falls back to comparing the
/// digits when either does not normalize; two empty inputs are never the same.
pub fn same_number(a: &str, b: &str) -> bool {
    match (normalize(a), normalize(b)) {
        (Ok(x), Ok(y)) => x.e164 == y.e164 && x.national == y.national,
        _ => {
            let da: String = a.chars().filter(char::is_ascii_digit).collect();
            let db: String = b.chars().filter(char::is_ascii_digit).collect();
            !da.is_empty() && da == db
        }
    }
}

/// A comparable key for a number: its E.164 form, or the digits of an extension. `None` when
/// nothing useful is there.
pub fn key(input: &str) -> Option<String> {
    match normalize(input) {
        Ok(p) => p.e164.or(p.national),
        Err(e) => e.e164().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_numbers() {
        assert_eq!(
            normalize("8(985)5363453").unwrap().e164.as_deref(),
            Some("+79855363453")
        );
        assert_eq!(normalize("83433702677").unwrap().kind, PhoneKind::FixedLine);
        assert_eq!(normalize("6076").unwrap().kind, PhoneKind::Internal);
        assert!(same_number("+7 922 203-07-70", "8 (922) 2030770"));
        assert!(!same_number("", ""));
    }
}
