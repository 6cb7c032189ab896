//! Profile v2 data sources (DESIGN §3a), the pure half: the `sources` specs with their validation,
//! reading raw values (regex, map, Russian dates, durations), raw rows → model objects, rows of a
//! JSON answer, and source address templates. The browser side locates the raw strings (a CSS
//! selector or a table column in a row, an attribute) and hands them in; this module must not know
//! the DOM, the network or the clock (times come in as parameters).

mod date;
mod json;
mod kind;
mod rows;
mod spec;
mod url;
mod validate;
mod value;

pub use date::{is_valid_format, parse_date, parse_duration, parse_offset, DurationFormat};
pub use json::{at_path, json_rows, text_of, JsonRowsError};
pub use kind::{Kind, Target, TIME_PLACEHOLDERS};
pub use rows::{
    build, calls, card, history, registration, Built, Context, Problem, RawRow, RegistrationRow,
    UNPARSED_CODE,
};
pub use spec::{FieldRule, FieldSpec, Locator, SourceSpec, Via};
pub use url::{
    encode_component, fill_url, format_time, parse_template, Placeholder, UrlError, UrlVars,
};
pub use validate::{check_field, check_origin, validate_source, validate_sources, SpecError};
pub use value::{Reader, Text};
