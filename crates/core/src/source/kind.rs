//! What each source kind yields (DESIGN §3a): its target fields with their types, the fields the
//! model cannot do without, and the placeholders its `url` may use. A table, no behaviour; knows
//! nothing of specs or raw text.

/// The three sources of profile v2, by their key under `sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The client's history → `model::Incident`.
    History,
    /// The operator's calls → `model::Call`.
    Calls,
    /// The registration report → `RegistrationRow`.
    Registration,
}

/// The type a target field's text becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Free text.
    Text,
    /// A number id (incident number): digits, spaces ignored.
    Id,
    /// A moment: `date` format, else RFC 3339.
    Time,
    /// Seconds: `duration` format, else `205` / `03:17` / `01:02:03`.
    Seconds,
    /// Да/нет, true/false, 1/0.
    Bool,
    /// `open|in_progress|resolved|closed` or Открыт / В работе / Решен / Закрыт.
    Status,
    /// `in|out` or входящий / исходящий.
    Direction,
    /// Knowledge article ids: every run of digits.
    IdList,
    /// A whole count.
    Count,
    /// A whole percent, `98%`.
    Percent,
}

const HISTORY: &[(&str, Target)] = &[
    ("id", Target::Id),
    ("created_at", Target::Time),
    ("inn_kpp", Target::Text),
    ("title", Target::Text),
    ("description", Target::Text),
    ("type", Target::Text),
    ("status", Target::Status),
    ("knowledge", Target::IdList),
    ("phone", Target::Text),
    ("email", Target::Text),
    ("contact_name", Target::Text),
    ("department", Target::Text),
    ("created_by", Target::Text),
];

const CALLS: &[(&str, Target)] = &[
    ("id", Target::Text),
    ("direction", Target::Direction),
    ("answered", Target::Bool),
    ("started_at", Target::Time),
    ("duration_s", Target::Seconds),
    ("transferred", Target::Bool),
    ("caller", Target::Text),
    ("operator", Target::Text),
    ("pbx", Target::Text),
    ("linked_incident", Target::Id),
    ("linked_at", Target::Time),
    ("linked_by", Target::Text),
];

const REGISTRATION: &[(&str, Target)] = &[
    ("department", Target::Text),
    ("supervisor", Target::Text),
    ("operator", Target::Text),
    ("total", Target::Count),
    ("linked", Target::Count),
    ("percent", Target::Percent),
];

/// Incident fields a row may inherit (keys of `model::Incident`'s JSON).
const INHERITABLE: &[&str] = &[
    "inn_kpp",
    "phone",
    "email",
    "contact_name",
    "department",
    "type",
    "knowledge",
];

impl Kind {
    /// Every kind, in the profile's order.
    pub const ALL: [Kind; 3] = [Kind::History, Kind::Calls, Kind::Registration];

    /// The kind of a source named `name` under `sources`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The key under `sources`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::History => "history",
            Kind::Calls => "calls",
            Kind::Registration => "registration",
        }
    }

    /// Target fields and their types.
    pub fn fields(self) -> &'static [(&'static str, Target)] {
        match self {
            Kind::History => HISTORY,
            Kind::Calls => CALLS,
            Kind::Registration => REGISTRATION,
        }
    }

    /// The type of target field `name`, if this kind has it.
    pub fn target(self, name: &str) -> Option<Target> {
        self.fields()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    /// Fields without which a row makes no model object (a row lacking one is dropped).
    pub fn model_required(self) -> &'static [&'static str] {
        match self {
            Kind::History | Kind::Calls => &["id"],
            Kind::Registration => &["operator", "total", "linked"],
        }
    }

    /// Incident fields this kind's rows may inherit.
    pub fn inheritable(self) -> Vec<&'static str> {
        INHERITABLE
            .iter()
            .copied()
            .filter(|f| self.target(f).is_some())
            .collect()
    }

    /// Placeholders its `url` may use; `since` and `now` also take a `:strftime` format.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Kind::History => &["id", "inn", "inn_kpp", "phone", "email", "since", "now"],
            Kind::Calls => &["operator", "since", "now"],
            Kind::Registration => &["operator", "department", "since", "now"],
        }
    }
}

/// Placeholders that hold a time and may carry a format (`{since:%d.%m.%Y}`).
pub const TIME_PLACEHOLDERS: &[&str] = &["since", "now"];
