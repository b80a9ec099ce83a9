//! Killed and injured counts, from a pack's casualty words: "killed at least 140",
//! "four prison employees were killed", "injured over 500".

use crate::lexicon::{CasualtyWords, Count, NumberPosition, WordMap};
use regex::Regex;

/// A language's casualty patterns, each absent when the pack has no words for it.
#[derive(Debug)]
pub struct CasualtyPatterns {
    killed: CountPatterns,
    injured: CountPatterns,
    numbers: WordMap<u32>,
}

/// The number after the cue ("killed 140") and before it ("four were killed").
#[derive(Debug)]
struct CountPatterns {
    after: Option<Regex>,
    before: Option<Regex>,
}

fn alternation<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<String> {
    let mut words: Vec<String> = words
        .into_iter()
        .map(|w| {
            w.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    (!words.is_empty()).then(|| words.join("|"))
}

impl CasualtyPatterns {
    /// Compiles the patterns of a pack's casualty words.
    pub fn new(words: &CasualtyWords) -> Result<CasualtyPatterns, regex::Error> {
        let number = alternation(words.numbers.iter().map(|(w, _)| w.as_str()))
            .map_or(r"\d[\d,]*".to_owned(), |n| format!(r"\d[\d,]*|{n}"));
        let quantifier = alternation(words.quantifiers.iter().map(String::as_str))
            .map_or(String::new(), |q| format!(r"(?:(?:{q})\s+)?"));
        // "four prison employees were killed" (with the auxiliary, two words may come
        // between), "500 people injured" (without it, one).
        let between = alternation(words.auxiliaries.iter().map(String::as_str))
            .map_or(r"(?:[a-z]+\s+)?".to_owned(), |a| {
                format!(r"(?:(?:[a-z]+\s+){{0,2}}(?:{a})\s+|(?:[a-z]+\s+)?)")
            });
        let patterns = |count: Count| -> Result<CountPatterns, regex::Error> {
            let cues = |position: NumberPosition| {
                alternation(
                    words
                        .cues
                        .iter()
                        .filter(|(_, c, p)| *c == count && p & (1 << position as u32) != 0)
                        .map(|(w, _, _)| w.as_str()),
                )
            };
            let compile = |pattern: Option<String>| pattern.map(|p| Regex::new(&p)).transpose();
            Ok(CountPatterns {
                after: compile(
                    cues(NumberPosition::After)
                        .map(|c| format!(r"(?i)(?-u:\b)(?:{c})\s+{quantifier}({number})(?-u:\b)")),
                )?,
                before: compile(
                    cues(NumberPosition::Before)
                        .map(|c| format!(r"(?i)(?-u:\b)({number})\s+{between}(?:{c})(?-u:\b)")),
                )?,
            })
        };
        let mut numbers = WordMap::default();
        for (w, n) in &words.numbers {
            numbers.insert(w, *n);
        }
        Ok(CasualtyPatterns {
            killed: patterns(Count::Killed)?,
            injured: patterns(Count::Injured)?,
            numbers,
        })
    }

    /// Killed and injured counts stated in a sentence: the first count stated.
    pub fn read(&self, sentence: &str) -> (Option<u64>, Option<u64>) {
        (
            self.count(&self.killed, sentence),
            self.count(&self.injured, sentence),
        )
    }

    fn count(&self, patterns: &CountPatterns, sentence: &str) -> Option<u64> {
        let first = |regex: &Option<Regex>, before: bool| {
            regex.as_ref()?.captures_iter(sentence).find_map(|c| {
                let number = c.get(1)?;
                let text = number.as_str();
                let value = text
                    .replace(',', "")
                    .parse::<u64>()
                    .ok()
                    .or_else(|| self.numbers.get(text).map(|&n| u64::from(n)))?;
                // "In 2019 militants killed ...": a year before the cue is no count.
                let year = before && !text.contains(',') && (1900..=2099).contains(&value);
                let start = c.get(0).map_or(number.start(), |m| m.start());
                (!year).then_some((start, value))
            })
        };
        let after = first(&patterns.after, false);
        let before = first(&patterns.before, true);
        match (after, before) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b.1 } else { a.1 }),
            (a, b) => a.or(b).map(|(_, value)| value),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Lexicon;

    #[test]
    fn casualty_counts() {
        let lexicon = Lexicon::bundled().unwrap();
        let read = |text: &str| lexicon.default_pack().casualties(text);
        assert_eq!(
            read("which killed at least 140 people and injured over 500 more"),
            (Some(140), Some(500))
        );
        assert_eq!(
            read("four prison employees were killed after"),
            (Some(4), None)
        );
        assert_eq!(read("two soldiers were wounded"), (None, Some(2)));
        assert_eq!(
            read("13 terrorists killed, 500 people injured"),
            (Some(13), Some(500))
        );
        assert_eq!(read("In 2019 militants killed a guard"), (None, None));
        assert_eq!(read("no numbers here"), (None, None));
    }
}
