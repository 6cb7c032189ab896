//! INN and KPP identifiers: parse the spellings operators paste, validate check digits and format.
//! Knows nothing of incidents, phones or the page.
//!
//! Decisions on the disputed test vectors (`testdata/inn/inn_kpp_vectors.tsv`):
//! * KPP `7707A1001` (marked DISPUTED) is **accepted**: the FNS format is `NNNN PP XXX` where `PP` is
//!   two digits or capital Latin letters, so `A1` is well formed; the library whose test rejects it
//!   accepts it in its own code, and vitya accepts it too.
//! * KPP `770100001` (marked LIB-SPECIFIC, `PP = 00` rejected by one library) is **accepted**: no
//!   FNS rule forbids reason code `00`, and rejecting a real client's KPP blocks the operator, while
//!   accepting a wrong one costs nothing (WIC itself stores whatever is typed).
//!
//! A KPP is only ever checked for its format (it has no check digit). An individual's 12-digit INN
//! with a KPP is rejected: individuals have no KPP.

use serde::{Deserialize, Serialize};

/// Kind of taxpayer an INN belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InnKind {
    /// Legal entity: 10 digits, one check digit.
    Legal,
    /// Individual or individual entrepreneur: 12 digits, two check digits.
    Individual,
}

/// A validated INN with an optional KPP.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InnKpp {
    /// The INN, 10 or 12 digits.
    pub inn: String,
    /// The KPP, 9 characters, when given.
    pub kpp: Option<String>,
    /// Legal entity or individual.
    pub kind: InnKind,
}

impl InnKpp {
    /// The joined form WIC uses: `6678083608-667801001`, or the bare INN when there is no KPP.
    pub fn joined(&self) -> String {
        match &self.kpp {
            Some(kpp) => format!("{}-{}", self.inn, kpp),
            None => self.inn.clone(),
        }
    }
}

/// Why an INN / KPP was rejected. Displayed to the operator, in Russian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InnError {
    /// Nothing to parse.
    #[error("ИНН не указан")]
    Empty,
    /// A character that cannot be part of an INN.
    #[error("ИНН: недопустимый символ «{0}»")]
    BadChar(char),
    /// Wrong number of digits.
    #[error("ИНН: нужно 10 цифр (организация) или 12 (ИП, физлицо), а не {0}")]
    BadLength(usize),
    /// Check digit mismatch.
    #[error("ИНН: неверная контрольная цифра")]
    BadChecksum,
    /// A KPP of the wrong length.
    #[error("КПП: нужно 9 символов, а не {0}")]
    KppBadLength(usize),
    /// A Cyrillic letter that looks like a Latin one (or is simply Cyrillic) in a KPP.
    #[error(
        "КПП: русская буква «{letter}» на месте {position}; в КПП только цифры и латинские буквы"
    )]
    KppCyrillic {
        /// The offending letter.
        letter: char,
        /// 1-based position in the KPP.
        position: usize,
    },
    /// A character not allowed at that position of a KPP.
    #[error("КПП: недопустимый символ «{letter}» на месте {position} (формат: 4 цифры, 2 цифры или латинские буквы, 3 цифры)")]
    KppBadChar {
        /// The offending character.
        letter: char,
        /// 1-based position in the KPP.
        position: usize,
    },
    /// A KPP given with an individual's INN.
    #[error("КПП у ИП и физлиц не бывает, а указан ИНН из 12 цифр")]
    KppForIndividual,
    /// More parts than INN and KPP.
    #[error("ИНН-КПП: лишняя часть «{0}»")]
    Extra(String),
}

const LEGAL_WEIGHTS: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const IND_WEIGHTS_11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const IND_WEIGHTS_12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn check_digit(digits: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    ((sum % 11) % 10) as u8
}

fn ascii_digits(s: &str) -> Option<Vec<u8>> {
    s.bytes()
        .map(|b| b.is_ascii_digit().then(|| b - b'0'))
        .collect()
}

/// Validate a bare INN (no separators, no labels).
pub fn validate_inn(inn: &str) -> Result<InnKind, InnError> {
    if inn.is_empty() {
        return Err(InnError::Empty);
    }
    if let Some(c) = inn.chars().find(|c| !c.is_ascii_digit()) {
        return Err(InnError::BadChar(c));
    }
    let d = ascii_digits(inn).expect("invariant: all ASCII digits");
    match d.len() {
        10 if check_digit(&d[..9], &LEGAL_WEIGHTS) == d[9] => Ok(InnKind::Legal),
        12 if check_digit(&d[..10], &IND_WEIGHTS_11) == d[10]
            && check_digit(&d[..11], &IND_WEIGHTS_12) == d[11] =>
        {
            Ok(InnKind::Individual)
        }
        10 | 12 => Err(InnError::BadChecksum),
        n => Err(InnError::BadLength(n)),
    }
}

