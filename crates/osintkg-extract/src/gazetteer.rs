//! World knowledge: countries, places, regions and organisations from `ontology/gazetteer`.
//!
//! The TSV files are generated from maintained datasets (see `ontology/gazetteer/SOURCES.md`)
//! and compiled into the binary, so extraction needs no data files at run time. Matching
//! is case-sensitive and on word boundaries: short forms ("IS", "US") are only safe as
//! written, and news text capitalises names.

use crate::forms::FormIndex;
use osintkg_graph::{EntityType, Span};
use rustc_hash::FxHashSet;
use std::collections::HashMap;

const COUNTRIES: &str = include_str!("../../../ontology/gazetteer/countries.tsv");
const DEMONYMS_EXTRA: &str = include_str!("../../../ontology/gazetteer/demonyms_extra.tsv");
const PLACES: &str = include_str!("../../../ontology/gazetteer/places.tsv");
const REGIONS: &str = include_str!("../../../ontology/gazetteer/regions.tsv");
const ORGANIZATIONS: &str = include_str!("../../../ontology/gazetteer/organizations.tsv");
const COMMON_WORDS: &str = include_str!("../../../ontology/gazetteer/common_words.txt");
const FIRST_NAMES: &str = include_str!("../../../ontology/gazetteer/first_names.txt");

/// One gazetteer entry: a thing with a stable id.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id (`country:ru`, `geonames:524901`, `region:central_asia`, `org:iskp`).
    pub id: String,
    /// Node type.
    pub kind: EntityType,
    /// Canonical English name.
    pub name: String,
    /// Wikidata QID, when known.
    pub wikidata: Option<String>,
    /// Parent organisation id (a branch, wing or agency of it).
    pub parent: Option<String>,
    /// The country an agency, city or region belongs to.
    pub country: Option<String>,
    /// For a capital city: the country it stands for in "Moscow and Dushanbe agreed".
    pub capital_of: Option<String>,
    /// Population, for places.
    pub population: u64,
}

/// How a surface form refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The name or an alias.
    Name,
    /// A demonym or adjective ("Tajik", "Afghan"): the country when it takes part.
    Demonym,
}

/// A gazetteer hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Where.
    pub span: Span,
    /// Index of the entry.
    pub entry: usize,
    /// How the form refers to it.
    pub form: FormKind,
}

/// The loaded gazetteer and its index of forms.
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_form: HashMap<String, (usize, FormKind)>,
    index: FormIndex<(usize, FormKind)>,
    openings: Openings,
    /// Given names of many countries, as written (title case).
    first_names: FxHashSet<&'static str>,
}

/// The first two bytes of every form, as a 65,536-bit set. Hits start at word starts, and
/// most words (lowercase ones) open no form: checking this set first keeps the hash
/// lookups to the few words where a name can begin.
struct Openings(Vec<u64>);

impl Openings {
    fn new<'a>(forms: impl Iterator<Item = &'a str>) -> Openings {
        let mut bits = vec![0u64; 1024];
        let mut set = |first: u8, second: u8| {
            let index = usize::from(first) << 8 | usize::from(second);
            bits[index / 64] |= 1 << (index % 64);
        };
        for form in forms {
            match form.as_bytes() {
                [] => {}
                // A one-byte form opens with anything after it.
                [first] => (0..=u8::MAX).for_each(|second| set(*first, second)),
                [first, second, ..] => set(*first, *second),
            }
        }
        Openings(bits)
    }

    /// Whether a form may start at `at`, given the bytes up to `end`.
    fn may_open(&self, bytes: &[u8], at: usize, end: usize) -> bool {
        let first = bytes[at];
        let second = if at + 1 < end { bytes[at + 1] } else { 0 };
        let index = usize::from(first) << 8 | usize::from(second);
        self.0[index / 64] & (1 << (index % 64)) != 0
    }
}

/// Columns of a TSV row by header name.
struct Row<'a> {
    cells: HashMap<&'a str, &'a str>,
}

