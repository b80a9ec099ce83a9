//! Dates in text, normalised to ISO 8601 with their precision.
//!
//! The patterns are English's and Italian's date grammar (day month year, month day,
//! "in 2014", "last month"); the words in them (month and weekday names, ordinal
//! suffixes, time prepositions, relative phrases) come from each language pack, so a
//! language's dates are a pack's files. Absolute dates are read as written; a period of
//! days ("from 10 to 13 March") is no single day, so it dates by its month, while days
//! named together ("on 10 and 11 March") date by the first. A month that modifies a noun
//! ("the August meeting") is a date, unless a preposition follows it ("the March for
//! Peace" is a name). A named day (a pack's holidays) is a date with its year ("the 2019
//! Easter Sunday bombings"); without one, only a holiday of fixed day is, year-less, as
//! Easter moves from year to year. A day and
//! month without a year take the year of the article, when the article's date is known,
//! or a year the same article wrote before them; relative dates ("on Wednesday", "last
//! month", "two days ago") resolve only against the article's own date: without one they
//! stay undated rather than borrow a year from an unrelated sentence. A day the story
//! counts from its own last-named day ("in the afternoon", "the next day") resolves
//! against that day, read in text order, and without one is no date.

use crate::lexicon::{DateUnit, DateWords, HolidayDay, Lexicon, WordMap};
use jiff::civil::Date;
use osintkg_graph::Span;
use regex::{Regex, RegexSet};

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Where it is.
    pub span: Span,
    /// ISO 8601: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub iso: String,
}

/// A date as the text writes it, before a year-less one is given its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Complete as written (or resolved against the article's date): ISO 8601.
    Dated(String),
    /// A month, perhaps with a day, without a year ("March 22", "in March").
    YearLess {
        /// 1 to 12.
        month: i8,
        /// The day, when written.
        day: Option<i8>,
    },
    /// A day counted from the day the story last named, not from the article's ("in the
    /// afternoon", "the next day"): the caller, who reads the text in order, resolves it.
    Story {
        /// Days after that day (negative: before).
        days: i32,
    },
}

impl Written {
    /// True when the text writes the day, month and year.
    pub fn is_complete(&self) -> bool {
        matches!(self, Written::Dated(iso) if iso.len() == 10)
    }

    /// The year written, when there is one.
    pub fn year(&self) -> Option<i16> {
        match self {
            Written::Dated(iso) => iso.get(..4)?.parse().ok(),
            Written::YearLess { .. } | Written::Story { .. } => None,
        }
    }

    /// The ISO date of a year-less date in an article of known date: the article's
    /// year, or the year before when that would put it more than two months after the
    /// article ("in November" in a January report is last November; "on March 3" in a
    /// February one is still to come).
    pub fn resolve_near(&self, article: Date) -> Option<String> {
        let this_year = self.resolve(Some(article.year()))?;
        let Written::YearLess { month, day } = self else {
            return Some(this_year);
        };
        let first = Date::new(article.year(), *month, day.unwrap_or(1)).ok()?;
        let ahead = article.checked_add(jiff::Span::new().months(2)).ok()?;
        if first > ahead {
            self.resolve(Some(article.year() - 1))
        } else {
            Some(this_year)
        }
    }

    /// The ISO date, given the year for a year-less date.
    pub fn resolve(&self, year: Option<i16>) -> Option<String> {
        match self {
            Written::Dated(iso) => Some(iso.clone()),
            Written::YearLess { month, day } => {
                let year = year?;
                match day {
                    Some(day) => Date::new(year, *month, *day).ok().map(|d| d.to_string()),
                    None => Some(format!("{year:04}-{month:02}")),
                }
            }
            Written::Story { .. } => None,
        }
    }
}

/// A date expression as found, before year-less dates are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// Where it is.
    pub span: Span,
    /// What it says.
    pub written: Written,
}

/// What relative and year-less dates are resolved against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateContext {
    /// The article's own date, when known.
    pub article: Option<Date>,
    /// The year for a day and month written without one.
    pub default_year: Option<i16>,
}

