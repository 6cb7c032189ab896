//! Where the popup's requests go: the origin of an absolute URL, whether a profile match pattern
//! covers an origin, the site's origin (where the assistant last ran, else the profile's first
//! concrete pattern) and relative paths made absolute. Pure string work; knows no request and no rule.

use crate::profile::Profile;

/// `path` made absolute against `origin` when it is site-relative (`/…`).
pub fn absolute(path: &str, origin: Option<&str>) -> String {
    match origin {
        Some(o) if path.starts_with('/') => format!("{}{path}", o.trim_end_matches('/')),
        _ => path.to_string(),
    }
}

/// `scheme://host[:port]` of an absolute URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Whether `origin` (`scheme://host[:port]`) is matched by a profile match pattern.
pub fn pattern_matches_origin(pattern: &str, origin: &str) -> bool {
    let (Some((ps, prest)), Some((os, orest))) =
        (pattern.split_once("://"), origin.split_once("://"))
    else {
        return false;
    };
    if ps != "*" && ps != os || ps == "*" && !matches!(os, "http" | "https") {
        return false;
    }
    let phost = prest.split('/').next().unwrap_or_default();
    let ohost = orest.split('/').next().unwrap_or_default();
    let strip_port = |h: &str| -> String {
        match h.rsplit_once(':') {
            Some((name, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => {
                name.to_string()
            }
            _ => h.to_string(),
        }
    };
    let (ph, oh) = (strip_port(phost), strip_port(ohost));
    let pattern_port = phost.len() != ph.len();
    if pattern_port && phost != ohost {
        return false;
    }
    ph == "*"
        || ph == oh
        || ph
            .strip_prefix("*.")
            .is_some_and(|d| oh == d || oh.ends_with(&format!(".{d}")))
}

/// The site's origin: `last_origin` when the profile covers it, else the first pattern without a
/// wildcard host.
pub fn site_origin(profile: &Profile, last_origin: Option<&str>) -> Option<String> {
    if let Some(o) =
        last_origin.filter(|o| profile.matches.iter().any(|p| pattern_matches_origin(p, o)))
    {
        return Some(o.trim_end_matches('/').to_string());
    }
    profile.matches.iter().find_map(|p| {
        let (scheme, rest) = p.split_once("://")?;
        let host = rest.split('/').next()?;
        (scheme != "*" && !host.contains('*')).then(|| format!("{scheme}://{host}"))
    })
}
