//! Dates in English and Italian text, normalised to ISO 8601 with their precision.
//!
//! Absolute dates are read as written; a day and month without a year take the year of
//! the article (its stated date, or else the latest year the document mentions, since
//! news reports on its own present); relative dates ("on Wednesday", "this week",
//! "earlier this year") are resolved only against a stated article date.

use jiff::civil::{Date, Weekday};
use osintkg_graph::Span;
use regex::Regex;
use std::sync::LazyLock;

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Where it is.
    pub span: Span,
    /// ISO 8601: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub iso: String,
}

/// What relative and year-less dates are resolved against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateContext {
    /// The article's own date, when the input states it.
    pub article: Option<Date>,
    /// The year for a day and month written without one.
    pub default_year: Option<i16>,
}

const MONTH_NAMES: &[(&str, i8)] = &[
    ("january", 1),
    ("jan", 1),
    ("gennaio", 1),
    ("february", 2),
    ("feb", 2),
    ("febbraio", 2),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("aprile", 4),
    ("may", 5),
    ("maggio", 5),
    ("june", 6),
    ("jun", 6),
    ("giugno", 6),
    ("july", 7),
    ("jul", 7),
    ("luglio", 7),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("settembre", 9),
    ("october", 10),
    ("oct", 10),
    ("ottobre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("dicembre", 12),
];

const MONTH: &str = "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\\.?";

static DAY_MONTH_YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\s*,?\s+(\d{{4}})(?-u:\b)"
    ))
    .ok()
});
static MONTH_DAY_YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b){MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:and|-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s*,?\s+(\d{{4}})(?-u:\b)")).ok()
});
static MONTH_DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b){}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)",
        capitalised_month()
    ))
    .ok()
});
static DAY_MONTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?-u:\b)"
    ))
    .ok()
});
static MONTH_YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){MONTH}\s+(?:of\s+)?(\d{{4}})(?-u:\b)"
    ))
    .ok()
});
static MONTH_ONLY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:[Ii]n|[Ss]ince|[Ee]arly|[Ll]ate|[Bb]y)\s+{}(?-u:\b)",
        capitalised_month()
    ))
    .ok()
});
static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|since|from|of|by|until|during|nel|dal|del)\s+(?:early\s+|late\s+|mid-)?((?:19|20)\d{2})(?-u:\b)").ok()
});
static RELATIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:on|last|this)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(this week|last week|earlier this year|this year|last year|last month|this month|yesterday|today|last summer|this summer|last winter|last spring|last autumn))(?-u:\b)").ok()
});

/// English month names start with a capital when they are dates; "may" and "march"
/// lowercase are verbs.
fn capitalised_month() -> String {
    "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\\.?".to_owned()
}

fn month_number(name: &str) -> Option<i8> {
    let lower = name.trim_end_matches('.').to_lowercase();
    MONTH_NAMES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, m)| *m)
}

