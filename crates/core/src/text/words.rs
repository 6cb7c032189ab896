//! Normalization and stop words: plain Rust with no dependency, so that the build script
//! (`build.rs`, which stems the lexicon once at build time) reads words exactly as the crate does.

/// Russian stop words (sorted, for binary search): function words that say nothing about a problem.
/// «не» and «нет» are kept on purpose: «не работает» is the heart of many titles.
pub(crate) const STOP_WORDS: &[&str] = &[
    "а",
    "без",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "во",
    "вот",
    "все",
    "всё",
    "вы",
    "где",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "мне",
    "мы",
    "на",
    "над",
    "нам",
    "нас",
    "него",
    "нее",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "также",
    "там",
    "то",
    "тоже",
    "только",
    "том",
    "тот",
    "ту",
    "у",
    "уже",
    "хотя",
    "чего",
    "чем",
    "через",
    "что",
    "чтобы",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "эту",
    "я",
    "её",
    "ещё",
    "как-то",
    "вами",
    "ним",
    "ней",
    "нём",
    "сам",
    "себя",
    "свой",
];

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// The words of a [`normalize`]d text that carry meaning: the stop words left out.
pub(crate) fn content_words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(' ')
        .filter(|w| !w.is_empty() && !is_stop_word(w))
}

/// Lower-case, ё→е, drop leading "(+N)" markers WIC prepends, turn punctuation into spaces and
/// collapse whitespace.
pub fn normalize(text: &str) -> String {
    let mut s = text.trim_start();
    while let Some(rest) = s.strip_prefix("(+") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[digits..].strip_prefix(')') {
            Some(after) if digits > 0 => s = after.trim_start(),
            _ => break,
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}