/// A language's date patterns, compiled once from its pack. A pattern is absent only
/// when the pack lacks its words (no month names, no relative phrases): a pattern that
/// does not compile is an error when the pack loads.
#[derive(Debug)]
pub struct DatePatterns {
    holiday_year: Option<Pattern>,
    year_holiday: Option<Pattern>,
    holiday_alone: Option<Pattern>,
    day_month_year: Option<Pattern>,
    month_day_year: Option<Pattern>,
    month_year: Option<Pattern>,
    month_day: Option<Pattern>,
    day_month: Option<Pattern>,
    month_only: Option<Pattern>,
    month_modifier: Option<Pattern>,
    year: Option<Pattern>,
    relative: Option<Pattern>,
    /// All of the patterns above, to tell in one pass whether a sentence holds any date
    /// (most hold none), and then which patterns to run (a sentence with a date holds
    /// one or two of them; each run reads the sentence once more).
    any: RegexSet,
    months: WordMap<i8>,
    weekdays: WordMap<i8>,
    numbers: WordMap<u32>,
    words: DateWords,
}

/// A compiled date pattern and its place in [`DatePatterns::any`].
#[derive(Debug)]
struct Pattern {
    regex: Regex,
    member: usize,
}

/// One alternative per word, longest first, each with ASCII word boundaries where its
/// ends are ASCII letters (a boundary after "martedì" would never match).
fn alternation<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<String> {
    let mut words: Vec<&str> = words.into_iter().collect();
    if words.is_empty() {
        return None;
    }
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    let bounded = |word: &str| {
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let mut out = String::new();
        if edge(word.chars().next()) {
            out.push_str(r"(?-u:\b)");
        }
        out.push_str(&phrase(word));
        if edge(word.chars().next_back()) {
            out.push_str(r"(?-u:\b)");
        }
        out
    };
    Some(words.into_iter().map(bounded).collect::<Vec<_>>().join("|"))
}

