//! Profile parsing and validation: every rejection names its field.

use super::*;

type Patch = Box<dyn FnOnce(&mut serde_json::Value)>;

fn with(patch: impl FnOnce(&mut serde_json::Value)) -> Result<Profile, ProfileError> {
    let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    patch(&mut v);
    Profile::parse(&v.to_string())
}

#[test]
fn builtin_profile_is_valid() {
    let p = Profile::builtin();
    assert_eq!(p.name, "wic-sandbox");
    assert!(p.fields.inn_kpp.is_some());
}

#[test]
fn builtin_sms_texts_are_wic_cores() {
    let p = Profile::builtin();
    let sms = p.sms.expect("the built-in profile has SMS settings");
    assert_eq!(sms.templates, wic_core::sms::Templates::default());
}

#[test]
fn rejection_names_the_field() {
    let cases: Vec<(Patch, &str)> = vec![
        (
            Box::new(|v| v["fields"]["inn_kpp"] = "  ".into()),
            "fields.inn_kpp",
        ),
        (
            Box::new(|v| v["fields"]["inn_kpp"] = 5.into()),
            "fields.inn_kpp",
        ),
        (
            Box::new(|v| v["matches"] = serde_json::json!(["ftp://x/*"])),
            "matches[0]",
        ),
        (
            Box::new(|v| v["endpoints"]["history"] = "/api?x={nope}".into()),
            "endpoints.history",
        ),
        (
            Box::new(|v| v["duplicates"]["window_days"] = 0.into()),
            "duplicates.window_days",
        ),
        (
            Box::new(|v| {
                v.as_object_mut()
                    .unwrap()
                    .remove("incident_page")
                    .map(|_| ())
                    .unwrap()
            }),
            "incident_page",
        ),
        (
            Box::new(|v| {
                v["call_link_form"]
                    .as_object_mut()
                    .unwrap()
                    .remove("submit")
                    .map(|_| ())
                    .unwrap()
            }),
            "call_link_form.submit",
        ),
    ];
    for (patch, field) in cases {
        let e = with(patch).unwrap_err();
        assert_eq!(e.field, field, "{e}");
    }
}

#[test]
fn missing_optional_sections_are_fine() {
    let p = with(|v| {
        let o = v.as_object_mut().unwrap();
        for k in [
            "history_table",
            "call_link_form",
            "sms_form",
            "knowledge_input",
            "endpoints",
            "sms",
        ] {
            o.remove(k);
        }
    })
    .unwrap();
    assert!(p.call_link_form.is_none() && p.endpoints.history.is_none());
}

#[test]
fn endpoint_values_are_url_encoded() {
    let p = Profile::builtin();
    let url = p.endpoint(
        "/api/calls?operator={operator}&since={since}",
        &[
            ("operator", "Григорьев И&С"),
            ("since", "2018-12-21T11:25:00+05:00"),
        ],
    );
    assert_eq!(
        url,
        "/api/calls?operator=%D0%93%D1%80%D0%B8%D0%B3%D0%BE%D1%80%D1%8C%D0%B5%D0%B2%20%D0%98%26%D0%A1\
         &since=2018-12-21T11%3A25%3A00%2B05%3A00"
    );
}

#[test]
fn type_errors_deep_inside_name_their_path() {
    let cases: Vec<(Patch, &str)> = vec![
        (
            Box::new(|v| v["sms_form"]["phone"] = 5.into()),
            "sms_form.phone",
        ),
        (
            Box::new(|v| v["matches"] = serde_json::json!(["http://a/*", 7])),
            "matches[1]",
        ),
        (
            Box::new(|v| v["registration"]["min_duration_s"] = "x".into()),
            "registration.min_duration_s",
        ),
        (
            Box::new(|v| v["endpoints"]["calls"] = serde_json::json!({"a": 1})),
            "endpoints.calls",
        ),
    ];
    for (patch, field) in cases {
        let e = with(patch).unwrap_err();
        assert_eq!(e.field, field, "{e}");
    }
}

#[test]
fn a_syntax_error_is_reported_not_panicked() {
    let e = Profile::parse("{\"name\": \"x\", ").unwrap_err();
    assert!(e.message.contains("неверное значение"), "{e}");
    assert!(Profile::parse("").is_err());
    assert!(Profile::parse("\"\\").is_err());
}