impl<'a> Row<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.cells.get(column).copied().unwrap_or("")
    }

    fn list(&self, column: &str) -> impl Iterator<Item = &'a str> {
        self.get(column)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn optional(&self, column: &str) -> Option<String> {
        Some(self.get(column))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }
}

fn rows(tsv: &str) -> impl Iterator<Item = Row<'_>> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines.filter(|l| !l.trim().is_empty()).map(move |line| Row {
        cells: header.iter().copied().zip(line.split('\t')).collect(),
    })
}

/// Collects entries and their surface forms; forms that several entries share go to the
/// entry added first, so the load order is the priority order.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    forms: HashMap<String, (usize, FormKind)>,
}

impl Builder {
    fn entry(&mut self, entry: Entry) -> usize {
        if let Some(&index) = self.by_id.get(&entry.id) {
            return index;
        }
        self.by_id.insert(entry.id.clone(), self.entries.len());
        self.entries.push(entry);
        self.entries.len() - 1
    }

    fn form(&mut self, text: &str, entry: usize, kind: FormKind, common: &FxHashSet<&str>) {
        let text = text.trim();
        // "the Taliban": the article is not part of the name and would swallow the word
        // before it when matching.
        let text = text.strip_prefix("the ").unwrap_or(text);
        // Some alternate names open with an apostrophe ("’Aïn Benian"); names are looked
        // up at word starts, where the name proper begins.
        let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
        // One letter is never safe; a lowercase form must carry a capital ("al-Qaeda") or
        // be a foreign adjective that no English word spells ("statunitense").
        let lowercase_ok = text.chars().any(char::is_uppercase)
            || (text.chars().count() >= 5 && !common.contains(text));
        if text.chars().count() < 2
            || !(text.chars().next().is_some_and(char::is_uppercase) || lowercase_ok)
        {
            return;
        }
        self.forms.entry(text.to_owned()).or_insert((entry, kind));
    }
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn bundled() -> Gazetteer {
        let common: FxHashSet<&str> = COMMON_WORDS.lines().map(str::trim).collect();
        let mut b = Builder::default();
        // Organisations first: "Islamic State" must not be read as a place.
        for row in rows(ORGANIZATIONS) {
            let index = b.entry(Entry {
                id: row.get("id").to_owned(),
                kind: EntityType::Organization,
                name: row.get("name").to_owned(),
                wikidata: row.optional("wikidata"),
                parent: row.optional("parent"),
                country: row.optional("country"),
                capital_of: None,
                population: 0,
            });
            for form in std::iter::once(row.get("name")).chain(row.list("aliases")) {
                for variant in spelling_variants(form) {
                    b.form(&variant, index, FormKind::Name, &common);
                }
            }
        }
        let mut capitals = Vec::new();
        for row in rows(COUNTRIES) {
            // A territory that is no sovereign state (the dataset's `independent`) is a
            // place; its adjective names it no more than a region's does.
            let dependent = !row.get("dependent").is_empty();
            let index = b.entry(Entry {
                id: row.get("id").to_owned(),
                kind: if dependent {
                    EntityType::Location
                } else {
                    EntityType::Country
                },
                name: row.get("name").to_owned(),
                wikidata: row.optional("wikidata"),
                parent: None,
                country: None,
                capital_of: None,
                population: 0,
            });
            b.form(row.get("name"), index, FormKind::Name, &common);
            for alias in row.list("aliases") {
                b.form(alias, index, FormKind::Name, &common);
            }
            for demonym in row.list("demonyms") {
                b.form(demonym, index, FormKind::Demonym, &common);
            }
            for capital in row.list("capital").filter(|_| !dependent) {
                capitals.push((capital.to_owned(), row.get("id").to_owned()));
            }
        }
        for row in rows(DEMONYMS_EXTRA) {
            if let Some(&index) = b.by_id.get(row.get("country_id")) {
                for form in row.list("forms") {
                    b.form(form, index, FormKind::Demonym, &common);
                }
            }
        }
        for row in rows(REGIONS) {
            let index = b.entry(Entry {
                id: row.get("id").to_owned(),
                kind: EntityType::Location,
                name: row.get("name").to_owned(),
                wikidata: row.optional("wikidata"),
                parent: None,
                country: None,
                capital_of: None,
                population: 0,
            });
            b.form(row.get("name"), index, FormKind::Name, &common);
            for alias in row.list("aliases") {
                b.form(alias, index, FormKind::Name, &common);
            }
            // Regions' adjectives are known ("Central Asian states"), as adjectives: they
            // describe, and do not name the region.
            let name = row.get("name");
            if name.contains(' ') || name.ends_with('a') {
                let adjective = match name.chars().last() {
                    Some('a') => format!("{name}n"),
                    Some('e') => format!("{name}an"),
                    _ => String::new(),
                };
                if !adjective.is_empty() {
                    b.form(&adjective, index, FormKind::Demonym, &common);
                }
            }
        }
        // Places by population, so a shared name goes to the bigger place.
        let mut places: Vec<Row> = rows(PLACES).collect();
        places.sort_by_key(|r| std::cmp::Reverse(r.get("population").parse::<u64>().unwrap_or(0)));
        // Primary names before alternate names: GeoNames lists old names as aliases
        // ("Islamabad" for Chattogram), and a place's own name must win.
        let is_common = |form: &str| common.contains(form.to_lowercase().as_str());
        let mut place_indices = Vec::with_capacity(places.len());
        for row in &places {
            let name = row.get("name");
            let population = row.get("population").parse::<u64>().unwrap_or(0);
            let country = row.optional("country");
            let capital_of = capitals
                .iter()
                .find(|(capital, of)| capital == name && Some(of) == country.as_ref())
                .map(|(_, of)| of.clone());
            let index = b.entry(Entry {
                id: row.get("id").to_owned(),
                kind: EntityType::Location,
                name: name.to_owned(),
                wikidata: row.optional("wikidata"),
                parent: None,
                country,
                capital_of,
                population,
            });
            place_indices.push(index);
            // A place name that is also an ordinary English word ("Police", "Mobile")
            // is only trusted for big places.
            if !is_common(name) || population >= 1_000_000 {
                b.form(name, index, FormKind::Name, &common);
            }
        }
        for (row, &index) in places.iter().zip(&place_indices) {
            let population = b.entries[index].population;
            for alias in row.list("aliases") {
                if !is_common(alias) || population >= 1_000_000 {
                    b.form(alias, index, FormKind::Name, &common);
                }
            }
        }
        Gazetteer {
            openings: Openings::new(b.forms.keys().map(String::as_str)),
            index: FormIndex::new(b.forms.iter().map(|(text, &form)| (text.clone(), form))),
            entries: b.entries,
            by_id: b.by_id,
            by_form: b.forms,
            first_names: FIRST_NAMES.lines().map(str::trim).collect(),
        }
    }

