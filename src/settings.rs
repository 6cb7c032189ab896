//! Which profile and settings are in force: an administrator's policy (`chrome.storage.managed`)
//! wins over the operator's local choices, which win over the built-in profile. Also validates the
//! settings the options page edits. Pure (no browser API): storage contents come in as JSON.

use crate::profile::{Profile, ProfileError, BUILTIN_JSON};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Default shift length, hours.
pub const DEFAULT_SHIFT_HOURS: u32 = 12;
/// Default registration target of the team, percent (the supervisor's report draws it).
pub const DEFAULT_TEAM_TARGET: u32 = 95;
/// Settings keys an administrator may set by policy (besides `profile`).
pub const POLICY_KEYS: &[&str] = &[
    "operator",
    "department",
    "shift_hours",
    "window_days",
    "supervisor",
    "team_target",
];

/// The operator's settings (chrome.storage.local `settings`; the same keys by policy).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The operator's name as WIC shows it.
    pub operator: Option<String>,
    /// The operator's own department.
    pub department: Option<String>,
    /// How far back "my calls" go, hours (1–24).
    pub shift_hours: Option<u32>,
    /// Duplicate window, days (1–365); overrides the profile's `duplicates.window_days`.
    pub window_days: Option<u32>,
    /// The team's supervisor as the registration report names them (the supervisor's report).
    pub supervisor: Option<String>,
    /// The team's registration target, percent (1–100).
    pub team_target: Option<u32>,
}

/// The settings in force (policy over local, defaults filled in): what the content script, the popup
/// and the badge use. The one shape they share, serialized between them as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InForce {
    /// The operator's name as WIC shows it; else the page's `operator` field.
    pub operator: Option<String>,
    /// The operator's own department (SMS are suggested for the others).
    pub department: Option<String>,
    /// How far back "my calls" go, hours.
    pub shift_hours: u32,
    /// Duplicate window, days, when the operator or the policy set one (already applied to the profile).
    pub window_days: Option<u32>,
    /// The team's supervisor (with `department`, the team of the supervisor's report).
    pub supervisor: Option<String>,
    /// The team's registration target, percent.
    pub team_target: u32,
}

impl Default for InForce {
    fn default() -> Self {
        InForce {
            operator: None,
            department: None,
            shift_hours: DEFAULT_SHIFT_HOURS,
            window_days: None,
            supervisor: None,
            team_target: DEFAULT_TEAM_TARGET,
        }
    }
}

/// Where the profile in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Pushed by an administrator (read-only for the operator).
    Managed,
    /// Saved on the options page.
    Local,
    /// Built into the extension.
    Builtin,
}

/// A rejected value: the field and a `_locales` key saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The offending field, e.g. `shift_hours` or `profile.fields.inn_kpp`.
    pub field: String,
    /// The message (Russian, from the profile validator) or a `_locales` key (settings).
    pub message: String,
}

impl From<ProfileError> for FieldError {
    fn from(e: ProfileError) -> Self {
        FieldError {
            field: e.field.clone(),
            message: e.to_string(),
        }
    }
}

/// What is in force, as the pages and the content script use it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effective {
    /// The profile in force as JSON text (window days applied).
    pub profile: String,
    /// Where it comes from.
    pub profile_source: Source,
    /// Settings in force.
    pub settings: InForce,
    /// Keys fixed by policy: `profile` and/or settings keys. The options page shows them read-only.
    pub locked: Vec<String>,
    /// A policy profile that failed validation (ignored; the local or built-in one is used).
    pub managed_error: Option<FieldError>,
    /// The local profile as saved (for the editor), if any.
    pub local_profile: Option<String>,
}

/// The numeric settings: field, allowed range, `_locales` key of the error.
const RANGES: [(&str, u32, u32, &str); 3] = [
    ("shift_hours", 1, 24, "errShiftHours"),
    ("window_days", 1, 365, "errWindowDays"),
    ("team_target", 1, 100, "errTeamTarget"),
];

fn number(s: &Settings, field: &str) -> Option<u32> {
    match field {
        "shift_hours" => s.shift_hours,
        "window_days" => s.window_days,
        _ => s.team_target,
    }
}

/// Checks settings; the error names the field and gives a `_locales` key.
pub fn validate(s: &Settings) -> Result<(), FieldError> {
    for (field, lo, hi, key) in RANGES {
        if number(s, field).is_some_and(|v| !(lo..=hi).contains(&v)) {
            return Err(FieldError {
                field: field.into(),
                message: key.into(),
            });
        }
    }
    Ok(())
}