/// A phrase as a pattern: its words escaped, any run of spaces between them.
fn phrase(text: &str) -> String {
    text.split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

impl DatePatterns {
    /// Compiles the patterns of a pack's date words.
    pub fn new(words: DateWords) -> Result<DatePatterns, regex::Error> {
        let any_case = alternation(words.months.iter().map(|m| m.word.as_str()));
        // Capitalised names are dates only when capitalised ("May", not the verb "may").
        let capitalised: Vec<String> = words
            .months
            .iter()
            .map(|m| {
                let name = if m.capitalised {
                    capitalise(&m.word)
                } else {
                    format!("(?i:{})", regex::escape(&m.word))
                };
                // "Mar" is no month in "Marawi".
                let ascii_end = m
                    .word
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
                if ascii_end {
                    format!(r"{name}(?-u:\b)")
                } else {
                    name
                }
            })
            .collect();
        let capitalised = (!capitalised.is_empty()).then(|| {
            let mut sorted = capitalised.clone();
            sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
            sorted.join("|")
        });
        let ordinal = alternation(words.ordinal_suffixes.iter().map(String::as_str))
            .map_or(String::new(), |o| {
                format!("(?:{})?", o.replace(r"(?-u:\b)", ""))
            });
        let optional =
            |alt: Option<String>| alt.map_or(String::new(), |a| format!("(?:(?:{a})\\s+)?"));
        let genitive = optional(alternation(words.genitives.iter().map(String::as_str)));
        // "10 and 11 March", "10-11 March": days named together, dated by the first.
        let coordinator = alternation(words.coordinators.iter().map(String::as_str))
            .map_or("-|–".to_owned(), |c| format!("{c}|-|–"));
        // "from September 10 to 13": a period, its last day captured.
        let span_end = alternation(words.span_ends.iter().map(String::as_str))
            .map_or(String::new(), |e| {
                format!(r"|\s+(?i:{e})\s+(?P<last>\d{{1,2}}){ordinal}")
            });
        let mut members: Vec<String> = Vec::new();
        let mut compile = |pattern: Option<String>| -> Result<Option<Pattern>, regex::Error> {
            let Some(pattern) = pattern else {
                return Ok(None);
            };
            let regex = Regex::new(&pattern)?;
            members.push(pattern);
            Ok(Some(Pattern {
                regex,
                member: members.len() - 1,
            }))
        };
        let month = any_case
            .as_ref()
            .map(|m| format!(r"(?i:(?P<month>{m}))\.?"));
        let cap_month = capitalised.as_ref().map(|m| format!(r"(?P<month>{m})\.?"));
        let day = format!(r"(?P<day>\d{{1,2}}){ordinal}");
        // The day, then the last day of a span when one follows.
        let days = format!(r"{day}(?:\s*(?i:{coordinator})\s*\d{{1,2}}{ordinal}{span_end})?");
        let day_month_year = compile(
            month
                .as_ref()
                .map(|m| format!(r"(?-u:\b){days}\s+{m}\s*,?\s+(?P<year>\d{{4}})(?-u:\b)")),
        )?;
        let month_day_year = compile(
            month
                .as_ref()
                .map(|m| format!(r"{m}\s+{days}\s*,?\s+(?P<year>\d{{4}})(?-u:\b)")),
        )?;
        let month_year = compile(
            month
                .as_ref()
                .map(|m| format!(r"{m}\s+{genitive}(?P<year>\d{{4}})(?-u:\b)")),
        )?;
        let month_day = compile(cap_month.as_ref().map(|m| format!(r"{m}\s+{days}(?-u:\b)")))?;
        let day_month = compile(
            month
                .as_ref()
                .map(|m| format!(r"(?-u:\b){days}\s+{genitive}{m}")),
        )?;
        let introducers = alternation(
            words
                .time_prepositions
                .iter()
                .chain(&words.modifiers)
                .map(String::as_str),
        );
        let month_only = compile(
            cap_month
                .as_ref()
                .zip(introducers.as_ref())
                .map(|(m, i)| format!(r"(?i:{i})\s+{m}")),
        )?;
        // "a prior August meeting", "the May attacks": a month that modifies a noun.
        let month_modifier = compile(
            cap_month
                .as_ref()
                .zip(alternation(words.determiners.iter().map(String::as_str)))
                .map(|(m, d)| format!(r"(?i:{d})\s+(?:[a-z]+\s+)?{m}\s+(?P<noun>[a-z]+)(?-u:\b)")),
        )?;
        let modifier = alternation(words.modifiers.iter().map(String::as_str))
            .map_or(String::new(), |m| format!(r"(?:(?:{m})(?:\s+|-))?"));
        let year = compile(
            alternation(words.time_prepositions.iter().map(String::as_str))
                .map(|p| format!(r"(?i:{p})\s+{modifier}((?:19|20)\d{{2}})(?-u:\b)")),
        )?;
        let weekday = alternation(words.weekdays.iter().map(|(w, _)| w.as_str()));
        let number = alternation(words.numbers.iter().map(|(w, _)| w.as_str()))
            .map_or(r"\d{1,3}".to_owned(), |n| format!(r"\d{{1,3}}|{n}"));
        let relative = words
            .relative
            .iter()
            .filter_map(|r| {
                let parts: Option<Vec<String>> = r
                    .words
                    .iter()
                    .map(|w| match w.as_str() {
                        "{weekday}" => weekday.as_ref().map(|d| format!("(?:{d})")),
                        "{n}" => Some(format!("(?:{number})")),
                        literal => Some(regex::escape(literal)),
                    })
                    .collect();
                parts.map(|p| p.join(r"\s+"))
            })
            .collect::<Vec<_>>();
        let relative = compile((!relative.is_empty()).then(|| {
            let mut sorted = relative.clone();
            sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
            format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", sorted.join("|"))
        }))?;
        let mut months = WordMap::default();
        for m in &words.months {
            months.insert(&m.word, m.number);
        }
        let mut weekdays = WordMap::default();
        for (w, n) in &words.weekdays {
            weekdays.insert(w, *n);
        }
        let mut numbers = WordMap::default();
        for (w, n) in &words.numbers {
            numbers.insert(w, *n);
        }
        // "Easter Sunday 2019", "the 2019 Easter Sunday bombings"; a holiday of fixed day
        // without a year is year-less ("on Christmas Day"), one that moves is no date
        // without its year.
        let holiday = alternation(words.holidays.iter().map(|h| h.name.as_str()))
            .map(|h| format!(r"(?i:(?P<holiday>{h}))"));
        let holiday_year = compile(
            holiday
                .as_ref()
                .map(|h| format!(r"{h}\s*,?\s+{genitive}(?P<year>(?:19|20)\d{{2}})(?-u:\b)")),
        )?;
        let year_holiday = compile(
            holiday
                .as_ref()
                .map(|h| format!(r"(?-u:\b)(?P<year>(?:19|20)\d{{2}})\s+{h}")),
        )?;
        let fixed = alternation(
            words
                .holidays
                .iter()
                .filter(|h| matches!(h.day, HolidayDay::Fixed { .. }))
                .map(|h| h.name.as_str()),
        );
        let holiday_alone = compile(fixed.map(|h| format!(r"(?i:(?P<holiday>{h}))")))?;
        let any = RegexSet::new(&members)?;
        Ok(DatePatterns {
            any,
            holiday_year,
            year_holiday,
            holiday_alone,
            day_month_year,
            month_day_year,
            month_year,
            month_day,
            day_month,
            month_only,
            month_modifier,
            year,
            relative,
            months,
            weekdays,
            numbers,
            words,
        })
    }

    /// When a holiday named as written falls.
    fn holiday_day(&self, written: &str) -> Option<HolidayDay> {
        let name = written.split_whitespace().collect::<Vec<_>>().join(" ");
        self.words
            .holidays
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&name))
            .map(|h| h.day)
    }

    /// The ISO day of a holiday in a year.
    fn holiday(&self, written: &str, year: i16) -> Option<String> {
        let date = match self.holiday_day(written)? {
            HolidayDay::Fixed { month, day } => Date::new(year, month, day).ok()?,
            HolidayDay::Easter(offset) => easter(year)?
                .checked_add(jiff::Span::new().days(i64::from(offset)))
                .ok()?,
        };
        Some(date.to_string())
    }

    fn month_number(&self, name: &str) -> Option<i8> {
        self.months.get(name.trim_end_matches('.')).copied()
    }

    /// Every date expression in `span`, resolved with the context's year.
    pub fn find(&self, text: &str, span: Span, context: &DateContext) -> Vec<DateMention> {
        self.scan(text, span, context.article)
            .into_iter()
            .filter_map(|d| {
                Some(DateMention {
                    iso: d.written.resolve(context.default_year)?,
                    span: d.span,
                })
            })
            .collect()
    }

    /// Every date expression in `span`, longest forms first, never overlapping; relative
    /// ones resolved against the article's date, year-less ones left for the caller.
    pub fn scan(&self, text: &str, span: Span, article: Option<Date>) -> Vec<Scanned> {
        let slice = &text[span.start..span.end];
        // `is_match` stops early and skips the bookkeeping of which pattern matched.
        if !self.any.is_match(slice) {
            return Vec::new();
        }
        let found = self.any.matches(slice);
        let mut out: Vec<Scanned> = Vec::new();
        // Earlier patterns are the longer forms: a later match inside one is not a date
        // of its own.
        let push =
            |(start, end): (usize, usize), written: Option<Written>, out: &mut Vec<Scanned>| {
                let found = Span::new(span.start + start, span.start + end);
                if let Some(written) = written
                    && !out.iter().any(|d| d.span.overlaps(&found))
                {
                    out.push(Scanned {
                        span: found,
                        written,
                    });
                }
            };
        let dated = |iso: Option<String>| iso.map(Written::Dated);
        // Only the patterns the set found are run.
        let each = |pattern: &Option<Pattern>| -> Vec<regex::Captures<'_>> {
            pattern
                .as_ref()
                .filter(|p| found.matched(p.member))
                .map(|p| p.regex.captures_iter(slice).collect())
                .unwrap_or_default()
        };
        // A period of days ("from 10 to 13 March") dates what happened over it by its
        // month.
        let spans = |day: i8, last: Option<regex::Match<'_>>| {
            last.and_then(|l| l.as_str().parse::<i8>().ok())
                .is_some_and(|last| last > day && last <= 31)
        };
        let ymd = |c: &regex::Captures<'_>| {
            let year: i16 = c["year"].parse().ok()?;
            let month = self.month_number(&c["month"])?;
            let day: i8 = c["day"].parse().ok()?;
            let date = Date::new(year, month, day).ok()?;
            Some(if spans(day, c.name("last")) {
                format!("{year:04}-{month:02}")
            } else {
                date.to_string()
            })
        };
        let year_less = |c: &regex::Captures<'_>| {
            let month = self.month_number(&c["month"])?;
            let day = c["day"]
                .parse::<i8>()
                .ok()
                .filter(|d| (1..=31).contains(d))?;
            let day = (!spans(day, c.name("last"))).then_some(day);
            Some(Written::YearLess { month, day })
        };
        for c in each(&self.holiday_year)
            .into_iter()
            .chain(each(&self.year_holiday))
        {
            let iso = c["year"]
                .parse()
                .ok()
                .and_then(|year| self.holiday(&c["holiday"], year));
            push(whole(&c), dated(iso), &mut out);
        }
        for c in each(&self.holiday_alone) {
            let written = match self.holiday_day(&c["holiday"]) {
                Some(HolidayDay::Fixed { month, day }) => Some(Written::YearLess {
                    month,
                    day: Some(day),
                }),
                _ => None,
            };
            push(whole(&c), written, &mut out);
        }
        for c in each(&self.day_month_year) {
            push(whole(&c), dated(ymd(&c)), &mut out);
        }
        for c in each(&self.month_day_year) {
            push(whole(&c), dated(ymd(&c)), &mut out);
        }
        for c in each(&self.month_year) {
            let iso = c["year"]
                .parse::<i16>()
                .ok()
                .zip(self.month_number(&c["month"]))
                .map(|(y, m)| format!("{y:04}-{m:02}"));
            push(whole(&c), dated(iso), &mut out);
        }
        for c in each(&self.month_day) {
            push(whole(&c), year_less(&c), &mut out);
        }
        for c in each(&self.day_month) {
            push(whole(&c), year_less(&c), &mut out);
        }
        // A month alone: year-less, without a day.
        let month_alone = |month: regex::Match<'_>| {
            let written = self
                .month_number(month.as_str())
                .map(|month| Written::YearLess { month, day: None });
            ((month.start(), month.end()), written)
        };
        for c in each(&self.month_only) {
            let Some(month) = c.name("month") else {
                continue;
            };
            let (span, written) = month_alone(month);
            push(span, written, &mut out);
        }
        for c in each(&self.month_modifier) {
            let (Some(month), Some(noun)) = (c.name("month"), c.name("noun")) else {
                continue;
            };
            if self.words.prepositions.iter().any(|p| p == noun.as_str()) {
                continue;
            }
            let (span, written) = month_alone(month);
            push(span, written, &mut out);
        }
        for c in each(&self.year) {
            let Some(year) = c.get(1) else { continue };
            push(
                (year.start(), year.end()),
                Some(Written::Dated(year.as_str().to_owned())),
                &mut out,
            );
        }
        for c in each(&self.relative) {
            // "Easter Sunday", "Good Friday": a bare weekday after a capitalised word
            // ends a name, and is no day of the article's week.
            let bare = c[0].starts_with(char::is_uppercase) && !c[0].contains(char::is_whitespace);
            let before = slice[..c.get(0).map_or(0, |m| m.start())].trim_end();
            let named = before.ends_with(char::is_alphabetic)
                && before
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|w| w.starts_with(char::is_uppercase));
            if bare && named {
                continue;
            }
            let written = match self.relative_phrase(&c[0]) {
                Some((DateUnit::Story, days, _)) => Some(Written::Story { days }),
                Some((unit, offset, weekday)) => {
                    dated(article.and_then(|article| resolve(article, unit, offset, weekday)))
                }
                None => None,
            };
            push(whole(&c), written, &mut out);
        }
        out.sort_by_key(|d| d.span.start);
        out
    }

    /// A relative phrase as written: its unit, its offset in units, and its weekday.
    fn relative_phrase(&self, written: &str) -> Option<(DateUnit, i32, Option<i8>)> {
        let words: Vec<&str> = written.split_whitespace().collect();
        for phrase in &self.words.relative {
            if phrase.words.len() != words.len() {
                continue;
            }
            let mut weekday = None;
            let mut times = 1i32;
            let fits = phrase
                .words
                .iter()
                .zip(&words)
                .all(|(slot, word)| match slot.as_str() {
                    "{weekday}" => {
                        weekday = self.weekdays.get(word).copied();
                        weekday.is_some()
                    }
                    "{n}" => {
                        let n = word
                            .parse::<u32>()
                            .ok()
                            .or_else(|| self.numbers.get(word).copied());
                        times = n.and_then(|n| i32::try_from(n).ok()).unwrap_or(0);
                        n.is_some()
                    }
                    literal => literal.eq_ignore_ascii_case(word) || literal == word.to_lowercase(),
                });
            if fits {
                return Some((phrase.unit, phrase.offset * times, weekday));
            }
        }
        None
    }
}