fn valid_day(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

/// Every date expression in `span`, longest forms first, never overlapping.
pub fn find(text: &str, span: Span, context: &DateContext) -> Vec<DateMention> {
    let slice = &text[span.start..span.end];
    let mut out: Vec<DateMention> = Vec::new();
    // Earlier patterns are the longer forms: a later match inside one is not a date of its own.
    let push = |(start, end): (usize, usize), iso: Option<String>, out: &mut Vec<DateMention>| {
        let found = Span::new(span.start + start, span.start + end);
        if let Some(iso) = iso
            && !out.iter().any(|d| d.span.overlaps(&found))
        {
            out.push(DateMention { span: found, iso });
        }
    };
    let each = |regex: &LazyLock<Option<Regex>>| -> Vec<regex::Captures<'_>> {
        regex
            .as_ref()
            .map(|r| r.captures_iter(slice).collect())
            .unwrap_or_default()
    };
    for c in each(&DAY_MONTH_YEAR) {
        let iso = parse_ymd(&c[3], &c[2], &c[1]);
        push(whole(&c), iso, &mut out);
    }
    for c in each(&MONTH_DAY_YEAR) {
        let iso = parse_ymd(&c[3], &c[1], &c[2]);
        push(whole(&c), iso, &mut out);
    }
    for c in each(&MONTH_YEAR) {
        let iso = c[2]
            .parse::<i16>()
            .ok()
            .zip(month_number(&c[1]))
            .map(|(y, m)| format!("{y:04}-{m:02}"));
        push(whole(&c), iso, &mut out);
    }
    for c in each(&MONTH_DAY) {
        let iso = context
            .default_year
            .and_then(|y| parse_ymd(&y.to_string(), &c[1], &c[2]));
        push(whole(&c), iso, &mut out);
    }
    for c in each(&DAY_MONTH) {
        let iso = context
            .default_year
            .and_then(|y| parse_ymd(&y.to_string(), &c[2], &c[1]));
        push(whole(&c), iso, &mut out);
    }
    for c in each(&MONTH_ONLY) {
        let iso = context
            .default_year
            .zip(month_number(&c[1]))
            .map(|(y, m)| format!("{y:04}-{m:02}"));
        let Some(month) = c.get(1) else { continue };
        push((month.start(), month.end()), iso, &mut out);
    }
    for c in each(&YEAR) {
        let Some(year) = c.get(1) else { continue };
        push(
            (year.start(), year.end()),
            Some(year.as_str().to_owned()),
            &mut out,
        );
    }
    for c in each(&RELATIVE) {
        let iso = c
            .get(1)
            .map(|w| resolve_weekday(w.as_str(), context))
            .or_else(|| c.get(2).map(|p| resolve_relative(p.as_str(), context)))
            .flatten();
        push(whole(&c), iso, &mut out);
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// The byte range of a whole match.
fn whole(captures: &regex::Captures<'_>) -> (usize, usize) {
    captures.get(0).map_or((0, 0), |m| (m.start(), m.end()))
}

fn parse_ymd(year: &str, month: &str, day: &str) -> Option<String> {
    let year: i16 = year.parse().ok()?;
    let month = month_number(month)?;
    let day: i8 = day.parse().ok()?;
    valid_day(year, month, day).map(|d| d.to_string())
}

/// "on Wednesday": the last such day on or before the article date.
fn resolve_weekday(name: &str, context: &DateContext) -> Option<String> {
    let article = context.article?;
    let target = match name.to_lowercase().as_str() {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        _ => Weekday::Sunday,
    };
    let back =
        (article.weekday().to_monday_zero_offset() - target.to_monday_zero_offset()).rem_euclid(7);
    article
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .ok()
        .map(|d| d.to_string())
}

fn resolve_relative(phrase: &str, context: &DateContext) -> Option<String> {
    let article = context.article?;
    let ym = |d: Date| format!("{:04}-{:02}", d.year(), d.month());
    let lower = phrase.to_lowercase();
    match lower.as_str() {
        "today" => Some(article.to_string()),
        "yesterday" => article.yesterday().ok().map(|d| d.to_string()),
        "this week" | "this month" => Some(ym(article)),
        "last week" => article.checked_sub(jiff::Span::new().days(7)).ok().map(ym),
        "last month" => article
            .checked_sub(jiff::Span::new().months(1))
            .ok()
            .map(ym),
        "earlier this year" | "this year" => Some(format!("{:04}", article.year())),
        "last year" => Some(format!("{:04}", article.year() - 1)),
        "this summer" => Some(format!("{:04}", article.year())),
        _ => Some(format!(
            "{:04}",
            article.year() - i16::from(lower.starts_with("last") && article.month() < 9)
        )),
    }
}

/// The article's date: the input's metadata, or a line near the top that holds only a
/// date ("Sunday, 5 May 2024", "April 30, 2024").
pub fn article_date(text: &str, stated: Option<&str>) -> Option<Date> {
    if let Some(date) = stated
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse::<Date>().ok())
    {
        return Some(date);
    }
    for line in text.lines().take(20) {
        let line = line.trim();
        if line.is_empty() || line.len() > 40 {
            continue;
        }
        let found = find(line, Span::new(0, line.len()), &DateContext::default());
        if let [date] = found.as_slice()
            && date.iso.len() == 10
            && line.chars().filter(|c| c.is_alphabetic()).count() <= 20
        {
            return date.iso.parse().ok();
        }
    }
    None
}

/// The year for day-and-month dates: the article's, or the latest year the text names.
pub fn default_year(text: &str, article: Option<Date>) -> Option<i16> {
    if let Some(date) = article {
        return Some(date.year());
    }
    static ANY_YEAR: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)\d{2})(?-u:\b)").ok());
    ANY_YEAR
        .as_ref()?
        .captures_iter(text)
        .filter_map(|c| c[1].parse::<i16>().ok())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isos(text: &str, context: DateContext) -> Vec<String> {
        find(text, Span::new(0, text.len()), &context)
            .into_iter()
            .map(|d| d.iso)
            .collect()
    }

    #[test]
    fn absolute_english_and_italian_dates() {
        let none = DateContext::default();
        assert_eq!(
            isos("On Wednesday, January 12th, 2022, the government", none),
            vec!["2022-01-12"]
        );
        assert_eq!(
            isos("On August 23 2024, four employees", none),
            vec!["2024-08-23"]
        );
        assert_eq!(
            isos("nella notte di martedì 21 gennaio 2020 un militante", none),
            vec!["2020-01-21"]
        );
        assert_eq!(isos("formed in 2014 as a collective", none), vec!["2014"]);
        assert_eq!(isos("a campaign in April 2022", none), vec!["2022-04"]);
    }

    #[test]
    fn dates_without_a_year_take_the_context_year() {
        let context = DateContext {
            article: None,
            default_year: Some(2024),
        };
        assert_eq!(
            isos("gunmen killed about 140 people on March 22.", context),
            vec!["2024-03-22"]
        );
        assert_eq!(
            isos("held on September 4 and 5", context),
            vec!["2024-09-04"]
        );
        assert_eq!(isos("the attack in March and", context), vec!["2024-03"]);
        assert!(isos("the May government", DateContext::default()).is_empty());
    }

    #[test]
    fn relative_dates_need_an_article_date() {
        let article: Date = "2024-09-05".parse().unwrap();
        let context = DateContext {
            article: Some(article),
            default_year: Some(2024),
        };
        assert_eq!(isos("said on Wednesday", context), vec!["2024-09-04"]);
        assert_eq!(isos("a conference this week", context), vec!["2024-09"]);
        assert_eq!(isos("earlier this year", context), vec!["2024"]);
        assert!(isos("said on Wednesday", DateContext::default()).is_empty());
    }

    #[test]
    fn article_dates_come_from_metadata_or_a_date_line() {
        assert_eq!(
            article_date("Title\nSunday, 5 May 2024\nBody", None),
            "2024-05-05".parse().ok()
        );
        assert_eq!(
            article_date("x", Some("2024-03-23T10:00:00Z")),
            "2024-03-23".parse().ok()
        );
        assert_eq!(default_year("in 2014 and 2023 and 2024.", None), Some(2024));
    }
}
