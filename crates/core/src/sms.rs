//! SMS notices to the client: templates, rendering, segment counting and when to suggest one
//! (DESIGN §2). Knows no page and sends nothing.

use serde::{Deserialize, Serialize};

use crate::model::Incident;
use crate::phone;

/// The three kinds of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsKind {
    /// «Номер вашего вопроса …».
    IncidentNumber,
    /// Sent when the incident is resolved.
    Resolved,
    /// «Не смогли до вас дозвониться».
    Unreachable,
}

impl SmsKind {
    /// All kinds, in display order.
    pub const ALL: [SmsKind; 3] = [
        SmsKind::IncidentNumber,
        SmsKind::Resolved,
        SmsKind::Unreachable,
    ];
}

/// Texts for the three kinds, with `{id}`, `{url}` placeholders. The defaults are the one copy of
/// WIC's texts: the built-in profile and the sandbox use the same (a test compares them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Templates {
    /// Incident number notice (the seed's text).
    pub incident_number: String,
    /// Resolution notice.
    pub resolved: String,
    /// Could not reach you.
    pub unreachable: String,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            incident_number: "Номер вашего вопроса {id}. Следите за ходом решения и задавайте вопросы на https://my.kontur.ru/s/{id} . Хорошего дня!".into(),
            resolved: "Ваш вопрос {id} решен. Подробности и оценка решения: https://my.kontur.ru/s/{id} . Спасибо, что обратились!".into(),
            unreachable: "Мы не смогли до вас дозвониться по вопросу {id}. Ответ и подробности: https://my.kontur.ru/s/{id} .".into(),
        }
    }
}

impl Templates {
    /// The template of one kind.
    pub fn get(&self, kind: SmsKind) -> &str {
        match kind {
            SmsKind::IncidentNumber => &self.incident_number,
            SmsKind::Resolved => &self.resolved,
            SmsKind::Unreachable => &self.unreachable,
        }
    }
}

/// Why a template did not render. Displayed to the operator, in Russian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// A `{name}` with no value.
    #[error("Шаблон SMS: неизвестная подстановка {{{0}}}")]
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    #[error("Шаблон SMS: незакрытая скобка {{")]
    Unclosed,
}

/// Fill `{name}` placeholders; `{{` and `}}` are literal braces. An unknown placeholder is an error.
pub fn render(template: &str, vars: &[(&str, &str)]) -> Result<String, SmsError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            out.push_str(&tail[..1]);
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        let end = tail.find('}').ok_or(SmsError::Unclosed)?;
        let name = &tail[1..end];
        let value = vars
            .iter()
            .find(|(k, _)| *k == name)
            .ok_or_else(|| SmsError::UnknownPlaceholder(name.to_string()))?;
        out.push_str(value.1);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Character set an SMS is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// GSM 03.38 7-bit (Latin): 160 / 153 per segment.
    Gsm7,
    /// UCS-2 (Cyrillic and the rest): 70 / 67 per segment.
    Ucs2,
}

/// How a text is split into SMS segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    /// Encoding.
    pub encoding: Encoding,
    /// Number of segments (0 for an empty text).
    pub count: u32,
    /// Length in encoding units (GSM-7 septets or UTF-16 code units).
    pub chars: u32,
}

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{000C}";

/// Count segments: GSM-7 when every character is in the GSM alphabet (extension characters count
/// twice), else UCS-2.
pub fn segments(text: &str) -> Segments {
    let mut septets = 0u32;
    let mut gsm = true;
    for c in text.chars() {
        if GSM_BASIC.contains(c) {
            septets += 1;
        } else if GSM_EXTENDED.contains(c) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    let (encoding, chars, single, multi) = if gsm {
        (Encoding::Gsm7, septets, 160, 153)
    } else {
        let units = u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX);
        (Encoding::Ucs2, units, 70, 67)
    };
    let count = match chars {
        0 => 0,
        n if n <= single => 1,
        n => n.div_ceil(multi),
    };
    Segments {
        encoding,
        count,
        chars,
    }
}