fn settings_from(v: &Value) -> Settings {
    // Each key on its own: one of the wrong type or out of range is dropped rather than trusted.
    let key = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let text = |k: &str| {
        serde_json::from_value::<Option<String>>(key(k))
            .ok()
            .flatten()
            .filter(|o| !o.trim().is_empty())
    };
    let num = |k: &str| {
        let (_, lo, hi, _) = RANGES.iter().find(|r| r.0 == k)?;
        serde_json::from_value::<Option<u32>>(key(k))
            .ok()
            .flatten()
            .filter(|n| (*lo..=*hi).contains(n))
    };
    Settings {
        operator: text("operator"),
        department: text("department"),
        shift_hours: num("shift_hours"),
        window_days: num("window_days"),
        supervisor: text("supervisor"),
        team_target: num("team_target"),
    }
}

/// Merges policy (`managed`: the object chrome.storage.managed holds) over local storage (`local`:
/// `{"profile": "<json>", "settings": {…}}`) over the built-in profile.
pub fn effective(managed: &Value, local: &Value) -> Effective {
    let mut locked = Vec::new();
    let mut managed_error = None;
    let local_profile = local
        .get("profile")
        .and_then(Value::as_str)
        .map(str::to_string);
    let managed_profile = match managed.get("profile") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(v @ Value::Object(_)) => Some(v.to_string()),
        _ => None,
    };
    let mut chosen: Option<(String, Source)> = None;
    if let Some(text) = managed_profile {
        match Profile::parse(&text) {
            Ok(_) => {
                locked.push("profile".to_string());
                chosen = Some((text, Source::Managed));
            }
            Err(e) => managed_error = Some(FieldError::from(e)),
        }
    }
    if chosen.is_none() {
        if let Some(text) = local_profile
            .as_deref()
            .filter(|t| Profile::parse(t).is_ok())
        {
            chosen = Some((text.to_string(), Source::Local));
        }
    }
    let (text, source) = chosen.unwrap_or_else(|| (BUILTIN_JSON.to_string(), Source::Builtin));

    let mut s = settings_from(local.get("settings").unwrap_or(&Value::Null));
    let m = settings_from(managed);
    for key in POLICY_KEYS {
        if managed.get(*key).is_some_and(|v| !v.is_null()) {
            let set = match *key {
                "operator" => m.operator.clone().map(|v| s.operator = Some(v)),
                "department" => m.department.clone().map(|v| s.department = Some(v)),
                "shift_hours" => m.shift_hours.map(|v| s.shift_hours = Some(v)),
                "supervisor" => m.supervisor.clone().map(|v| s.supervisor = Some(v)),
                "team_target" => m.team_target.map(|v| s.team_target = Some(v)),
                _ => m.window_days.map(|v| s.window_days = Some(v)),
            };
            if set.is_some() {
                locked.push((*key).to_string());
            }
        }
    }
    let profile = match s.window_days {
        Some(days) => with_window_days(&text, days).unwrap_or(text),
        None => text,
    };
    let settings = InForce {
        operator: s.operator,
        department: s.department,
        shift_hours: s.shift_hours.unwrap_or(DEFAULT_SHIFT_HOURS),
        window_days: s.window_days,
        supervisor: s.supervisor,
        team_target: s.team_target.unwrap_or(DEFAULT_TEAM_TARGET),
    };
    Effective {
        profile,
        profile_source: source,
        settings,
        locked,
        managed_error,
        local_profile,
    }
}