/// Western Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// A capitalised name as a pattern that matches it only capitalised: "May", "MAY".
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.collect();
    format!(
        "{}(?:{}|{})",
        regex::escape(&first.to_uppercase().to_string()),
        regex::escape(&rest),
        regex::escape(&rest.to_uppercase())
    )
}

/// The date `offset` units from the article's, at the unit's precision.
fn resolve(article: Date, unit: DateUnit, offset: i32, weekday: Option<i8>) -> Option<String> {
    let ym = |d: Date| format!("{:04}-{:02}", d.year(), d.month());
    let days = |n: i64| article.checked_add(jiff::Span::new().days(n)).ok();
    let year = |offset: i32| {
        i16::try_from(i32::from(article.year()) + offset)
            .ok()
            .map(|y| format!("{y:04}"))
    };
    match unit {
        DateUnit::Day => days(i64::from(offset)).map(|d| d.to_string()),
        DateUnit::Week => days(7 * i64::from(offset)).map(ym),
        DateUnit::Month => article
            .checked_add(jiff::Span::new().months(offset))
            .ok()
            .map(ym),
        DateUnit::Year => year(offset),
        DateUnit::Weekday => {
            let target = i32::from(weekday?);
            let today = i32::from(article.weekday().to_monday_one_offset());
            let shift = if offset > 0 {
                let ahead = (target - today).rem_euclid(7);
                (if ahead == 0 { 7 } else { ahead }) + 7 * (offset - 1)
            } else {
                -((today - target).rem_euclid(7)) + 7 * offset
            };
            days(i64::from(shift)).map(|d| d.to_string())
        }
        DateUnit::Story => None,
        DateUnit::Summer | DateUnit::Winter | DateUnit::Spring | DateUnit::Autumn => {
            // The last month of each season: a past one is this year's once it has ended.
            let end = match unit {
                DateUnit::Winter => 2,
                DateUnit::Spring => 5,
                DateUnit::Summer => 8,
                _ => 11,
            };
            let ended_this_year = article.month() > end;
            year(if offset < 0 && !ended_this_year {
                offset
            } else if offset < 0 {
                offset + 1
            } else {
                offset
            })
        }
    }
}

