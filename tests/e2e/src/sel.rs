//! Selectors of the panel's DOM contract (`data-wa-*` inside `div#wic-assist`'s shadow root), named
//! for what the operator sees, so that tests say "the call is linked", not how that is marked up.
//! Knows the contract only: not the browser, not the sandbox's page.

/// The parsed INN in the status section.
pub const STATUS_INN: &str = "[data-wa-section=status] [data-wa-inn]";
/// The SMS section's segment counter, shown once WIC's SMS form is filled.
pub const SMS_SEGMENTS: &str = "[data-wa-sms-segments]";
/// The non-client section once knowledge 6053 and the title were filled.
pub const NON_CLIENT_DONE: &str = "[data-wa-section=non-client] [data-wa-done]";

/// A panel button or link by its `data-wa-action` (`non-client`, `sms-resolved` …).
pub fn action(name: &str) -> String {
    format!("[data-wa-action={name}]")
}

/// A notice by its `data-wa-error` code (`bad-inn`, `link-failed` …).
pub fn error(code: &str) -> String {
    format!("[data-wa-error={code}]")
}

/// Incident `id` as a duplicate candidate (any level).
pub fn candidate(id: u64) -> String {
    format!("[data-wa-incident=\"{id}\"]")
}

/// Incident `id` as a *likely* duplicate.
pub fn likely(id: u64) -> String {
    format!("{}[data-wa-level=likely]", candidate(id))
}

/// An action of candidate `id` (`open`, `continue`).
pub fn candidate_action(id: u64, name: &str) -> String {
    format!("{} {}", candidate(id), action(name))
}

/// Call `id` in the list of unlinked calls.
pub fn call(id: &str) -> String {
    format!("[data-wa-call=\"{id}\"]")
}

/// Call `id` marked as the one that fits this incident.
pub fn suggested(id: &str) -> String {
    format!("{}[data-wa-suggested]", call(id))
}

/// Call `id` once linked and verified.
pub fn linked(id: &str) -> String {
    format!("{}[data-wa-linked]", call(id))
}

/// The «Привязать» button of call `id`.
pub fn link_button(id: &str) -> String {
    format!("{} {}", call(id), action("link"))
}

/// The «Привязать» button of call `id` while it is the suggested one.
pub fn suggested_link_button(id: &str) -> String {
    format!("{} {}", suggested(id), action("link"))
}
