//! Why a candidate is a duplicate: reason values with Russian text (Display) and stable codes for
//! other locales. Serialized as the Russian text.
//! Must not know how a reason was found or where it is shown.

use std::fmt;

use serde::{Serialize, Serializer};

/// One reason a candidate was proposed.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Same INN and KPP.
    SameInnKpp,
    /// Same INN, another KPP: a branch of the same company.
    SameInn,
    /// Same phone number (INN missing).
    SamePhone,
    /// Same e-mail (INN missing).
    SameEmail,
    /// The same client, recognised through its other incidents (they tie the identifiers the
    /// two incidents carry).
    SameClient,
    /// Same linked knowledge article.
    SameKnowledge(u64),
    /// Similar title and description (the similarity).
    SimilarTitle(f32),
    /// Same product / incident type.
    SameProduct,
    /// Created this many days ago.
    DaysAgo(u32),
    /// Created this many hours ago (under a day).
    HoursAgo(u32),
    /// Still open.
    Open,
    /// WIC's own duplicate rule holds.
    WicRule,
}

impl Reason {
    /// A stable code for translations (`_locales`).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SameInnKpp => "same_inn_kpp",
            Reason::SameInn => "same_inn",
            Reason::SamePhone => "same_phone",
            Reason::SameEmail => "same_email",
            Reason::SameClient => "same_client",
            Reason::SameKnowledge(_) => "same_knowledge",
            Reason::SimilarTitle(_) => "similar_title",
            Reason::SameProduct => "same_product",
            Reason::DaysAgo(_) => "days_ago",
            Reason::HoursAgo(_) => "hours_ago",
            Reason::Open => "open",
            Reason::WicRule => "wic_rule",
        }
    }
}

/// Russian plural form: 1 день, 2 дня, 5 дней.
/// A similarity in [0, 1] with two decimals ("0.82"), by integer arithmetic: float formatting
/// (`{:.2}`) would pull ~10 KB of `core::fmt` float code into the browser module.
pub fn hundredths(x: f32) -> String {
    let h = (x.clamp(0.0, 1.0) * 100.0).round() as u32;
    format!("{}.{:02}", h / 100, h % 100)
}

fn plural(n: u32, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::SameInnKpp => f.write_str("тот же ИНН-КПП"),
            Reason::SameInn => f.write_str("тот же ИНН (другой КПП — филиал)"),
            Reason::SamePhone => f.write_str("тот же телефон"),
            Reason::SameEmail => f.write_str("тот же e-mail"),
            Reason::SameClient => f.write_str("тот же клиент (по его другим обращениям)"),
            Reason::SameKnowledge(id) => write!(f, "то же знание {id}"),
            Reason::SimilarTitle(s) => write!(f, "похожий заголовок ({})", hundredths(*s)),
            Reason::SameProduct => f.write_str("тот же продукт"),
            Reason::DaysAgo(n) => write!(f, "{n} {} назад", plural(*n, "день", "дня", "дней")),
            Reason::HoursAgo(0) => f.write_str("меньше часа назад"),
            Reason::HoursAgo(n) => write!(f, "{n} {} назад", plural(*n, "час", "часа", "часов")),
            Reason::Open => f.write_str("открыт"),
            Reason::WicRule => f.write_str("правило WIC: тот же ИНН-КПП и знание, меньше 7 дней"),
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn hundredths_match_two_decimal_formatting() {
        for i in 0..=1000 {
            let x = i as f32 / 1000.0;
            let want = format!("{:.2}", (x * 100.0).round() / 100.0);
            assert_eq!(hundredths(x), want, "{x}");
        }
        assert_eq!(hundredths(1.5), "1.00");
        assert_eq!(hundredths(f32::NAN), "0.00");
    }

    use super::*;

    #[test]
    fn russian_texts() {
        assert_eq!(Reason::SameKnowledge(5163).to_string(), "то же знание 5163");
        assert_eq!(
            Reason::SimilarTitle(0.823).to_string(),
            "похожий заголовок (0.82)"
        );
        assert_eq!(Reason::DaysAgo(3).to_string(), "3 дня назад");
        assert_eq!(Reason::DaysAgo(1).to_string(), "1 день назад");
        assert_eq!(Reason::DaysAgo(11).to_string(), "11 дней назад");
        assert_eq!(Reason::HoursAgo(21).to_string(), "21 час назад");
        assert_eq!(Reason::Open.to_string(), "открыт");
    }
}