/// The byte range of a whole match.
fn whole(captures: &regex::Captures<'_>) -> (usize, usize) {
    captures.get(0).map_or((0, 0), |m| (m.start(), m.end()))
}

/// The year of an article whose date is not known, from its address: news sites file
/// stories under the year and month they were published ("…/2025/09/story-title").
/// A year segment counts only when a month segment follows it ("/node/2025" is no date).
pub fn url_year(url: &str) -> Option<i16> {
    let path = url.split("://").nth(1).unwrap_or(url);
    let segments: Vec<&str> = path.split(['/', '?', '#']).collect();
    segments.windows(2).find_map(|pair| {
        let year: i16 = pair[0].parse().ok().filter(|y| (1990..=2100).contains(y))?;
        let month =
            pair[1].len() == 2 && pair[1].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
        (pair[0].len() == 4 && month).then_some(year)
    })
}

/// The article's date: the input's metadata; else, near the top of the text, a line that
/// holds only a date ("Sunday, 5 May 2024"), a line labelled with its date ("Published:
/// 5 May 2024", "Updated April 30, 2024 10:12"), or a dateline before the first dash
/// ("WASHINGTON, March 3, 2024 — ...").
pub fn article_date(text: &str, stated: Option<&str>, lexicon: &Lexicon) -> Option<Date> {
    if let Some(date) = stated
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse::<Date>().ok())
    {
        return Some(date);
    }
    let full_dates = |line: &str| -> Vec<Date> {
        let whole = Span::new(0, line.len());
        lexicon
            .packs()
            .iter()
            .map(|pack| pack.dates().find(line, whole, &DateContext::default()))
            .find(|found| !found.is_empty())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| d.iso.parse().ok().filter(|_| d.iso.len() == 10))
            .collect()
    };
    for line in text.lines().take(20) {
        let line = line.trim();
        // A complete date has a year: a line without digits has none.
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        if line.len() <= 40 && line.chars().filter(|c| c.is_alphabetic()).count() <= 20 {
            if let [date] = full_dates(line).as_slice() {
                return Some(*date);
            }
            continue;
        }
        let opening: String = line
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        let labelled = lexicon
            .packs()
            .iter()
            .any(|pack| pack.dates().is_dateline_label(&opening));
        if labelled && line.len() <= 120 {
            if let Some(date) = full_dates(line).first() {
                return Some(*date);
            }
            continue;
        }
        // A dateline: an uppercase place, then the date, before a dash in the first 80
        // bytes.
        let head = line
            .find(' ')
            .map_or("", |end| &line[..end])
            .trim_end_matches(',');
        if head.len() < 3 || !head.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
            continue;
        }
        let mut end = line.len().min(80);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let opening = &line[..end];
        let dash = ["—", "–", " - "]
            .iter()
            .filter_map(|d| opening.find(d))
            .min();
        if let Some(at) = dash
            && let [date] = full_dates(&line[..at]).as_slice()
        {
            return Some(*date);
        }
    }
    None
}

