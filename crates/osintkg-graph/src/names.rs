//! Name normalisation shared by extraction, resolution and lookup.
//!
//! One definition of "the same name" keeps the three in agreement: a mention that
//! extraction folds into an entity is the one resolution merges on and the one a user
//! can type on the command line.

use unicode_normalization::UnicodeNormalization;

/// Lowercase, strip diacritics and possessives, fold punctuation to single spaces and
/// drop a leading article: "the Islamic State’s" → "islamic state".
pub fn normalize(name: &str) -> String {
    // ASCII has nothing to decompose: skip NFKD, which costs more than the rest.
    let folded: String = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        fold_unicode(name)
    };
    // Folding made every apostrophe straight; most names have none.
    let without_possessive = if folded.contains('\'') {
        strip_possessive(&folded)
    } else {
        folded
    };
    let mut out = String::with_capacity(without_possessive.len());
    for word in without_possessive
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if let Some(article) = ["the ", "a ", "an "].iter().find(|a| out.starts_with(*a)) {
        out.drain(..article.len());
    }
    out
}

/// Compatibility decomposition without combining marks, curly apostrophes made
/// straight, lowercased.
fn fold_unicode(name: &str) -> String {
    name.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| {
            if c == '\u{2019}' || c == '\u{2018}' {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes a possessive `'s` / `’s` (or a bare trailing apostrophe) at the end of each word.
pub fn strip_possessive(text: &str) -> String {
    // Most names hold no apostrophe, and nothing to strip.
    if !text.contains(['\'', '\u{2019}']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\'' || c == '\u{2019}' {
            let next = chars.peek().map(|&(_, n)| n);
            let after_s = {
                let mut look = chars.clone();
                look.next();
                look.peek().map(|&(_, n)| n)
            };
            match (next, after_s) {
                (Some('s' | 'S'), None) => {
                    chars.next();
                    continue;
                }
                (Some('s' | 'S'), Some(a)) if !a.is_alphanumeric() => {
                    chars.next();
                    continue;
                }
                (None, _) => continue,
                (Some(n), _) if !n.is_alphanumeric() => continue,
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// A lowercase ASCII identifier for IRIs and keys: "Crocus City Hall" → "crocus-city-hall".
pub fn slug(name: &str) -> String {
    let normalized = normalize(name);
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        } else {
            // Non-Latin letters keep their identity as a hex code point.
            out.push_str(&format!("u{:x}", c as u32));
        }
    }
    if out.is_empty() {
        "unnamed".to_owned()
    } else {
        out
    }
}

/// An acronym: capitals, optionally with digits, dots or a hyphenated suffix, two
/// characters at least ("ISKP", "IS-K", "U.S.", "C5").
pub fn is_acronym(name: &str) -> bool {
    // One pass, no allocation: this runs for every candidate against every entity.
    let (mut letters, mut alphanumerics) = (0, 0);
    for c in name.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        if c.is_alphanumeric() {
            alphanumerics += 1;
        } else if !matches!(c, '.' | '-' | '&') {
            return false;
        }
    }
    letters > 0 && alphanumerics >= 2
}

/// Initials of the capitalised words of a name: "Shanghai Cooperation Organization" → "SCO".
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// True when `acronym` abbreviates `full`: its letters are the initials of the full name,
/// or a prefix of them followed by extra letters that start later words ("ISKP" for
/// "Islamic State Khorasan Province", "TTP" for "Tehrik-e-Taliban Pakistan").
pub fn abbreviates(acronym: &str, full: &str) -> bool {
    let letters: String = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    if letters.len() < 2 {
        return false;
    }
    let words: Vec<String> = full
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_uppercase).collect())
        .collect();
    subsequence_of_initials(&letters, &words)
}

fn subsequence_of_initials(letters: &str, words: &[String]) -> bool {
    // The first letter starts the first word; later letters start later words, in
    // order, so words such as "in" or "e" may be skipped.
    let mut remaining = words.iter();
    let mut first = true;
    for letter in letters.chars() {
        let found = if first {
            remaining.next().is_some_and(|w| w.starts_with(letter))
        } else {
            remaining.any(|w| w.starts_with(letter))
        };
        first = false;
        if !found {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_possessives_articles_and_accents() {
        assert_eq!(normalize("the Islamic State’s"), "islamic state");
        assert_eq!(normalize("ISIS-K"), "isis k");
        assert_eq!(normalize("Türkiye"), "turkiye");
        assert_eq!(normalize("Tajiks'"), "tajiks");
        assert_eq!(normalize("Moscow's"), "moscow");
    }

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(slug("Crocus City Hall"), "crocus-city-hall");
        assert_eq!(slug("Москва"), "u43cu43eu441u43au432u430");
        assert_eq!(slug("!!!"), "unnamed");
    }

    #[test]
    fn acronyms_and_their_full_names() {
        assert!(is_acronym("ISKP") && is_acronym("IS-K") && is_acronym("U.S.") && is_acronym("C5"));
        assert!(!is_acronym("Taliban") && !is_acronym("I"));
        assert_eq!(initials("Shanghai Cooperation Organization"), "SCO");
        assert!(abbreviates("SCO", "Shanghai Cooperation Organization"));
        assert!(abbreviates("ISKP", "Islamic State Khorasan Province"));
        assert!(abbreviates("ISKP", "Islamic State in Khorasan Province"));
        assert!(abbreviates(
            "CSTO",
            "Collective Security Treaty Organization"
        ));
        assert!(!abbreviates(
            "SCO",
            "Collective Security Treaty Organization"
        ));
        assert!(!abbreviates("FSB", "Islamic State"));
    }
}