fn is_exempt(department: &str, exempt: &[String]) -> bool {
    let d = department.trim().to_lowercase();
    exempt.iter().map(|e| e.trim().to_lowercase()).any(|e| {
        !e.is_empty()
            && (d == e || d.starts_with(&format!("{e} ")) || d.ends_with(&format!(" {e}")))
    })
}

/// Which notices to suggest (DESIGN §2): only to a mobile number; for an incident handed to an
/// adjacent department (its department differs from the operator's, when that is known), unless
/// the department is exempt (СЦ, ОКО); never a kind already sent. Suggests the incident number and
/// the resolution notice; «could not reach you» is the operator's call and never suggested.
pub fn suggestions(
    incident: &Incident,
    operator_department: Option<&str>,
    exempt: &[String],
    already_sent: &[SmsKind],
) -> Vec<SmsKind> {
    if !incident.phone.as_deref().is_some_and(phone::is_mobile) {
        return Vec::new();
    }
    let Some(dept) = incident
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    else {
        return Vec::new();
    };
    if operator_department.is_some_and(|o| {
        o.trim().eq_ignore_ascii_case(dept) || o.trim().to_lowercase() == dept.to_lowercase()
    }) || is_exempt(dept, exempt)
    {
        return Vec::new();
    }
    [SmsKind::IncidentNumber, SmsKind::Resolved]
        .into_iter()
        .filter(|k| !already_sent.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_seed_template() {
        let t = Templates::default();
        let s = render(&t.incident_number, &[("id", "19269153")]).unwrap();
        assert_eq!(s, "Номер вашего вопроса 19269153. Следите за ходом решения и задавайте вопросы на https://my.kontur.ru/s/19269153 . Хорошего дня!");
        assert_eq!(
            segments(&s),
            Segments {
                encoding: Encoding::Ucs2,
                count: 2,
                chars: s.encode_utf16().count() as u32
            }
        );
        assert_eq!(
            render("{x}", &[]),
            Err(SmsError::UnknownPlaceholder("x".into()))
        );
        assert_eq!(render("a {{b}} {", &[]), Err(SmsError::Unclosed));
        assert_eq!(render("a {{b}}", &[]).unwrap(), "a {b}");
    }

    #[test]
    fn counts_segments() {
        assert_eq!(segments(&"a".repeat(160)).count, 1);
        assert_eq!(segments(&"a".repeat(161)).count, 2);
        assert_eq!(segments(&"€".repeat(80)).count, 1);
        assert_eq!(segments(&"€".repeat(81)).count, 2);
        assert_eq!(segments(&"я".repeat(70)).count, 1);
        assert_eq!(segments(&"я".repeat(71)).count, 2);
        assert_eq!(segments(&"я".repeat(134)).count, 2);
        assert_eq!(segments(&"я".repeat(135)).count, 3);
        assert_eq!(segments("").count, 0);
    }

    #[test]
    fn suggests_for_adjacent_departments_only() {
        let exempt = vec!["СЦ".to_string(), "ОКО".to_string()];
        let mut i = Incident {
            phone: Some("8(985)5363453".into()),
            department: Some("3946".into()),
            ..Incident::default()
        };
        assert_eq!(
            suggestions(&i, Some("Отдел обучения"), &exempt, &[]),
            [SmsKind::IncidentNumber, SmsKind::Resolved]
        );
        assert_eq!(
            suggestions(
                &i,
                Some("Отдел обучения"),
                &exempt,
                &[SmsKind::IncidentNumber]
            ),
            [SmsKind::Resolved]
        );
        assert!(suggestions(&i, Some("3946"), &exempt, &[]).is_empty());
        i.department = Some("СЦ Екатеринбург".into());
        assert!(suggestions(&i, None, &exempt, &[]).is_empty());
        i.department = Some("ОКО".into());
        assert!(suggestions(&i, None, &exempt, &[]).is_empty());
        i.department = Some("3946".into());
        i.phone = Some("83433702677".into());
        assert!(suggestions(&i, None, &exempt, &[]).is_empty());
    }
}