    /// The entry at an index returned in a [`Hit`].
    pub fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Index of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// True when `word` (as written, "Salman") is a known given name.
    pub fn is_first_name(&self, word: &str) -> bool {
        self.first_names.contains(word)
    }

    /// The entry a surface form names exactly, if any.
    pub fn lookup(&self, form: &str) -> Option<(usize, FormKind)> {
        self.by_form.get(form).copied()
    }

    /// Every whole-word hit in `text` within `span`: at each word start, the longest form
    /// that starts there and ends at a word boundary; scanning goes on after a hit.
    /// `words` are the word runs of `text` ([`crate::text::word_spans`]), shared with other
    /// passes so the text is scanned once.
    pub fn find(&self, text: &str, span: Span, words: &[Span]) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut resume = span.start;
        let first = words.partition_point(|w| w.start < span.start);
        for &run in words[first..].iter().take_while(|w| w.start < span.end) {
            if run.start < resume || !self.openings.may_open(bytes, run.start, span.end) {
                continue;
            }
            let Some((found, &(entry, form))) = self.index.longest_at(text, run, span.end) else {
                continue;
            };
            if is_word_boundary(text, found.start, found.end) {
                out.push(Hit {
                    span: found,
                    entry,
                    form,
                });
                resume = found.end;
            }
        }
        out
    }
}