/// Validate a bare KPP: `NNNN PP XXX`, `PP` digits or capital Latin letters.
pub fn validate_kpp(kpp: &str) -> Result<(), InnError> {
    let n = kpp.chars().count();
    if let Some((i, c)) = kpp.chars().enumerate().find(|(_, c)| is_cyrillic(*c)) {
        return Err(InnError::KppCyrillic {
            letter: c,
            position: i + 1,
        });
    }
    if n != 9 {
        return Err(InnError::KppBadLength(n));
    }
    for (i, c) in kpp.chars().enumerate() {
        let ok = match i {
            4 | 5 => c.is_ascii_digit() || c.is_ascii_uppercase(),
            _ => c.is_ascii_digit(),
        };
        if !ok {
            return Err(InnError::KppBadChar {
                letter: c,
                position: i + 1,
            });
        }
    }
    Ok(())
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '/' | '\\' | ',' | ';' | ':' | '.' | '№' | '–' | '—' | '|'
        )
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Inn,
    Kpp,
}

fn label_of(word: &str) -> Option<(Label, usize)> {
    // returns the label and its byte length when `word` starts with one
    for (name, label) in [
        ("ИНН", Label::Inn),
        ("INN", Label::Inn),
        ("КПП", Label::Kpp),
        ("KPP", Label::Kpp),
    ] {
        let mut chars = word.char_indices();
        let mut matched = true;
        for expected in name.chars() {
            match chars.next() {
                Some((_, c)) if c.to_uppercase().eq(std::iter::once(expected)) => {}
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        if matched {
            let len = chars.next().map_or(word.len(), |(i, _)| i);
            return Some((label, len));
        }
    }
    None
}

/// Parse what an operator pastes: `6678083608-667801001`, `ИНН 6678083608 КПП 667801001`,
/// `6678083608/667801001`, with spaces around, or a bare INN. Validates both parts.
pub fn parse_inn_kpp(input: &str) -> Result<InnKpp, InnError> {
    let mut pending: Vec<Label> = Vec::new();
    let mut inn: Option<&str> = None;
    let mut kpp: Option<&str> = None;
    for chunk in input.split(is_separator).filter(|c| !c.is_empty()) {
        let mut rest = chunk;
        while let Some((label, len)) = label_of(rest) {
            pending.push(label);
            rest = &rest[len..];
        }
        if rest.is_empty() {
            continue;
        }
        let slot = if pending.is_empty() {
            if inn.is_none() {
                Label::Inn
            } else {
                Label::Kpp
            }
        } else {
            pending.remove(0)
        };
        let target = match slot {
            Label::Inn => &mut inn,
            Label::Kpp => &mut kpp,
        };
        if target.is_some() {
            return Err(InnError::Extra(rest.to_string()));
        }
        *target = Some(rest);
    }
    let inn = inn.ok_or(InnError::Empty)?;
    let kind = validate_inn(inn)?;
    if let Some(k) = kpp {
        validate_kpp(k)?;
        if kind == InnKind::Individual {
            return Err(InnError::KppForIndividual);
        }
    }
    Ok(InnKpp {
        inn: inn.to_string(),
        kpp: kpp.map(str::to_string),
        kind,
    })
}

/// Append the check digit to the first 9 digits of a legal entity's INN (for demo data).
pub fn complete_legal_inn(first9: &str) -> Option<String> {
    let d = ascii_digits(first9).filter(|d| d.len() == 9)?;
    Some(format!("{first9}{}", check_digit(&d, &LEGAL_WEIGHTS)))
}

/// Append both check digits to the first 10 digits of an individual's INN (for demo data).
pub fn complete_individual_inn(first10: &str) -> Option<String> {
    let mut d = ascii_digits(first10).filter(|d| d.len() == 10)?;
    let c11 = check_digit(&d, &IND_WEIGHTS_11);
    d.push(c11);
    let c12 = check_digit(&d, &IND_WEIGHTS_12);
    Some(format!("{first10}{c11}{c12}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operator_spellings() {
        for s in [
            "6678083608-667801001",
            "ИНН 6678083608 КПП 667801001",
            "6678083608/667801001",
            "  6678083608 - 667801001 ",
            "инн: 6678083608, кпп: 667801001",
            "КПП 667801001 ИНН 6678083608",
            "ИНН/КПП 6678083608/667801001",
        ] {
            let p = parse_inn_kpp(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(p.joined(), "6678083608-667801001", "{s}");
            assert_eq!(p.kind, InnKind::Legal);
        }
        assert_eq!(
            parse_inn_kpp("6678083608").map(|p| p.joined()),
            Ok("6678083608".into())
        );
    }

    #[test]
    fn completes_check_digits() {
        assert_eq!(
            complete_legal_inn("667808360").as_deref(),
            Some("6678083608")
        );
        assert_eq!(
            complete_individual_inn("1234567890").as_deref(),
            Some("123456789047")
        );
        assert_eq!(complete_legal_inn("12345678"), None);
    }

    #[test]
    fn cyrillic_letter_in_kpp_is_named() {
        let e = parse_inn_kpp("6678083608-6678АВ001").unwrap_err();
        assert_eq!(
            e,
            InnError::KppCyrillic {
                letter: 'А',
                position: 5
            }
        );
        assert!(e.to_string().contains("русская буква «А»"));
    }
}