impl DatePatterns {
    fn is_dateline_label(&self, word: &str) -> bool {
        self.words.dateline_labels.iter().any(|l| l == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::bundled().unwrap());

    fn isos(language: &str, text: &str, context: DateContext) -> Vec<String> {
        LEXICON
            .pack(Some(language))
            .dates()
            .find(text, Span::new(0, text.len()), &context)
            .into_iter()
            .map(|d| d.iso)
            .collect()
    }

    fn dated(date: &str) -> DateContext {
        let article: Date = date.parse().unwrap();
        DateContext {
            article: Some(article),
            default_year: Some(article.year()),
        }
    }

    #[test]
    fn a_url_gives_the_year_when_a_month_follows_it() {
        assert_eq!(
            url_year("https://example.org/2025/09/rebels-attack"),
            Some(2025)
        );
        assert_eq!(
            url_year("https://example.org/news/2021/10/5/title"),
            Some(2021)
        );
        assert_eq!(url_year("https://example.org/node/2025"), None);
        assert_eq!(url_year("https://example.org/2025/story-2024"), None);
        assert_eq!(url_year("https://example.org/article/1967093/title"), None);
    }

    #[test]
    fn absolute_english_and_italian_dates() {
        let none = DateContext::default();
        assert_eq!(
            isos(
                "en",
                "On Wednesday, January 12th, 2022, the government",
                none
            ),
            vec!["2022-01-12"]
        );
        assert_eq!(
            isos("en", "On August 23 2024, four employees", none),
            vec!["2024-08-23"]
        );
        assert_eq!(
            isos(
                "it",
                "nella notte di martedì 21 gennaio 2020 un militante",
                none
            ),
            vec!["2020-01-21"]
        );
        assert_eq!(
            isos("en", "formed in 2014 as a collective", none),
            vec!["2014"]
        );
        assert_eq!(
            isos("en", "a campaign in April 2022", none),
            vec!["2022-04"]
        );
        assert_eq!(isos("en", "since mid-2023", none), vec!["2023"]);
        let context = DateContext {
            article: None,
            default_year: Some(2023),
        };
        assert!(isos("en", "in Marawi, Philippines", context).is_empty());
        // A pack's dates are its own: English month names are no Italian date.
        assert!(isos("it", "January 12, 2022", none).is_empty());
    }

    #[test]
    fn dates_without_a_year_take_the_context_year() {
        let context = DateContext {
            article: None,
            default_year: Some(2024),
        };
        assert_eq!(
            isos("en", "gunmen killed about 140 people on March 22.", context),
            vec!["2024-03-22"]
        );
        assert_eq!(
            isos("en", "held on September 4 and 5", context),
            vec!["2024-09-04"]
        );
        assert_eq!(
            isos("en", "the attack in March and", context),
            vec!["2024-03"]
        );
        assert!(isos("en", "the May government", DateContext::default()).is_empty());
        assert!(isos("en", "it may happen", context).is_empty());
    }

    #[test]
    fn relative_dates_resolve_against_the_article_date_only() {
        // 2024-09-05 is a Thursday.
        let context = dated("2024-09-05");
        assert_eq!(isos("en", "said on Wednesday", context), vec!["2024-09-04"]);
        assert_eq!(isos("en", "late Thursday", context), vec!["2024-09-05"]);
        assert_eq!(isos("en", "next Monday", context), vec!["2024-09-09"]);
        assert_eq!(
            isos("en", "a conference this week", context),
            vec!["2024-09"]
        );
        assert_eq!(isos("en", "earlier this year", context), vec!["2024"]);
        assert_eq!(isos("en", "last month", context), vec!["2024-08"]);
        assert_eq!(isos("en", "two days ago", context), vec!["2024-09-03"]);
        assert_eq!(isos("en", "3 weeks ago", context), vec!["2024-08"]);
        assert_eq!(isos("en", "last year", context), vec!["2023"]);
        assert_eq!(isos("en", "last summer", context), vec!["2024"]);
        assert_eq!(isos("en", "last summer", dated("2024-03-01")), vec!["2023"]);
        assert_eq!(isos("en", "yesterday", context), vec!["2024-09-04"]);
        for phrase in [
            "said on Wednesday",
            "last month",
            "two days ago",
            "earlier this year",
        ] {
            assert!(
                isos("en", phrase, DateContext::default()).is_empty(),
                "{phrase}"
            );
        }
    }

    #[test]
    fn holidays_with_a_year_are_days_and_fixed_ones_without_are_year_less() {
        let en = |text: &str| isos("en", text, dated("2024-05-02"));
        assert_eq!(en("the 2019 Easter Sunday bombings"), ["2019-04-21"]);
        assert_eq!(en("on Good Friday 2016"), ["2016-03-25"]);
        assert_eq!(en("on Easter Sunday 2000"), ["2000-04-23"]);
        assert_eq!(en("on Christmas Day 2022"), ["2022-12-25"]);
        // Without a year: a fixed day takes the year as any day and month does, a
        // movable one is no date.
        assert_eq!(en("on Christmas Day"), ["2024-12-25"]);
        assert!(en("on Easter Sunday").is_empty());
    }

    #[test]
    fn every_weekday_resolves_to_itself() {
        // 2024-09-08 is a Sunday: each "on <day>" is a day of the week before it.
        for (day, expected) in [
            ("Monday", "2024-09-02"),
            ("Tuesday", "2024-09-03"),
            ("Wednesday", "2024-09-04"),
            ("Thursday", "2024-09-05"),
            ("Friday", "2024-09-06"),
            ("Saturday", "2024-09-07"),
            ("Sunday", "2024-09-08"),
        ] {
            assert_eq!(
                isos("en", &format!("on {day}"), dated("2024-09-08")),
                vec![expected]
            );
        }
    }

    #[test]
    fn article_dates_come_from_metadata_a_date_line_a_label_or_a_dateline() {
        let lexicon = &*LEXICON;
        let date = |text: &str, stated: Option<&str>| article_date(text, stated, lexicon);
        assert_eq!(
            date("Title\nSunday, 5 May 2024\nBody", None),
            "2024-05-05".parse().ok()
        );
        assert_eq!(
            date("x", Some("2024-03-23T10:00:00Z")),
            "2024-03-23".parse().ok()
        );
        assert_eq!(
            date(
                "A long headline about the attack on the hall\nPublished: 12 March 2023 at 10:14, by the desk\nBody",
                None
            ),
            "2023-03-12".parse().ok()
        );
        assert_eq!(
            date(
                "Headline\nWASHINGTON, March 3, 2024 — Officials said on Wednesday that the plot was foiled.",
                None
            ),
            "2024-03-03".parse().ok()
        );
        assert_eq!(
            date(
                "Headline\nThe ministry said on Wednesday that in 2017 the group had ten cells.",
                None
            ),
            None
        );
    }
}