/// An organisation's name as the press also writes it: particles capitalised ("Hayat
/// Tahrir Al-Sham" for "Hayat Tahrir al-Sham") and curly apostrophes ("Jama’at").
fn spelling_variants(form: &str) -> Vec<String> {
    let capitalised: String = form
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) if word.contains('-') && first.is_lowercase() => {
                    first.to_uppercase().chain(chars).collect()
                }
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = vec![form.to_owned()];
    for variant in [
        capitalised.clone(),
        form.replace('\'', "’"),
        capitalised.replace('\'', "’"),
    ] {
        if !out.contains(&variant) {
            out.push(variant);
        }
    }
    out
}

fn joined(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// No letter or digit right before `at`.
fn starts_word(text: &str, at: usize) -> bool {
    text.is_char_boundary(at) && text[..at].chars().next_back().is_none_or(|c| !joined(c))
}

/// A hit must not start or end inside a word; a possessive may follow it.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let after_ok = match text[end..].chars().next() {
        None => true,
        Some(c) if joined(c) => false,
        // "ISIS-K" is not "ISIS" followed by "-K", but "ISIS-linked" is "ISIS".
        Some('-') => !is_code_suffix(&text[end + 1..]),
        Some('.') => !text[end + 1..].starts_with(|c: char| c.is_alphanumeric()),
        _ => true,
    };
    starts_word(text, start) && after_ok
}

/// A one-letter or numeric suffix that makes a different name: "-K", "-19".
fn is_code_suffix(rest: &str) -> bool {
    let suffix: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    !suffix.is_empty()
        && (suffix.chars().all(|c| c.is_ascii_digit())
            || suffix.chars().count() == 1 && suffix.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static GAZ: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::bundled);

    fn names(text: &str) -> Vec<(String, String)> {
        GAZ.find(
            text,
            Span::new(0, text.len()),
            &crate::text::word_spans(text),
        )
        .into_iter()
        .map(|h| {
            (
                text[h.span.start..h.span.end].to_owned(),
                GAZ.entry(h.entry).id.clone(),
            )
        })
        .collect()
    }

    #[test]
    fn countries_short_forms_and_demonyms_resolve_to_one_id() {
        let found = names("The US and the U.S. and the United States and American officials");
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, vec!["country:us"; 4]);
    }

    #[test]
    fn hyphenated_names_are_not_split() {
        let found = names("ISIS-K and ISIS");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "ISIS-K");
        assert_ne!(found[0].1, found[1].1);
    }

    #[test]
    fn foreign_names_resolve_to_english_entries() {
        let found = names("lo Stato Islamico in Siria");
        assert_eq!(found[0].1, "org:islamic_state");
        assert_eq!(found[1].1, "country:sy");
    }

    #[test]
    fn hits_start_at_word_starts_only() {
        // "Iraq" before or after a letter is no hit; the whole word after them is.
        let found = names("Iraqx, xIraq, Iraq; Pakistan's border");
        let surfaces: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(surfaces, ["Iraq", "Pakistan"]);
    }

    #[test]
    fn every_form_opens_with_a_letter_or_digit_so_word_starts_find_it() {
        for form in GAZ.by_form.keys() {
            assert!(form.starts_with(char::is_alphanumeric), "{form}");
        }
    }

    #[test]
    fn openings_admit_only_first_byte_pairs_of_forms() {
        let openings = Openings::new(["Iraq", "al-Qaeda", "X"].into_iter());
        let open = |text: &str| openings.may_open(text.as_bytes(), 0, text.len());
        assert!(open("Iraq"));
        assert!(open("al-"));
        assert!(open("X") && open("Xy"));
        assert!(open("Ir"));
        assert!(open("also"), "a lowercase word may open a form too");
        assert!(!open("In") && !open("the"));
    }
}
