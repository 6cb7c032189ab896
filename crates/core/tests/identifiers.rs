//! Data-driven tests of INN/KPP and phone parsing against outside vectors (testdata/).
mod common;

use wic_core::inn::{parse_inn_kpp, validate_inn, validate_kpp, InnError, InnKind};
use wic_core::phone::{normalize, PhoneKind};

/// Rows where we deliberately differ from the source's `expected_valid` (see `inn` module docs).
const OVERRIDES: [(&str, bool); 2] = [("7707A1001", true), ("770100001", true)];

#[test]
fn inn_kpp_vectors_all_rows() {
    let rows = common::tsv("inn/inn_kpp_vectors.tsv");
    assert_eq!(rows.len(), 259, "row count");
    let mut failures = Vec::new();
    for r in &rows {
        let value = r["value"].as_str();
        let mut expected = r["expected_valid"] == "true";
        if let Some((_, v)) = OVERRIDES.iter().find(|(k, _)| *k == value) {
            assert!(
                r["note"].contains("DISPUTED") || r["note"].contains("LIB-SPECIFIC"),
                "{value}"
            );
            expected = *v;
        }
        let got = match r["kind"].as_str() {
            "kpp" => validate_kpp(value).is_ok(),
            kind => {
                let strict = validate_inn(value);
                let lenient = parse_inn_kpp(value);
                assert_eq!(
                    strict.is_ok(),
                    lenient.is_ok(),
                    "strict and lenient disagree on {value:?}"
                );
                if let Ok(k) = strict {
                    let want = if kind == "inn10" {
                        InnKind::Legal
                    } else {
                        InnKind::Individual
                    };
                    assert_eq!(k, want, "{value}");
                }
                if r["stdnum_checksum"] == "invalid" {
                    assert_eq!(strict, Err(InnError::BadChecksum), "{value}");
                }
                strict.is_ok()
            }
        };
        if got != expected {
            failures.push(format!(
                "{value:?} ({}): expected {expected}, got {got}",
                r["note"]
            ));
        }
    }
    common::assert_no_failures(&failures);
}

#[test]
fn cyrillic_lookalike_in_kpp_vector_is_named() {
    let e = validate_kpp("7709ABС02").unwrap_err();
    assert_eq!(
        e,
        InnError::KppCyrillic {
            letter: 'С',
            position: 7
        }
    );
    assert!(e.to_string().contains("«С»"), "{e}");
}

#[test]
fn inn_kpp_pairs_all_rows() {
    let rows = common::tsv("inn/inn_kpp_pairs.tsv");
    assert_eq!(rows.len(), 91);
    for r in &rows {
        let (inn, kpp, joined) = (&r["inn"], &r["kpp"], &r["joined"]);
        for spelling in [
            joined.clone(),
            format!("ИНН {inn} КПП {kpp}"),
            format!("{inn}/{kpp}"),
            format!(" {inn} {kpp} "),
        ] {
            let p = parse_inn_kpp(&spelling).unwrap_or_else(|e| panic!("{spelling}: {e}"));
            assert_eq!(&p.inn, inn);
            assert_eq!(p.kpp.as_ref(), Some(kpp));
            assert_eq!(&p.joined(), joined);
        }
    }
}

fn kind_name(k: PhoneKind) -> &'static str {
    match k {
        PhoneKind::Mobile => "MOBILE",
        PhoneKind::FixedLine => "FIXED_LINE",
        PhoneKind::TollFree => "TOLL_FREE",
        PhoneKind::PremiumRate => "PREMIUM_RATE",
        PhoneKind::PersonalNumber => "PERSONAL_NUMBER",
        PhoneKind::Internal | PhoneKind::Short => "UNKNOWN",
    }
}

#[test]
fn phones_match_libphonenumber() {
    let rows = common::tsv("phones/phones_ru_vectors.tsv");
    assert_eq!(rows.len(), 48);
    let mut failures = Vec::new();
    for r in &rows {
        let input = r["input"].as_str();
        let (e164, ext, ty) = match normalize(input) {
            Ok(p) => {
                if r["is_short_number_RU"] == "True" {
                    assert_eq!(p.kind, PhoneKind::Short, "{input}");
                }
                (
                    p.e164.unwrap_or_default(),
                    p.extension.unwrap_or_default(),
                    kind_name(p.kind),
                )
            }
            Err(e) => (
                e.e164().unwrap_or_default().to_string(),
                String::new(),
                "UNKNOWN",
            ),
        };
        let want = (
            r["e164"].as_str(),
            r["extension"].as_str(),
            r["number_type"].as_str(),
        );
        if (e164.as_str(), ext.as_str(), ty) != want {
            failures.push(format!(
                "{input:?}: got {:?}, want {want:?}",
                (e164, ext, ty)
            ));
        }
        let valid = normalize(input)
            .is_ok_and(|p| !matches!(p.kind, PhoneKind::Short | PhoneKind::Internal));
        assert_eq!(valid, r["is_valid"] == "True", "validity of {input:?}");
    }
    common::assert_no_failures(&failures);
}

#[test]
fn internal_extensions_and_errors() {
    let p = normalize("6076").unwrap();
    assert_eq!(
        (p.kind, p.e164, p.national.as_deref()),
        (PhoneKind::Internal, None, Some("6076"))
    );
    assert_eq!(normalize("000735").map(|p| p.kind).ok(), None);
    assert!(normalize("").is_err());
    assert!(normalize("+1 212 555 0100").is_err());
    assert!(normalize("8 985 абв")
        .unwrap_err()
        .to_string()
        .starts_with("Телефон"));
}
