//! Browser unit tests (wasm-bindgen-test, headless Chromium): page reading through a profile and the
//! panel's DOM contract, on markup built in the test. Run by `./build.sh test`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use wic_assist::dom::{attr, el, query};
use wic_assist::page;
use wic_assist::panel::Panel;
use wic_assist::profile::Profile;
use wic_core::source::FieldSpec;

wasm_bindgen_test_configure!(run_in_browser);

/// Builds a minimal incident card in the test page, as the built-in profile expects it.
fn card(inn_kpp: &str, title: &str) -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    if let Some(old) = doc.get_element_by_id("incident-card") {
        old.remove();
    }
    let form = el(&doc, "form");
    form.set_id("incident-card");
    for (name, value) in [
        ("id", "19269153"),
        ("inn_kpp", inn_kpp),
        ("title", title),
        ("phone", "8(343)370-26-77"),
    ] {
        let input = el(&doc, "input");
        attr(&input, "name", name);
        attr(&input, "value", value);
        form.append_child(&input).unwrap();
    }
    doc.body().unwrap().append_child(&form).unwrap();
    form
}

fn profile_with_only(fields: &[&str]) -> Profile {
    let mut p = Profile::builtin();
    let keep = |k: &str, v: &mut Option<FieldSpec>| {
        if !fields.contains(&k) {
            *v = None
        }
    };
    keep("incident_id", &mut p.fields.incident_id);
    keep("inn_kpp", &mut p.fields.inn_kpp);
    keep("title", &mut p.fields.title);
    keep("phone", &mut p.fields.phone);
    for f in [
        &mut p.fields.email,
        &mut p.fields.contact_name,
        &mut p.fields.description,
        &mut p.fields.kind,
        &mut p.fields.status,
        &mut p.fields.department,
        &mut p.fields.knowledge,
        &mut p.fields.operator,
        &mut p.fields.created_at,
    ] {
        *f = None;
    }
    p
}

#[wasm_bindgen_test]
fn reads_fields_through_the_profile() {
    card("6678083608-667801001", "Закрывающие документы");
    let doc = web_sys::window().unwrap().document().unwrap();
    let profile = profile_with_only(&["incident_id", "inn_kpp", "title", "phone"]);
    assert!(page::is_incident_page(&doc, &profile));
    let snap = page::read(&doc, &profile);
    assert_eq!(snap.incident.id, Some(19269153));
    assert_eq!(
        snap.incident.inn_kpp.as_deref(),
        Some("6678083608-667801001")
    );
    assert_eq!(snap.incident.phone.as_deref(), Some("8(343)370-26-77"));
    assert!(snap.missing.is_empty());
}

#[wasm_bindgen_test]
fn a_missing_field_is_listed_not_fatal() {
    card("6678083608-667801001", "x");
    let doc = web_sys::window().unwrap().document().unwrap();
    let mut profile = profile_with_only(&["inn_kpp", "title"]);
    profile.fields.email = Some(FieldSpec::Short("#incident-card [name=email]".into()));
    let snap = page::read(&doc, &profile);
    assert_eq!(snap.missing, vec!["email"]);
    assert_eq!(snap.incident.title, "x");
}

#[wasm_bindgen_test]
fn hostile_title_stays_text() {
    let hostile = "<img src=x onerror=\"window.__pwned=1\">";
    card("6678083608-667801001", hostile);
    let doc = web_sys::window().unwrap().document().unwrap();
    let panel = Panel::mount(&doc, wic_assist::features::sections(), false).unwrap();
    let section = panel.section("status");
    section
        .append_child(&wic_assist::dom::el_text(&doc, "p", hostile))
        .unwrap();
    assert!(
        query(&section, "img").is_none(),
        "no element was parsed from text"
    );
    assert_eq!(section.text_content().unwrap(), hostile);
}

#[wasm_bindgen_test]
fn panel_host_has_open_shadow_root_and_sections() {
    card("6678083609-667801001", "x");
    let doc = web_sys::window().unwrap().document().unwrap();
    // The whole assistant on this page, with no endpoints: only what the page itself shows.
    let mut profile = profile_with_only(&["inn_kpp"]);
    profile.endpoints = Default::default();
    wic_assist::app::start(doc.clone(), profile, Default::default(), false);
    let host = doc.get_element_by_id("wic-assist").expect("host");
    let root = host.shadow_root().expect("open shadow root");
    assert!(query(&root, "[data-wa-section=status]").is_some());
    let err = query(&root, "[data-wa-error=bad-inn]").expect("bad check digit reported");
    assert!(err.text_content().unwrap().contains("6678083609"));
    // Mounting again replaces, never duplicates.
    Panel::mount(&doc, wic_assist::features::sections(), false).unwrap();
    assert_eq!(doc.query_selector_all("#wic-assist").unwrap().length(), 1);
}

#[wasm_bindgen_test]
fn field_specs_and_table_rows_are_read_as_profile_v2_says() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(
        "<div class='v2-card'><h1 class='num'>Инцидент № 19 269 153</h1>\
         <span class='created'>24 фев 2019 19:46</span></div>\
         <table id='v2-hist'><tbody>\
         <tr><td><a>19269004</a></td><td>09.01.2019 14:32</td><td>Закрыт</td><td title='Полный заголовок обращения'>Полный заго…</td></tr>\
         <tr><td>Итого: 1</td><td></td><td></td><td></td></tr>\
         </tbody></table>",
    );
    doc.body().unwrap().append_child(&host).unwrap();
    let profile = wic_assist::profile::Profile::parse(
        r##"{"name": "v2", "matches": ["http://127.0.0.1/*"], "incident_page": ".v2-card", "timezone": "+05:00",
            "fields": {"incident_id": {"css": ".num", "re": "№\\s*([\\d ]+)"},
                       "created_at": {"css": ".created", "date": "%d %b %Y %H:%M"}},
            "sources": {"history": {"from": "page", "rows": "#v2-hist tbody tr", "require": ["id"],
              "fields": {"id": {"col": 1, "re": "^(\\d+)$"}, "created_at": {"col": 2, "date": "%d.%m.%Y %H:%M"},
                         "status": {"col": 3}, "title": {"col": 4, "attr": "title"}}}}}"##,
    )
    .expect("a valid v2 profile");
    let snap = page::read(&doc, &profile);
    assert_eq!(snap.incident.id, Some(19269153));
    let created = snap.incident.created_at.expect("a creation time");
    assert_eq!(
        wic_core::dates::rfc3339(&created).as_deref(),
        Some("2019-02-24T19:46:00+05:00")
    );
    assert!(snap.problems.is_empty(), "{:?}", snap.problems);
    let spec = profile.sources.get("history").unwrap();
    let rows = page::rows(&doc, spec);
    assert_eq!(
        rows.len(),
        2,
        "both rows are read; the total is skipped later, by `require`"
    );
    assert_eq!(rows[0]["id"].as_deref(), Some("19269004"));
    assert_eq!(
        rows[0]["title"].as_deref(),
        Some("Полный заголовок обращения")
    );
    assert_eq!(rows[0]["status"].as_deref(), Some("Закрыт"));
    host.remove();
}
