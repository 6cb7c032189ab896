//! Stems the domain lexicon (`src/text/lexicon.tsv`) once, at build time, through the crate's own
//! normalization (`src/text/words.rs`) and the same Snowball stemmer, into `$OUT_DIR/lexicon.stems`:
//! one line per group, `<canonical>\t<stems of a variant, space-separated>\t…`. The browser then
//! only splits lines at the first ranking instead of stemming several hundred words there.

#[path = "src/text/words.rs"]
#[allow(dead_code)]
mod words;

use rust_stemmers::{Algorithm, Stemmer};

fn main() {
    for input in ["src/text/lexicon.tsv", "src/text/words.rs"] {
        println!("cargo:rerun-if-changed={input}");
    }
    let table = std::fs::read_to_string("src/text/lexicon.tsv").expect("src/text/lexicon.tsv");
    let stemmer = Stemmer::create(Algorithm::Russian);
    let mut out = String::new();
    for line in table.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        out.push_str(fields.next().unwrap_or_default().trim());
        for variant in fields {
            let stems: Vec<String> = words::content_words(&words::normalize(variant))
                .map(|w| stemmer.stem(w).into_owned())
                .collect();
            out.push('\t');
            out.push_str(&stems.join(" "));
        }
        out.push('\n');
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/lexicon.stems"), out).expect("write lexicon.stems");
}