fn with_window_days(profile: &str, days: u32) -> Option<String> {
    let mut v: Value = serde_json::from_str(profile).ok()?;
    let obj = v.as_object_mut()?;
    let dup = obj
        .entry("duplicates")
        .or_insert_with(|| serde_json::json!({}));
    dup.as_object_mut()?
        .insert("window_days".into(), days.into());
    let out = v.to_string();
    Profile::parse(&out).ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(name: &str) -> String {
        let mut v: Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        v["name"] = name.into();
        v.to_string()
    }

    fn name_of(e: &Effective) -> String {
        serde_json::from_str::<Value>(&e.profile).unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn managed_profile_wins_over_local_which_wins_over_builtin() {
        let local = json!({"profile": named("local"), "settings": {"operator": "Иванов", "shift_hours": 8}});
        let e = effective(&json!({"profile": named("corp")}), &local);
        assert_eq!(
            (name_of(&e), e.profile_source),
            ("corp".into(), Source::Managed)
        );
        assert_eq!(e.locked, ["profile"]);
        assert_eq!(e.local_profile.as_deref(), Some(named("local").as_str()));
        let e = effective(&json!({}), &local);
        assert_eq!(
            (name_of(&e), e.profile_source),
            ("local".into(), Source::Local)
        );
        assert_eq!(e.settings.operator.as_deref(), Some("Иванов"));
        assert_eq!(e.settings.shift_hours, 8);
        let e = effective(&Value::Null, &json!({}));
        assert_eq!(
            (name_of(&e), e.profile_source),
            ("wic-sandbox".into(), Source::Builtin)
        );
        assert_eq!(e.settings.shift_hours, DEFAULT_SHIFT_HOURS);
    }

    #[test]
    fn an_invalid_policy_profile_is_reported_and_ignored() {
        let mut bad: Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        bad["fields"]["inn_kpp"] = "".into();
        let e = effective(
            &json!({"profile": bad.to_string()}),
            &json!({"profile": named("local")}),
        );
        assert_eq!(e.profile_source, Source::Local);
        assert_eq!(e.managed_error.unwrap().field, "fields.inn_kpp");
        assert!(e.locked.is_empty());
    }

    #[test]
    fn policy_settings_win_and_are_locked() {
        let local = json!({"settings": {"operator": "Иванов", "shift_hours": 8, "window_days": 3}});
        let e = effective(
            &json!({"shift_hours": 10, "window_days": 14, "operator": ""}),
            &local,
        );
        assert_eq!(e.settings.shift_hours, 10);
        assert_eq!(
            e.settings.operator.as_deref(),
            Some("Иванов"),
            "an empty policy value does not erase the operator"
        );
        assert_eq!(e.locked, ["shift_hours", "window_days"]);
        let p: Value = serde_json::from_str(&e.profile).unwrap();
        assert_eq!(p["duplicates"]["window_days"], 14);
    }

    #[test]
    fn settings_out_of_range_name_the_field() {
        let bad = Settings {
            shift_hours: Some(0),
            ..Settings::default()
        };
        assert_eq!(validate(&bad).unwrap_err().field, "shift_hours");
        let bad = Settings {
            window_days: Some(400),
            ..Settings::default()
        };
        assert_eq!(validate(&bad).unwrap_err().field, "window_days");
        assert!(validate(&Settings {
            shift_hours: Some(24),
            window_days: Some(7),
            ..Settings::default()
        })
        .is_ok());
        // Stored garbage is dropped, not trusted.
        let e = effective(&json!({}), &json!({"settings": {"shift_hours": 99}}));
        assert_eq!(e.settings.shift_hours, DEFAULT_SHIFT_HOURS);
    }

    #[test]
    fn the_team_and_its_target_have_defaults_ranges_and_policy() {
        let e = effective(&json!({}), &json!({}));
        assert_eq!(e.settings.team_target, DEFAULT_TEAM_TARGET);
        assert_eq!(e.settings.supervisor, None);
        let local = json!({"settings": {"supervisor": "Багно Наталья Олеговна", "team_target": 90, "shift_hours": 99}});
        let e = effective(&json!({}), &local);
        assert_eq!(e.settings.team_target, 90);
        assert_eq!(
            e.settings.shift_hours, DEFAULT_SHIFT_HOURS,
            "only the bad key is dropped"
        );
        assert_eq!(
            e.settings.supervisor.as_deref(),
            Some("Багно Наталья Олеговна")
        );
        let e = effective(&json!({"team_target": 97, "supervisor": "Зуева"}), &local);
        assert_eq!(
            (e.settings.team_target, e.settings.supervisor.as_deref()),
            (97, Some("Зуева"))
        );
        assert_eq!(e.locked, ["supervisor", "team_target"]);
        let e = effective(&json!({}), &json!({"settings": {"team_target": 101}}));
        assert_eq!(e.settings.team_target, DEFAULT_TEAM_TARGET);
        for bad in [0, 101] {
            let s = Settings {
                team_target: Some(bad),
                ..Settings::default()
            };
            assert_eq!(validate(&s).unwrap_err().message, "errTeamTarget");
        }
    }
}
