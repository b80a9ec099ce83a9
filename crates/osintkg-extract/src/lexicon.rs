//! Language packs: the words the rules read, as data in `ontology/lexicon/<lang>/`.
//!
//! Rules say how a construction works ("a passive verb takes its agent from the agentive
//! phrase"); packs say which words make the construction in a language ("by"; Italian
//! "da"). Each folder is one language, each TSV file one concept (event triggers, role
//! nouns, prepositions and their meanings, month names ...), and `mul/` holds what every
//! language reads (name particles, elisions). `build.rs` compiles every file in with
//! `include_str!`, so adding a language or a concept's words is adding files, never code.
//! Packs are parsed once, when the extractor is built: a malformed row, a duplicate or a
//! word not in lowercase is an error naming its file and line, never a silent skip.
//!
//! A paragraph is read with the pack of its language; one the detector cannot tell
//! (a headline, a byline) with the default pack, and a language without a pack with
//! `mul` alone, which finds names but reads no events.

mod table;
mod words;

use crate::dates::DatePatterns;
use crate::events::casualties::CasualtyPatterns;
use crate::text::Token;
use osintkg_graph::{EntityType, EventType, Predicate};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::Row;
pub(crate) use words::WordMap;

include!(concat!(env!("OUT_DIR"), "/bundled_lexicon.rs"));

/// The pack read where the detector cannot tell the language: short headlines and
/// bylines in the English-language press this tool was written for.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The folder whose files every language's pack includes.
pub const SHARED: &str = "mul";

/// A pack file that cannot be read or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LexiconError {
    /// A row is malformed: wrong columns, an unknown value, a duplicate, not lowercase.
    #[error("{file}:{line}: {message}")]
    Row {
        /// The pack file, as `<lang>/<name>.tsv`.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A whole file or pack is wrong: an unknown file name, a missing default pack.
    #[error("{file}: {message}")]
    File {
        /// The pack file or folder.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A pack folder cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Defines a closed vocabulary of a pack column: its values, their names in the files,
/// and the class a rule reads when it asks for one.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident in $file:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value with its name in the pack files.
            pub const ALL: &'static [($name, &'static str)] = &[$(($name::$variant, $text),)+];

            fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().find(|(_, t)| *t == text).map(|(v, _)| *v)
            }

            #[allow(dead_code)] // Reason: generated for every vocabulary; single-valued columns only parse.
            fn bit(self) -> u32 {
                1 << (self as u32)
            }

            #[allow(dead_code)] // Reason: as for `bit`.
            fn parse_bit(text: &str) -> Option<u32> {
                Self::parse(text).map(Self::bit)
            }

            /// The class of entries a rule reads when it asks for this value.
            #[allow(dead_code)] // Reason: as for `bit`.
            fn class(self) -> &'static str {
                match self { $($name::$variant => concat!($file, ":", $text),)+ }
            }
        }
    };
}

vocabulary! {
    /// How a trigger word works in its clause.
    Form in "event_triggers.tsv" {
        /// A singular or uncountable noun: roles from modifiers and prepositional phrases.
        Noun = "noun",
        /// A plural noun: generic talk unless something makes it specific.
        Plural = "plural",
        /// A finite verb: roles from subject and object.
        Verb = "verb",
        /// A past tense that is also the participle: passive after an auxiliary or in a headline.
        Past = "past",
        /// A participle only: passive unless a perfect auxiliary stands before it.
        Participle = "participle",
    }
}

impl Form {
    /// Nouns read their roles from modifiers and prepositional phrases.
    pub fn is_noun(self) -> bool {
        matches!(self, Form::Noun | Form::Plural)
    }
}

vocabulary! {
    /// The role a trigger verb's subject, or a trigger noun's possessor, plays.
    SubjectRole in "event_triggers.tsv" {
        /// The subject acts: "ISKP attacked", "the ISKP's attack".
        Agent = "agent",
        /// The subject undergoes it: "X assumed leadership" appoints X; "X's arrest".
        Target = "target",
    }
}

vocabulary! {
    /// What a word does next to an event noun.
    ModifierUse in "event_modifiers.tsv" {
        /// May stand between a name and its event noun: "the Islamic State attack".
        Modifier = "modifier",
        /// Makes a plural event noun a happening: "the attacks", "twin bombings".
        Specific = "specific",
        /// Ends a hyphenated modifier that may stand there: "US-led raid".
        Compound = "compound",
        /// Counts the noun as one more of its kind: "a second arrest", "another attack".
        Distinct = "distinct",
    }
}

vocabulary! {
    /// The parts of a claim of responsibility.
    ClaimPart in "claims.tsv" {
        /// "claimed".
        Verb = "verb",
        /// "responsibility".
        Noun = "noun",
    }
}

vocabulary! {
    /// What a casualty word counts.
    Count in "casualties.tsv" {
        /// People killed.
        Killed = "killed",
        /// People injured.
        Injured = "injured",
    }
}

vocabulary! {
    /// Where the number stands around a casualty word.
    NumberPosition in "casualties.tsv" {
        /// "killed 140".
        After = "after",
        /// "four employees were killed".
        Before = "before",
    }
}

vocabulary! {
    /// How a role word is used before a name.
    TitleUse in "roles.tsv" {
        /// Precedes a person's name: "President X".
        Title = "title",
        /// A title only with a title word after it: "Prime Minister".
        Modifier = "modifier",
        /// Written with a period that does not end the sentence: "Gen.".
        Abbreviation = "abbreviation",
        /// Names a head of state or government: with no state named, the state the
        /// article is filed from ("QUETTA: Prime Minister X").
        State = "state",
    }
}

vocabulary! {
    /// What an organisation head noun does.
    OrgHead in "org_heads.tsv" {
        /// Ends an organisation's name.
        Name = "name",
        /// After a country's name, the state itself: "the German Government".
        State = "state",
        /// After a state's name or adjective, a body of the state: "Russian Defence Ministry".
        Agency = "agency",
        /// Opens an organisation's name: "Jamaat Ansarullah", "Lashkar-e-Taiba".
        Opener = "opener",
        /// Lowercase after a state's name or adjective, one of its bodies: "the Malian army".
        Body = "body",
        /// Alone and lowercase, the forces of the story's state: "security forces killed".
        Force = "force",
    }
}

vocabulary! {
    /// What a place head noun does.
    PlaceHead in "place_heads.tsv" {
        /// Ends a place's name.
        Name = "name",
        /// Lowercase after a name, makes it a place: "Volgograd region".
        Extends = "extends",
        /// A plural after coordinated names, makes each a place: "the Mahouna and
        /// Kouka localities".
        Shared = "shared",
        /// Names a site, which lies in a place its name opens with: "Makhachkala
        /// airport" is in Makhachkala.
        Site = "site",
        /// A craft, whose name stands in apposition after it ("the tanker, the Sea
        /// Star,", "the freighter Blue Dawn"): a named vessel is a site.
        Vessel = "vessel",
    }
}

vocabulary! {
    /// After which subjects a verb makes a capital stand for its state.
    StateVerbAfter in "state_verbs.tsv" {
        /// After a single capital: "Islamabad accuses".
        One = "one",
        /// After coordinated capitals: "Moscow and Dushanbe are".
        Coordinated = "coordinated",
        /// Before a capital it addresses, its object: "accused Kabul of", "pressed
        /// Islamabad to".
        Object = "object",
    }
}

vocabulary! {
    /// The construction a relation cue works in.
    Construction in "relation_cues.tsv" {
        /// The entities on either side within one clause.
        Clause = "clause",
        /// Coordinated entities on one side, none on the other, relate to each other:
        /// "Moscow and Dushanbe … their cooperation".
        Reciprocal = "reciprocal",
        /// Two names joined by a hyphen right before it relate to each other: "the
        /// Israel-Hamas war".
        Pair = "pair",
        /// A place phrase after it: "operations in Afghanistan".
        Locative = "locative",
        /// The place right after it: "the takeover of Afghanistan".
        Control = "control",
        /// A place after its object preposition: "focus on Iran".
        Focus = "focus",
        /// The names in a hyphenated modifier ending in it and the name it modifies: "the
        /// Afghanistan-based group", "Iran-backed Houthis".
        Compound = "compound",
    }
}

vocabulary! {
    /// What a preposition introduces.
    Meaning in "prepositions.tsv" {
        /// Where something is or happens: "in Kunduz".
        Place = "place",
        /// A direction of motion: "into Burkina Faso".
        Path = "path",
        /// Where a person comes from: "from Uzbekistan".
        Origin = "origin",
        /// A date: "in 2014".
        Time = "time",
        /// A date that bounds a period rather than dating a happening: "since 2021",
        /// "until June".
        Bound = "bound",
        /// The last day of a span of days: "from 10 to 13 March", "10 until 12 May".
        SpanEnd = "span-end",
        /// The whole a role or part belongs to: "head of X".
        Genitive = "genitive",
        /// The doer: "by ISKP".
        Agentive = "agentive",
        /// The target of an event noun or cue: "attack on X".
        Object = "object",
        /// Its object may be the place struck: "the attack on Moscow".
        Site = "site",
        /// A partner: "working with Y".
        Comitative = "comitative",
        /// A language or outlet: "in Pashto".
        Medium = "medium",
        /// What is held: "control over X".
        Domain = "domain",
        /// The group one works for: "a spokesman for X".
        Affiliation = "affiliation",
        /// The two sides a border lies between: "the border between Mali and Niger".
        Between = "between",
        /// None the rules read on its own.
        Other = "other",
    }
}

vocabulary! {
    /// Grammatical roles of function words.
    Function in "function_words.tsv" {
        /// Frequent in the language's prose: identifies it without the detector.
        Marker = "marker",
        /// The definite article: "the Levant".
        Article = "article",
        /// A definite determiner: "the attack" refers back.
        Definite = "definite",
        /// An indefinite determiner.
        Indefinite = "indefinite",
        /// "this", "those": never a name on its own.
        Demonstrative = "demonstrative",
        /// May stand between a preposition and its noun.
        Determiner = "determiner",
        /// Stands for a group: "it".
        GroupPronoun = "group-pronoun",
        /// A group's: "its", "their".
        GroupPossessive = "group-possessive",
        /// A personal pronoun: never a name.
        Pronoun = "pronoun",
        /// "and", "or".
        Coordinator = "coordinator",
        /// "was arrested".
        PassiveAuxiliary = "passive-auxiliary",
        /// "has arrested": a participle after it is active.
        PerfectAuxiliary = "perfect-auxiliary",
        /// "X, who ...".
        Relative = "relative",
        /// After a comma, opens a new clause: ", but".
        Contrast = "contrast",
        /// Always opens a new clause: "while".
        Subordinator = "subordinator",
        /// May stand between a subject and its verb: "X also said".
        Adverb = "adverb",
        /// Starts a sentence after an abbreviation: "U.S. The ...".
        Opener = "opener",
        /// "to" before a verb: "decided to extend".
        Infinitive = "infinitive",
        /// Introduces examples: "including", "such as".
        List = "list",
        /// May join the words of a name: "Department of Homeland Security".
        NameConnector = "name-connector",
        /// A relative pronoun for people: "X, who ...".
        PersonRelative = "person-relative",
        /// A linking verb: "X is the leader of Y".
        Copula = "copula",
        /// A personal pronoun for one person: "he was a member of Y".
        PersonPronoun = "person-pronoun",
        /// A present-tense form of the copula: "police are investigating" tells what goes
        /// on as the article is written.
        Present = "present",
        /// An adverb that tells a happening goes on: "they were still investigating".
        Continuative = "continuative",
        /// Names the people the phrase before it describes: "the victims were identified
        /// as X and Y".
        Naming = "naming",
        /// Opens the group the names after it belong to: "among the dead were X and Y".
        Gathering = "gathering",
        /// Refers to the rest of the group the sentence before named: "the others were
        /// identified as X".
        Remainder = "remainder",
        /// Opens a condition: "threatens retaliation if its embassy is attacked".
        Conditional = "conditional",
        /// A quotation right after it is a name, not words said: a procession named
        /// "March for Peace" goes on past its closing quote.
        QuotedName = "quoted-name",
    }
}

vocabulary! {
    /// What a noun after a nationality word says.
    DemonymNoun in "demonym_nouns.tsv" {
        /// Names a language, not the state: "the Uzbek language".
        Language = "language",
        /// The person is a citizen: "Tajik national X".
        Citizen = "citizen",
    }
}

vocabulary! {
    /// How a name particle is used.
    ParticleUse in "name_particles.tsv" {
        /// Lowercase inside a name: "bin", "van".
        Joiner = "joiner",
        /// Glued by a hyphen to a capitalised name: "al-Baghdadi".
        Prefix = "prefix",
        /// Opens a personal name: "Abu Umar".
        Opener = "opener",
        /// "Son of" inside a personal name: "Osama bin Laden".
        Patronymic = "patronymic",
        /// Joins the words of a place's or organisation's name: "Ciudad del Este".
        Connector = "connector",
    }
}

vocabulary! {
    /// Whether a month name is a full name or an abbreviation.
    MonthForm in "months.tsv" {
        /// "January".
        Full = "full",
        /// "Jan", which a period after does not end a sentence.
        Short = "short",
    }
}

vocabulary! {
    /// The unit a relative date phrase counts in.
    DateUnit in "relative_dates.tsv" {
        /// A day.
        Day = "day",
        /// A week, reported as its month.
        Week = "week",
        /// A month.
        Month = "month",
        /// A year.
        Year = "year",
        /// A named weekday: the last one on or before the article's date.
        Weekday = "weekday",
        /// Summer, reported as its year.
        Summer = "summer",
        /// Winter, reported as its year.
        Winter = "winter",
        /// Spring, reported as its year.
        Spring = "spring",
        /// Autumn, reported as its year.
        Autumn = "autumn",
        /// A day counted from the day the story last named ("the next day").
        Story = "story",
    }
}

/// A word that proposes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    /// The event type.
    pub kind: EventType,
    /// How the word works in its clause.
    pub form: Form,
    /// The role of a verb's subject.
    pub subject: SubjectRole,
}

/// A relation cue found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueMatch {
    /// The relation it states.
    pub predicate: Predicate,
    /// Tokens it spans.
    pub len: usize,
    /// True when the subject stands before the cue.
    pub subject_first: bool,
}

#[derive(Debug, Clone)]
struct Cue {
    rest: Vec<String>,
    predicate: Predicate,
    constructions: u32,
    subject_first: bool,
}

#[derive(Debug, Clone, Copy)]
struct RoleEntry {
    predicate: Option<Predicate>,
    uses: u32,
}

/// A month name.
#[derive(Debug, Clone)]
pub struct Month {
    /// The name, lowercase.
    pub word: String,
    /// 1 to 12.
    pub number: i8,
    /// An abbreviation.
    pub short: bool,
    /// A date only when capitalised.
    pub capitalised: bool,
}

/// A relative date phrase: words, `{weekday}` or `{n}` slots, and what it resolves to.
#[derive(Debug, Clone)]
pub struct RelativeDate {
    /// The phrase's words and slots.
    pub words: Vec<String>,
    /// The unit it counts in.
    pub unit: DateUnit,
    /// Units from the article's date (times `{n}` when the phrase has one).
    pub offset: i32,
}

/// A named day of the year ("Christmas Day", "Easter Sunday").
#[derive(Debug, Clone)]
pub struct Holiday {
    /// The name, lowercase, its words separated by single spaces.
    pub name: String,
    /// When it falls.
    pub day: HolidayDay,
}

/// When a holiday falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayDay {
    /// The same month and day every year.
    Fixed {
        /// 1 to 12.
        month: i8,
        /// 1 to 31.
        day: i8,
    },
    /// Days from (Western) Easter Sunday, which moves from year to year.
    Easter(i32),
}

impl HolidayDay {
    /// `MM-DD`, `easter`, or `easter` with a signed offset in days (`easter-2`).
    fn parse(text: &str) -> Option<HolidayDay> {
        if let Some(offset) = text.strip_prefix("easter") {
            return if offset.is_empty() {
                Some(HolidayDay::Easter(0))
            } else {
                offset
                    .trim_start_matches('+')
                    .parse()
                    .ok()
                    .map(HolidayDay::Easter)
            };
        }
        let (month, day) = text.split_once('-')?;
        let (month, day) = (month.parse().ok()?, day.parse().ok()?);
        jiff::civil::Date::new(2000, month, day).ok()?;
        Some(HolidayDay::Fixed { month, day })
    }
}

/// The words that make dates in a language, for [`DatePatterns`].
#[derive(Debug, Clone, Default)]
pub struct DateWords {
    /// Month names.
    pub months: Vec<Month>,
    /// Weekday names with their number, Monday 1.
    pub weekdays: Vec<(String, i8)>,
    /// Relative date phrases.
    pub relative: Vec<RelativeDate>,
    /// Named days of the year.
    pub holidays: Vec<Holiday>,
    /// Numbers written as words.
    pub numbers: Vec<(String, u32)>,
    /// Prepositions that introduce a date.
    pub time_prepositions: Vec<String>,
    /// Words that narrow a year: "early".
    pub modifiers: Vec<String>,
    /// Ordinal suffixes of day numbers: "th".
    pub ordinal_suffixes: Vec<String>,
    /// Coordinators ("and") between two day numbers.
    pub coordinators: Vec<String>,
    /// Prepositions ("to") before the last day of a span of days.
    pub span_ends: Vec<String>,
    /// Determiners ("the", "a") before a month that modifies a noun: "the August meeting".
    pub determiners: Vec<String>,
    /// Every preposition: after a capitalised month, one makes it a noun ("the March on
    /// the capital").
    pub prepositions: Vec<String>,
    /// Genitive prepositions ("of") between a day and its month.
    pub genitives: Vec<String>,
    /// Words that open a line giving the article's date.
    pub dateline_labels: Vec<String>,
}

/// The words that state casualties in a language, for [`CasualtyPatterns`].
#[derive(Debug, Clone, Default)]
pub struct CasualtyWords {
    /// Casualty words, what they count, and where the number stands.
    pub cues: Vec<(String, Count, u32)>,
    /// Words before a count that do not change it.
    pub quantifiers: Vec<String>,
    /// Numbers written as words.
    pub numbers: Vec<(String, u32)>,
    /// Auxiliaries of the passive ("were").
    pub auxiliaries: Vec<String>,
}

/// What a pack says about one token, looked up once per token for the rules that ask
/// about every token of a sentence (clause boundaries, prepositions, cues): a few bits
/// instead of a hash lookup per question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lexeme {
    functions: u32,
    prepositions: u32,
    /// Constructions of the relation cues that start with this word.
    cues: u32,
    /// Roles of the function phrases that start with this word ("such as").
    phrases: u32,
    /// The [`Listed`] word lists that hold this word.
    lists: u32,
    /// The event the word proposes as a trigger.
    trigger: Option<Trigger>,
}

/// Word lists a rule asks about every token of a sentence, so that it looks a word up
/// only when its lexeme says the list holds it ([`Lexeme::listed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// `roles.tsv`.
    Role,
    /// `claims.tsv`.
    Claim,
    /// `designation_verbs.tsv`.
    DesignationVerb,
    /// `speech_verbs.tsv`.
    SpeechVerb,
}

impl Listed {
    fn bit(self) -> u32 {
        1 << self as u32
    }
}

impl Lexeme {
    /// True when the word has that grammatical role.
    pub fn function(self, role: Function) -> bool {
        note(role.class());
        self.functions & role.bit() != 0
    }

    /// True when the word is a preposition with that meaning.
    pub fn preposition(self, meaning: Meaning) -> bool {
        note(meaning.class());
        self.prepositions & meaning.bit() != 0
    }

    /// True when the word is a preposition with any of the meanings.
    pub fn preposition_any(self, meanings: &[Meaning]) -> bool {
        meanings.iter().any(|&m| self.preposition(m))
    }

    /// True when the word is a preposition that governs a noun phrase (see
    /// [`LanguagePack::is_preposition`]).
    pub fn is_preposition(self) -> bool {
        for (meaning, _) in Meaning::ALL {
            note(meaning.class());
        }
        self.prepositions & !(Meaning::Time.bit() | Meaning::Bound.bit()) != 0
    }

    /// True when a relation cue of that construction may start at the word.
    pub fn may_start_cue(self, construction: Construction) -> bool {
        self.cues & construction.bit() != 0
    }

    /// True when a function word or phrase with that role may start at the word.
    pub fn may_start_function(self, role: Function) -> bool {
        (self.functions | self.phrases) & role.bit() != 0
    }

    /// True when the list holds the word (with any of the uses the list gives).
    pub fn listed(self, list: Listed) -> bool {
        self.lists & list.bit() != 0
    }

    /// The event the word proposes ([`LanguagePack::trigger`]).
    pub fn trigger(self) -> Option<Trigger> {
        note("event_triggers.tsv");
        self.trigger
    }
}

/// The words and patterns of one language.
#[derive(Debug)]
pub struct LanguagePack {
    code: String,
    proper_noun_chunks: bool,
    triggers: WordMap<Trigger>,
    trigger_compounds: Vec<(String, EventType, EventType)>,
    event_modifiers: WordMap<u32>,
    irrealis: WordMap<()>,
    decision_verbs: WordMap<()>,
    claims: WordMap<u32>,
    roles: WordMap<RoleEntry>,
    org_heads: WordMap<u32>,
    place_heads: WordMap<u32>,
    locative_nouns: WordMap<()>,
    place_adjectives: WordMap<()>,
    /// Endings that make (or do not make) a plural, longest first.
    plural_endings: Vec<(String, bool)>,
    place_prefixes: WordMap<()>,
    speech_verbs: WordMap<bool>,
    state_verbs: WordMap<u32>,
    media_verbs: WordMap<()>,
    support_verbs: Phrases,
    movement_cues: Phrases,
    measure_nouns: WordMap<()>,
    cues: WordMap<Vec<Cue>>,
    prepositions: WordMap<u32>,
    functions: WordMap<u32>,
    function_phrases: WordMap<Vec<(Vec<String>, u32)>>,
    demonym_nouns: WordMap<u32>,
    anaphoric_nouns: WordMap<EntityType>,
    anaphor_modifiers: WordMap<()>,
    designation_verbs: WordMap<bool>,
    designation_nouns: WordMap<()>,
    patients: WordMap<EventType>,
    apposition_nouns: WordMap<()>,
    alias_phrases: Phrases,
    addressing_verbs: Phrases,
    particles: WordMap<u32>,
    elisions: WordMap<()>,
    /// never_names.tsv with pronouns and demonstratives.
    never_names: WordMap<()>,
    /// Months, weekdays and pronouns: capitalised, but never part of a name.
    stop_words: WordMap<()>,
    /// abbreviations.tsv with abbreviated titles and short month names.
    abbreviations: WordMap<()>,
    /// Function words and particles that join the words of a name.
    name_connectors: WordMap<()>,
    /// Name connectors and joiner particles: what may stand inside a name.
    name_joiners: WordMap<()>,
    weekdays: WordMap<i8>,
    /// Function words, prepositions and cue openings as [`Lexeme`]s.
    lexemes: WordMap<Lexeme>,
    dates: DatePatterns,
    casualties: CasualtyPatterns,
}

/// Every language pack, and how to tell a paragraph's language from its function words.
#[derive(Debug)]
pub struct Lexicon {
    packs: Vec<LanguagePack>,
    default: usize,
    fallback: LanguagePack,
    /// Marker words, each with the packs it marks (bit `i` for `packs[i]`).
    markers: FxHashMap<u64, PackSet>,
    long_markers: WordMap<PackSet>,
}

/// A set of language packs, by their index in the lexicon: the packs a marker word marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PackSet(u64);

impl PackSet {
    fn with(self, index: usize) -> PackSet {
        PackSet(self.0 | 1 << index)
    }

    /// The set of the one pack at `index`.
    pub fn only(index: usize) -> PackSet {
        PackSet::default().with(index)
    }

    /// Whether the set holds the pack at `index` of [`Lexicon::packs`].
    pub fn contains(self, index: usize) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }
}

/// A pack file: its language folder, its name and its text.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// The folder: an ISO 639-1 code, or `mul`.
    pub language: String,
    /// The file name, `<concept>.tsv`.
    pub name: String,
    /// The contents.
    pub text: String,
}

impl PackFile {
    fn path(&self) -> String {
        format!("{}/{}", self.language, self.name)
    }
}

/// The files a pack may hold: name, columns, and how many leading columns make an entry
/// unique. Any other file name is an error, so a misspelt one cannot go unread.
const FILES: &[(&str, &[&str], usize)] = &[
    ("abbreviations.tsv", &["word"], 1),
    ("addressing_verbs.tsv", &["phrase"], 1),
    ("alias_phrases.tsv", &["phrase"], 1),
    ("anaphor_modifiers.tsv", &["word"], 1),
    ("anaphoric_nouns.tsv", &["word", "type"], 1),
    ("apposition_nouns.tsv", &["word"], 1),
    ("casualties.tsv", &["word", "count", "number"], 1),
    ("claims.tsv", &["word", "part"], 1),
    ("date_modifiers.tsv", &["word"], 1),
    ("dateline_labels.tsv", &["word"], 1),
    ("decision_verbs.tsv", &["word"], 1),
    ("demonym_nouns.tsv", &["word", "meaning"], 1),
    ("designation_nouns.tsv", &["word"], 1),
    ("designation_verbs.tsv", &["word", "needs_noun"], 1),
    ("elisions.tsv", &["word"], 1),
    ("event_modifiers.tsv", &["word", "uses"], 1),
    (
        "event_triggers.tsv",
        &["word", "event", "form", "subject"],
        1,
    ),
    ("function_words.tsv", &["word", "roles"], 1),
    ("holidays.tsv", &["name", "day"], 1),
    ("irrealis.tsv", &["word"], 1),
    ("locative_nouns.tsv", &["word"], 1),
    ("measure_nouns.tsv", &["word"], 1),
    ("media_verbs.tsv", &["word"], 1),
    ("months.tsv", &["word", "month", "form", "written"], 1),
    ("movement_cues.tsv", &["phrase"], 1),
    ("name_particles.tsv", &["word", "uses"], 1),
    ("never_names.tsv", &["word"], 1),
    ("numbers.tsv", &["word", "value"], 1),
    ("ordinal_suffixes.tsv", &["word"], 1),
    ("org_heads.tsv", &["word", "uses"], 1),
    ("patients.tsv", &["word", "event"], 1),
    ("place_adjectives.tsv", &["word"], 1),
    ("place_heads.tsv", &["word", "uses"], 1),
    ("place_prefixes.tsv", &["word"], 1),
    ("plural_endings.tsv", &["ending", "plural"], 1),
    ("prepositions.tsv", &["word", "meanings"], 1),
    ("quantifiers.tsv", &["phrase"], 1),
    (
        "relation_cues.tsv",
        &["phrase", "predicate", "construction", "subject"],
        3,
    ),
    ("relative_dates.tsv", &["phrase", "unit", "offset"], 1),
    ("roles.tsv", &["word", "predicate", "uses"], 1),
    ("settings.tsv", &["setting", "value"], 1),
    ("speech_verbs.tsv", &["word", "inverts"], 1),
    ("state_verbs.tsv", &["word", "after"], 1),
    ("support_verbs.tsv", &["phrase"], 1),
    (
        "trigger_compounds.tsv",
        &["modifier", "event", "becomes"],
        1,
    ),
    ("weekdays.tsv", &["word", "weekday"], 1),
];

#[cfg(test)]
pub(crate) mod reads {
    //! Which classes of entries the rules asked for, so that a test can find entries no
    //! rule reads.
    use osintkg_graph::Predicate;
    use std::collections::BTreeSet;
    use std::sync::{LazyLock, Mutex};

    static READ: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

    pub fn note(class: &'static str) {
        if let Ok(mut read) = READ.lock() {
            read.insert(class);
        }
    }

    pub fn all() -> BTreeSet<&'static str> {
        READ.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Notes the roles.tsv rows stating a predicate: the class named after the file and
    /// the predicate, so a new predicate needs no entry here.
    pub fn note_role(predicate: Predicate) {
        static CLASSES: LazyLock<Vec<String>> = LazyLock::new(|| {
            Predicate::ALL
                .iter()
                .map(|p| format!("roles.tsv:{p}"))
                .collect()
        });
        note(CLASSES[predicate as usize].as_str());
    }
}

#[cfg(test)]
use reads::{note, note_role};

#[cfg(not(test))]
#[inline(always)]
fn note(_class: &'static str) {}

#[cfg(not(test))]
#[inline(always)]
fn note_role(_predicate: Predicate) {}

impl Lexicon {
    /// The packs compiled into the binary from `ontology/lexicon/`.
    pub fn bundled() -> Result<Lexicon, LexiconError> {
        Lexicon::from_files(bundled_files())
    }

    /// The bundled packs with the files of another lexicon folder (same layout: one
    /// folder per language) added: a new language, or a concept a pack lacks. A file
    /// both define is an error.
    pub fn bundled_with(dir: &Path) -> Result<Lexicon, LexiconError> {
        let mut files = bundled_files();
        files.extend(read_dir(dir)?);
        Lexicon::from_files(files)
    }

    /// Builds the packs from their files.
    pub fn from_files(files: Vec<PackFile>) -> Result<Lexicon, LexiconError> {
        let mut by_language: BTreeMap<String, Vec<PackFile>> = BTreeMap::new();
        for file in files {
            if !FILES.iter().any(|(name, _, _)| *name == file.name) {
                return Err(LexiconError::File {
                    file: file.path(),
                    message: format!(
                        "not a pack file; the files are {}",
                        FILES
                            .iter()
                            .map(|(n, _, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            let list = by_language.entry(file.language.clone()).or_default();
            if list.iter().any(|f| f.name == file.name) {
                return Err(LexiconError::File {
                    file: file.path(),
                    message: "defined twice".into(),
                });
            }
            list.push(file);
        }
        let shared = by_language.remove(SHARED).unwrap_or_default();
        let fallback = LanguagePack::build(SHARED, &[], &shared)?;
        let mut packs = Vec::new();
        for (language, files) in &by_language {
            packs.push(LanguagePack::build(language, files, &shared)?);
        }
        let default = packs
            .iter()
            .position(|p| p.code == DEFAULT_LANGUAGE)
            .ok_or_else(|| LexiconError::File {
                file: DEFAULT_LANGUAGE.into(),
                message: "the default language has no pack".into(),
            })?;
        if packs.len() > 64 {
            return Err(LexiconError::File {
                file: "ontology/lexicon".into(),
                message: format!("{} language packs; at most 64 are supported", packs.len()),
            });
        }
        let mut markers: FxHashMap<u64, PackSet> = FxHashMap::default();
        let mut long_markers: WordMap<PackSet> = WordMap::default();
        for (index, pack) in packs.iter().enumerate() {
            for (word, roles) in pack.functions.iter() {
                if roles & Function::Marker.bit() == 0 {
                    continue;
                }
                match packed(word) {
                    Some(key) => {
                        let entry = markers.entry(key).or_default();
                        *entry = entry.with(index);
                    }
                    None => {
                        let set = long_markers.get(word).copied().unwrap_or_default();
                        long_markers.insert(word, set.with(index));
                    }
                }
            }
        }
        Ok(Lexicon {
            packs,
            default,
            fallback,
            markers,
            long_markers,
        })
    }

    /// The pack for a language code; the default pack for `None` (not told), the shared
    /// words alone for a language without a pack.
    pub fn pack(&self, code: Option<&str>) -> &LanguagePack {
        match code {
            None => &self.packs[self.default],
            Some(code) => self
                .packs
                .iter()
                .find(|p| p.code == code)
                .unwrap_or(&self.fallback),
        }
    }

    /// The default language's pack.
    pub fn default_pack(&self) -> &LanguagePack {
        &self.packs[self.default]
    }

    /// Every language's pack.
    pub fn packs(&self) -> &[LanguagePack] {
        &self.packs
    }

    /// The packs whose marker words hold `word`, if any.
    pub fn marker(&self, word: &str) -> Option<PackSet> {
        note(Function::Marker.class());
        if word.len() <= 8 {
            let mut buffer = [0u8; 8];
            for (slot, byte) in buffer.iter_mut().zip(word.bytes()) {
                *slot = byte.to_ascii_lowercase();
            }
            return self.markers.get(&u64::from_le_bytes(buffer)).copied();
        }
        self.long_markers.get(word).copied()
    }

    /// The index of the default language's pack in [`Lexicon::packs`].
    pub fn default_index(&self) -> usize {
        self.default
    }
}

/// A word of at most eight bytes as one number: the marker lookup runs on every word of
/// a paragraph's opening, where hashing a string costs more than the rest.
fn packed(word: &str) -> Option<u64> {
    if word.len() > 8 || word.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut buffer = [0u8; 8];
    buffer[..word.len()].copy_from_slice(word.as_bytes());
    Some(u64::from_le_bytes(buffer))
}

pub(crate) fn bundled_files() -> Vec<PackFile> {
    BUNDLED
        .iter()
        .map(|(language, name, text)| PackFile {
            language: (*language).to_owned(),
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// The `.tsv` files of a lexicon folder, one sub-folder per language.
fn read_dir(dir: &Path) -> Result<Vec<PackFile>, LexiconError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| LexiconError::Io { path, source }
    };
    let mut out = Vec::new();
    for language in std::fs::read_dir(dir).map_err(io(dir))? {
        let language = language.map_err(io(dir))?.path();
        if !language.is_dir() {
            continue;
        }
        let code = language
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for file in std::fs::read_dir(&language).map_err(io(&language))? {
            let path = file.map_err(io(&language))?.path();
            if path.extension().is_none_or(|e| e != "tsv") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            out.push(PackFile {
                language: code.clone(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            });
        }
    }
    out.sort_by(|a, b| (&a.language, &a.name).cmp(&(&b.language, &b.name)));
    Ok(out)
}

/// The parsed rows of one pack: its own files and the shared ones.
struct Tables<'t> {
    rows: BTreeMap<&'static str, Vec<Row<'t>>>,
}

impl<'t> Tables<'t> {
    fn read(
        own: &'t [PackFile],
        shared: &'t [PackFile],
        paths: &'t [String],
    ) -> Result<Tables<'t>, LexiconError> {
        let mut rows: BTreeMap<&'static str, Vec<Row<'t>>> = BTreeMap::new();
        for (file, path) in own.iter().chain(shared).zip(paths) {
            let Some(&(name, columns, keys)) = FILES.iter().find(|(n, _, _)| *n == file.name)
            else {
                continue;
            };
            let read = table::rows(path, &file.text, columns, keys)?;
            let list = rows.entry(name).or_default();
            for row in read {
                if let Some(previous) = list.iter().find(|r| r.fields[..keys] == row.fields[..keys])
                {
                    return Err(row.error(format!(
                        "{:?} is also listed in {}:{}",
                        row.key(),
                        previous.file,
                        previous.line
                    )));
                }
                list.push(row);
            }
        }
        Ok(Tables { rows })
    }

    fn get(&self, name: &str) -> &[Row<'t>] {
        self.rows.get(name).map_or(&[], Vec::as_slice)
    }

    /// The entries of a one-column file.
    fn set(&self, name: &str) -> WordMap<()> {
        let mut map = WordMap::default();
        for row in self.get(name) {
            map.insert(row.key(), ());
        }
        map
    }

    /// The entries of a file whose second column is a set of flags.
    fn flags(
        &self,
        name: &str,
        column: &str,
        parse: impl Fn(&str) -> Option<u32>,
    ) -> Result<WordMap<u32>, LexiconError> {
        let mut map = WordMap::default();
        for row in self.get(name) {
            map.insert(row.key(), row.flags(1, column, &parse)?);
        }
        Ok(map)
    }

    fn keys(&self, name: &str) -> Vec<String> {
        self.get(name).iter().map(|r| r.key().to_owned()).collect()
    }
}

fn yes_no(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn parse_predicate(text: &str) -> Option<Option<Predicate>> {
    if text == "-" {
        return Some(None);
    }
    text.parse().ok().map(Some)
}

impl LanguagePack {
    fn build(
        code: &str,
        own: &[PackFile],
        shared: &[PackFile],
    ) -> Result<LanguagePack, LexiconError> {
        let paths: Vec<String> = own.iter().chain(shared).map(PackFile::path).collect();
        let tables = Tables::read(own, shared, &paths)?;
        let mut proper_noun_chunks = false;
        for row in tables.get("settings.tsv") {
            match row.key() {
                "proper_noun_chunks" => proper_noun_chunks = row.parse(1, "value", yes_no)?,
                setting => return Err(row.error(format!("unknown setting {setting:?}"))),
            }
        }
        let mut triggers = WordMap::default();
        for row in tables.get("event_triggers.tsv") {
            let trigger = Trigger {
                kind: row.parse(1, "event", |t| t.parse().ok())?,
                form: row.parse(2, "form", Form::parse)?,
                subject: row.parse(3, "subject", SubjectRole::parse)?,
            };
            triggers.insert(row.key(), trigger);
        }
        let mut trigger_compounds = Vec::new();
        for row in tables.get("trigger_compounds.tsv") {
            trigger_compounds.push((
                row.key().to_owned(),
                row.parse(1, "event", |t| t.parse().ok())?,
                row.parse(2, "becomes", |t| t.parse().ok())?,
            ));
        }
        let mut roles = WordMap::default();
        for row in tables.get("roles.tsv") {
            roles.insert(
                row.key(),
                RoleEntry {
                    predicate: row.parse(1, "predicate", parse_predicate)?,
                    uses: row.flags(2, "uses", TitleUse::parse_bit)?,
                },
            );
        }
        let mut state_verbs = WordMap::default();
        for row in tables.get("state_verbs.tsv") {
            let bits = row.flags(1, "after", |t| match t {
                "any" => Some(StateVerbAfter::One.bit() | StateVerbAfter::Coordinated.bit()),
                other => StateVerbAfter::parse_bit(other),
            })?;
            state_verbs.insert(row.key(), bits);
        }
        let mut cues: WordMap<Vec<Cue>> = WordMap::default();
        for row in tables.get("relation_cues.tsv") {
            let mut words = row.key().split(' ');
            let first = words.next().unwrap_or_default();
            let cue = Cue {
                rest: words.map(str::to_owned).collect(),
                predicate: row.parse(1, "predicate", |t| t.parse().ok())?,
                constructions: row.flags(2, "construction", Construction::parse_bit)?,
                subject_first: row.parse(3, "subject", |t| match t {
                    "before" => Some(true),
                    "after" => Some(false),
                    _ => None,
                })?,
            };
            let mut list = cues.get(first).cloned().unwrap_or_default();
            // One reading per phrase, relation and construction: "based" works one way
            // in a locative ("ISKP based in …") and the other in a compound.
            if list.iter().any(|c| {
                c.rest == cue.rest
                    && c.predicate == cue.predicate
                    && c.constructions & cue.constructions != 0
            }) {
                return Err(row.error(format!(
                    "{:?} is listed twice for {} with a shared construction",
                    row.key(),
                    cue.predicate
                )));
            }
            list.push(cue);
            cues.insert(first, list);
        }
        let mut functions = WordMap::default();
        let mut function_phrases: WordMap<Vec<(Vec<String>, u32)>> = WordMap::default();
        for row in tables.get("function_words.tsv") {
            let bits = row.flags(1, "roles", Function::parse_bit)?;
            match row.key().split_once(' ') {
                None => functions.insert(row.key(), bits),
                Some((first, rest)) => {
                    let mut list = function_phrases.get(first).cloned().unwrap_or_default();
                    list.push((rest.split(' ').map(str::to_owned).collect(), bits));
                    function_phrases.insert(first, list);
                }
            }
        }
        let mut plural_endings = Vec::new();
        for row in tables.get("plural_endings.tsv") {
            plural_endings.push((row.key().to_owned(), row.parse(1, "plural", yes_no)?));
        }
        plural_endings.sort_by_key(|(ending, _)| std::cmp::Reverse(ending.len()));
        let mut designation_verbs = WordMap::default();
        for row in tables.get("designation_verbs.tsv") {
            designation_verbs.insert(row.key(), row.parse(1, "needs_noun", yes_no)?);
        }
        let mut speech_verbs = WordMap::default();
        for row in tables.get("speech_verbs.tsv") {
            speech_verbs.insert(row.key(), row.parse(1, "inverts", yes_no)?);
        }
        let mut patients = WordMap::default();
        for row in tables.get("patients.tsv") {
            patients.insert(row.key(), row.parse(1, "event", |t| t.parse().ok())?);
        }
        let mut anaphoric_nouns = WordMap::default();
        for row in tables.get("anaphoric_nouns.tsv") {
            anaphoric_nouns.insert(row.key(), row.parse(1, "type", |t| t.parse().ok())?);
        }
        let mut numbers = Vec::new();
        for row in tables.get("numbers.tsv") {
            numbers.push((
                row.key().to_owned(),
                row.parse(1, "value", |t| t.parse().ok())?,
            ));
        }
        let mut months = Vec::new();
        for row in tables.get("months.tsv") {
            months.push(Month {
                word: row.key().to_owned(),
                number: row.parse(1, "month", |t| {
                    t.parse().ok().filter(|m| (1..=12).contains(m))
                })?,
                short: row.parse(2, "form", MonthForm::parse)? == MonthForm::Short,
                capitalised: row.parse(3, "written", |t| match t {
                    "capitalised" => Some(true),
                    "any" => Some(false),
                    _ => None,
                })?,
            });
        }
        let mut weekdays = WordMap::default();
        let mut weekday_list = Vec::new();
        for row in tables.get("weekdays.tsv") {
            let number = row.parse(1, "weekday", |t| {
                t.parse().ok().filter(|d| (1..=7).contains(d))
            })?;
            weekdays.insert(row.key(), number);
            weekday_list.push((row.key().to_owned(), number));
        }
        let mut relative = Vec::new();
        for row in tables.get("relative_dates.tsv") {
            relative.push(RelativeDate {
                words: row.key().split(' ').map(str::to_owned).collect(),
                unit: row.parse(1, "unit", DateUnit::parse)?,
                offset: row.parse(2, "offset", |t| t.parse().ok())?,
            });
            for word in row.key().split(' ') {
                if word.starts_with('{') && !matches!(word, "{n}" | "{weekday}") {
                    return Err(row.error(format!(
                        "unknown slot {word}; the slots are {{n}} and {{weekday}}"
                    )));
                }
            }
        }
        let mut holidays = Vec::new();
        for row in tables.get("holidays.tsv") {
            holidays.push(Holiday {
                name: row.key().to_owned(),
                day: row.parse(1, "day", HolidayDay::parse)?,
            });
        }
        let prepositions = tables.flags("prepositions.tsv", "meanings", Meaning::parse_bit)?;
        let with_flag = |map: &WordMap<u32>, bit: u32| -> Vec<String> {
            let mut words: Vec<String> = map
                .iter()
                .filter(|(_, b)| **b & bit != 0)
                .map(|(w, _)| w.to_owned())
                .collect();
            words.sort();
            words
        };
        let mut casualty_cues = Vec::new();
        for row in tables.get("casualties.tsv") {
            casualty_cues.push((
                row.key().to_owned(),
                row.parse(1, "count", Count::parse)?,
                row.flags(2, "number", NumberPosition::parse_bit)?,
            ));
        }
        let particles = tables.flags("name_particles.tsv", "uses", ParticleUse::parse_bit)?;
        let mut never_names = tables.set("never_names.tsv");
        let mut stop_words = WordMap::default();
        for (word, roles) in functions.iter() {
            if roles & (Function::Pronoun.bit() | Function::Demonstrative.bit()) != 0 {
                never_names.insert(word, ());
            }
            if roles & Function::Pronoun.bit() != 0 {
                stop_words.insert(word, ());
            }
        }
        for month in &months {
            stop_words.insert(&month.word, ());
        }
        for (word, _) in weekdays.iter() {
            stop_words.insert(word, ());
        }
        let mut abbreviations = tables.set("abbreviations.tsv");
        for (word, role) in roles.iter() {
            if role.uses & TitleUse::Abbreviation.bit() != 0 {
                abbreviations.insert(word, ());
            }
        }
        for month in months.iter().filter(|m| m.short) {
            abbreviations.insert(&month.word, ());
        }
        let mut name_connectors = WordMap::default();
        for word in with_flag(&functions, Function::NameConnector.bit())
            .into_iter()
            .chain(with_flag(&particles, ParticleUse::Connector.bit()))
        {
            name_connectors.insert(&word, ());
        }
        let mut name_joiners = WordMap::default();
        for word in with_flag(&particles, ParticleUse::Joiner.bit()) {
            name_joiners.insert(&word, ());
        }
        for (word, ()) in name_connectors.iter() {
            name_joiners.insert(word, ());
        }
        let date_words = DateWords {
            months,
            weekdays: weekday_list,
            relative,
            holidays,
            numbers: numbers.clone(),
            time_prepositions: with_flag(&prepositions, Meaning::Time.bit()),
            modifiers: tables.keys("date_modifiers.tsv"),
            ordinal_suffixes: tables.keys("ordinal_suffixes.tsv"),
            coordinators: with_flag(&functions, Function::Coordinator.bit()),
            span_ends: with_flag(&prepositions, Meaning::SpanEnd.bit()),
            determiners: with_flag(&functions, Function::Determiner.bit()),
            prepositions: prepositions.iter().map(|(w, _)| w.to_owned()).collect(),
            genitives: with_flag(&prepositions, Meaning::Genitive.bit()),
            dateline_labels: tables.keys("dateline_labels.tsv"),
        };
        let dates = DatePatterns::new(date_words).map_err(|e| LexiconError::File {
            file: format!("{code}/months.tsv"),
            message: format!("the date patterns do not compile: {e}"),
        })?;
        let casualty_words = CasualtyWords {
            cues: casualty_cues,
            quantifiers: tables.keys("quantifiers.tsv"),
            numbers,
            auxiliaries: with_flag(&functions, Function::PassiveAuxiliary.bit()),
        };
        let casualties =
            CasualtyPatterns::new(&casualty_words).map_err(|e| LexiconError::File {
                file: format!("{code}/casualties.tsv"),
                message: format!("the casualty patterns do not compile: {e}"),
            })?;
        let mut lexemes: WordMap<Lexeme> = WordMap::default();
        let mut update = |word: &str, change: &dyn Fn(&mut Lexeme)| {
            let mut lexeme = lexemes.get(word).copied().unwrap_or_default();
            change(&mut lexeme);
            lexemes.insert(word, lexeme);
        };
        for (word, bits) in functions.iter() {
            update(word, &|l| l.functions |= bits);
        }
        for (word, bits) in prepositions.iter() {
            update(word, &|l| l.prepositions |= bits);
        }
        for (word, list) in cues.iter() {
            let bits = list.iter().fold(0, |bits, c| bits | c.constructions);
            update(word, &|l| l.cues |= bits);
        }
        for (word, list) in function_phrases.iter() {
            let bits = list.iter().fold(0, |bits, (_, b)| bits | b);
            update(word, &|l| l.phrases |= bits);
        }
        let claims = tables.flags("claims.tsv", "part", ClaimPart::parse_bit)?;
        let listed = [
            (
                Listed::Role,
                roles.iter().map(|(w, _)| w).collect::<Vec<_>>(),
            ),
            (Listed::Claim, claims.iter().map(|(w, _)| w).collect()),
            (
                Listed::DesignationVerb,
                designation_verbs.iter().map(|(w, _)| w).collect(),
            ),
            (
                Listed::SpeechVerb,
                speech_verbs.iter().map(|(w, _)| w).collect(),
            ),
        ];
        for (list, words) in listed {
            for word in words {
                update(word, &|l| l.lists |= list.bit());
            }
        }
        for (word, &trigger) in triggers.iter() {
            update(word, &|l| l.trigger = Some(trigger));
        }
        Ok(LanguagePack {
            code: code.to_owned(),
            proper_noun_chunks,
            triggers,
            trigger_compounds,
            event_modifiers: tables.flags("event_modifiers.tsv", "uses", ModifierUse::parse_bit)?,
            irrealis: tables.set("irrealis.tsv"),
            decision_verbs: tables.set("decision_verbs.tsv"),
            claims,
            roles,
            org_heads: tables.flags("org_heads.tsv", "uses", OrgHead::parse_bit)?,
            place_heads: tables.flags("place_heads.tsv", "uses", PlaceHead::parse_bit)?,
            locative_nouns: tables.set("locative_nouns.tsv"),
            place_adjectives: tables.set("place_adjectives.tsv"),
            plural_endings,
            place_prefixes: tables.set("place_prefixes.tsv"),
            speech_verbs,
            state_verbs,
            media_verbs: tables.set("media_verbs.tsv"),
            support_verbs: Phrases::new(tables.keys("support_verbs.tsv")),
            movement_cues: Phrases::new(tables.keys("movement_cues.tsv")),
            measure_nouns: tables.set("measure_nouns.tsv"),
            cues,
            prepositions,
            functions,
            function_phrases,
            demonym_nouns: tables.flags("demonym_nouns.tsv", "meaning", DemonymNoun::parse_bit)?,
            anaphoric_nouns,
            anaphor_modifiers: tables.set("anaphor_modifiers.tsv"),
            designation_verbs,
            designation_nouns: tables.set("designation_nouns.tsv"),
            patients,
            apposition_nouns: tables.set("apposition_nouns.tsv"),
            alias_phrases: Phrases::new(tables.keys("alias_phrases.tsv")),
            addressing_verbs: Phrases::new(tables.keys("addressing_verbs.tsv")),
            particles,
            elisions: tables.set("elisions.tsv"),
            never_names,
            stop_words,
            abbreviations,
            name_connectors,
            name_joiners,
            weekdays,
            lexemes,
            dates,
            casualties,
        })
    }

    /// What the pack says about a token, for [`Lexeme`]'s questions: one lookup.
    pub fn lexeme(&self, word: &str) -> Lexeme {
        self.lexemes.get(word).copied().unwrap_or_default()
    }

    /// The language code: the pack's folder name.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Capitalised words are read as names (the common-word filter is for this language).
    pub fn proper_noun_chunks(&self) -> bool {
        note("settings.tsv");
        self.proper_noun_chunks
    }

    /// The event a word proposes.
    pub fn trigger(&self, word: &str) -> Option<Trigger> {
        note("event_triggers.tsv");
        self.triggers.get(word).copied()
    }

    /// The type a modifier turns a trigger of type `kind` into ("press conference").
    pub fn trigger_compound(&self, modifier: &str, kind: EventType) -> Option<EventType> {
        note("trigger_compounds.tsv");
        self.trigger_compounds
            .iter()
            .find(|(m, k, _)| *k == kind && m.eq_ignore_ascii_case(modifier))
            .map(|(_, _, becomes)| *becomes)
    }

    /// Killed and injured counts stated in a sentence.
    pub fn casualties(&self, sentence: &str) -> (Option<u64>, Option<u64>) {
        note("casualties.tsv");
        note("quantifiers.tsv");
        note("numbers.tsv");
        self.casualties.read(sentence)
    }

    /// A title word, hyphenated ones included ("Secretary-General", "Major-General").
    pub fn is_title(&self, word: &str) -> bool {
        let title = |w: &str| self.title_use(w, TitleUse::Title);
        title(word)
            || word.contains('-')
                && word.split('-').any(title)
                && word
                    .split('-')
                    .all(|part| title(part) || self.title_use(part, TitleUse::Modifier))
    }

    /// A word of a title before a name: a title, or a word that modifies one ("former",
    /// "Deputy", "acting").
    pub fn is_title_word(&self, word: &str) -> bool {
        self.is_title(word) || self.title_use(word, TitleUse::Modifier)
    }

    /// True when a role word is used so before a name.
    pub fn title_use(&self, word: &str, using: TitleUse) -> bool {
        note(using.class());
        self.roles
            .get(word)
            .is_some_and(|r| r.uses & using.bit() != 0)
    }

    /// True when a role noun states `predicate` ("head" leaderOf, "branch" partOf).
    pub fn role(&self, word: &str, predicate: Predicate) -> bool {
        note_role(predicate);
        self.roles
            .get(word)
            .is_some_and(|r| r.predicate == Some(predicate))
    }

    /// The relation a role noun states between a person and a group, if any: any
    /// predicate but `except` ("head" leaderOf, "spokesman" memberOf).
    pub fn role_predicate(&self, word: &str, except: Predicate) -> Option<Predicate> {
        for predicate in Predicate::ALL.into_iter().filter(|p| *p != except) {
            note_role(predicate);
        }
        self.roles
            .get(word)
            .and_then(|r| r.predicate)
            .filter(|p| *p != except)
    }

    /// A regular plural by its ending ("borders"), not a singular that looks like one
    /// ("status"); the longest listed ending decides.
    pub fn is_plural(&self, word: &str) -> bool {
        note("plural_endings.tsv");
        self.plural_endings
            .iter()
            .find(|(ending, _)| word.ends_with(ending.as_str()))
            .is_some_and(|(_, plural)| *plural)
    }

    /// A verb of listing that is neutral by itself ("listed", "designated"): it lists
    /// as an enemy only with a noun of enmity before its "by".
    pub fn designation_needs_noun(&self, word: &str) -> bool {
        note("designation_verbs.tsv");
        self.designation_verbs.get(word).copied().unwrap_or(false)
    }

    /// A verb of speech that may stand before its speaker after a quotation.
    pub fn is_inverting_speech_verb(&self, word: &str) -> bool {
        note("speech_verbs.tsv");
        self.speech_verbs.get(word).copied().unwrap_or(false)
    }

    /// The relation cue of that construction starting at token `i`, if any.
    pub fn cue_at(
        &self,
        tokens: &[Token<'_>],
        i: usize,
        construction: Construction,
    ) -> Option<CueMatch> {
        note(construction.class());
        let cues = self.cues.get(tokens.get(i)?.text)?;
        cues.iter()
            .filter(|c| c.constructions & construction.bit() != 0)
            .filter(|c| {
                c.rest.iter().enumerate().all(|(k, word)| {
                    tokens
                        .get(i + 1 + k)
                        .is_some_and(|t| t.text.eq_ignore_ascii_case(word))
                })
            })
            .max_by_key(|c| c.rest.len())
            .map(|c| CueMatch {
                predicate: c.predicate,
                len: 1 + c.rest.len(),
                subject_first: c.subject_first,
            })
    }

    /// The relation cue of that construction that `word` alone is, if any.
    pub fn cue_word(&self, word: &str, construction: Construction) -> Option<CueMatch> {
        note(construction.class());
        self.cues
            .get(word)?
            .iter()
            .find(|c| c.rest.is_empty() && c.constructions & construction.bit() != 0)
            .map(|c| CueMatch {
                predicate: c.predicate,
                len: 1,
                subject_first: c.subject_first,
            })
    }

    /// The number of tokens of a phrase introducing another name starting at token `i`
    /// ("known as" 2), or 0.
    pub fn alias_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        note("alias_phrases.tsv");
        self.alias_phrases.longest_at(tokens, i)
    }

    /// The number of tokens of a support verb starting at token `i` ("launched" 1,
    /// "carried out" 2), or 0: its object, an event noun, is what its subject carries
    /// out ("launched an attack").
    pub fn support_verb_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        note("support_verbs.tsv");
        self.support_verbs.longest_at(tokens, i)
    }

    /// The number of tokens of a cue telling a protest as a procession on the move
    /// starting at token `i` ("procession" 1, "marched through" 2), or 0.
    pub fn movement_cue_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        note("movement_cues.tsv");
        self.movement_cues.longest_at(tokens, i)
    }

    /// The number of tokens of a verb of speech addressed to someone starting at token
    /// `i` ("warned" 1, "called on" 2), or 0: the actor after it is the addressee.
    pub fn addressing_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        note("addressing_verbs.tsv");
        self.addressing_verbs.longest_at(tokens, i)
    }

    /// True when `word` is a preposition with any of the meanings.
    pub fn preposition_any(&self, word: &str, meanings: &[Meaning]) -> bool {
        let bits = meanings.iter().fold(0, |bits, m| {
            note(m.class());
            bits | m.bit()
        });
        self.prepositions.get(word).is_some_and(|b| b & bits != 0)
    }

    /// True when `word` is a preposition that governs a noun phrase, whatever it
    /// introduces: one that only introduces a date ("since") also opens clauses
    /// ("Since the Taliban killed …"), so it is left out.
    pub fn is_preposition(&self, word: &str) -> bool {
        for (meaning, _) in Meaning::ALL {
            note(meaning.class());
        }
        self.prepositions
            .get(word)
            .is_some_and(|bits| bits & !(Meaning::Time.bit() | Meaning::Bound.bit()) != 0)
    }

    /// The number of tokens of a function phrase with that role starting at token `i`
    /// ("including" 1, "such as" 2), or 0.
    pub fn function_at(&self, tokens: &[Token<'_>], i: usize, role: Function) -> usize {
        note(role.class());
        let Some(token) = tokens.get(i) else {
            return 0;
        };
        if self.functions.has(token.text, role.bit()) {
            return 1;
        }
        self.function_phrases
            .get(token.text)
            .into_iter()
            .flatten()
            .filter(|(rest, bits)| {
                bits & role.bit() != 0
                    && rest.iter().enumerate().all(|(k, word)| {
                        tokens
                            .get(i + 1 + k)
                            .is_some_and(|t| t.text.eq_ignore_ascii_case(word))
                    })
            })
            .map(|(rest, _)| 1 + rest.len())
            .max()
            .unwrap_or(0)
    }

    /// The type of entity "the <noun>" refers back to ("the group").
    pub fn anaphoric_noun(&self, word: &str) -> Option<EntityType> {
        note("anaphoric_nouns.tsv");
        self.anaphoric_nouns.get(word).copied()
    }

    /// The type of event whose patients `word` names ("victims": an attack's, "accused":
    /// a prosecution's).
    pub fn patient_event(&self, word: &str) -> Option<EventType> {
        note("patients.tsv");
        self.patients.get(word).copied()
    }

    /// True when `word` is a name particle of any use.
    pub fn is_particle(&self, word: &str) -> bool {
        for (using, _) in ParticleUse::ALL {
            note(using.class());
        }
        self.particles.contains(word)
    }

    /// An elided article or preposition ("nell", "d") split from the name after it.
    pub fn is_elision(&self, prefix: &str) -> bool {
        note("elisions.tsv");
        self.elisions.contains(prefix)
    }

    /// Never a name on its own: category words, pronouns, demonstratives.
    pub fn is_never_name(&self, word: &str) -> bool {
        note("never_names.tsv");
        note(Function::Pronoun.class());
        note(Function::Demonstrative.class());
        self.never_names.contains(word)
    }

    /// Capitalised but never part of a name: months, weekdays, pronouns.
    pub fn is_stop_word(&self, word: &str) -> bool {
        note("months.tsv");
        note("weekdays.tsv");
        note(Function::Pronoun.class());
        self.stop_words.contains(word)
    }

    /// A period after it does not end the sentence ("Gen.", "Jan.", "etc.").
    pub fn is_abbreviation(&self, word: &str) -> bool {
        note("abbreviations.tsv");
        note(TitleUse::Abbreviation.class());
        note("months.tsv");
        self.abbreviations.contains(word)
    }

    /// May join the words of a name ("of", "del").
    pub fn is_name_connector(&self, word: &str) -> bool {
        note(Function::NameConnector.class());
        note(ParticleUse::Connector.class());
        self.name_connectors.contains(word)
    }

    /// May stand inside a name: a name connector ("of") or a joiner particle ("bin").
    pub fn may_join_name(&self, word: &str) -> bool {
        note(Function::NameConnector.class());
        note(ParticleUse::Connector.class());
        note(ParticleUse::Joiner.class());
        self.name_joiners.contains(word)
    }

    /// The number of a weekday name, Monday 1.
    pub fn weekday(&self, word: &str) -> Option<i8> {
        note("weekdays.tsv");
        self.weekdays.get(word).copied()
    }

    /// The pack's compiled date patterns.
    pub fn dates(&self) -> &DatePatterns {
        note("months.tsv");
        note("weekdays.tsv");
        note("relative_dates.tsv");
        note("holidays.tsv");
        note("date_modifiers.tsv");
        note("ordinal_suffixes.tsv");
        note("dateline_labels.tsv");
        note(Meaning::Time.class());
        note(Meaning::SpanEnd.class());
        &self.dates
    }
}

/// The pack's questions about one-column word lists: each notes the file it reads (for
/// the test of unread entries) and looks the word up.
macro_rules! word_lists {
    ($($(#[$doc:meta])* $name:ident: $field:ident in $file:literal;)+) => {
        impl LanguagePack {
            $($(#[$doc])* pub fn $name(&self, word: &str) -> bool {
                note($file);
                self.$field.contains(word)
            })+
        }
    };
}

/// The pack's questions about words listed with a set of uses: each notes the class it
/// reads and tests the use's bit.
macro_rules! flag_lists {
    ($($(#[$doc:meta])* $name:ident($using:ident: $vocabulary:ty): $field:ident;)+) => {
        impl LanguagePack {
            $($(#[$doc])* pub fn $name(&self, word: &str, $using: $vocabulary) -> bool {
                note($using.class());
                self.$field.has(word, $using.bit())
            })+
        }
    };
}

word_lists! {
    /// Makes a following trigger hypothetical or generic.
    is_irrealis: irrealis in "irrealis.tsv";
    /// A verb after which "to" introduces a real act.
    is_decision_verb: decision_verbs in "decision_verbs.tsv";
    /// A noun whose "of" phrase is a place ("outskirts").
    is_locative_noun: locative_nouns in "locative_nouns.tsv";
    /// An adjective that may stand before a containing place ("northern").
    is_place_adjective: place_adjectives in "place_adjectives.tsv";
    /// A capitalised word that opens the name of a part of a place ("West Java",
    /// "Lower Austria", "North Bekasi").
    is_place_prefix: place_prefixes in "place_prefixes.tsv";
    /// A verb of speech.
    is_speech_verb: speech_verbs in "speech_verbs.tsv";
    /// A verb whose "in"/"by" phrase names an outlet.
    is_media_verb: media_verbs in "media_verbs.tsv";
    /// A measure a state or body imposes or lifts on someone ("sanctions", "ban").
    is_measure_noun: measure_nouns in "measure_nouns.tsv";
    /// A common noun that, in apposition, types a name as an organisation.
    is_apposition_noun: apposition_nouns in "apposition_nouns.tsv";
    /// An adjective that may stand between "the" and an anaphoric noun ("the militant
    /// group").
    is_anaphor_modifier: anaphor_modifiers in "anaphor_modifiers.tsv";
    /// A verb of listing someone as an enemy ("designated", "banned").
    is_designation_verb: designation_verbs in "designation_verbs.tsv";
    /// A word of enmity that makes a neutral verb of listing a designation
    /// ("terrorist", "sanctions").
    is_designation_noun: designation_nouns in "designation_nouns.tsv";
}

flag_lists! {
    /// True when `word` is used that way around an event noun.
    event_modifier(using: ModifierUse): event_modifiers;
    /// True when `word` is that part of a claim of responsibility.
    claim(part: ClaimPart): claims;
    /// True when `word` heads organisation names so.
    org_head(using: OrgHead): org_heads;
    /// True when `word` heads place names so.
    place_head(using: PlaceHead): place_heads;
    /// A verb whose subject, after such capitals, is their state.
    is_state_verb(after: StateVerbAfter): state_verbs;
    /// True when `word` is a preposition with that meaning.
    preposition(meaning: Meaning): prepositions;
    /// True when `word` has that grammatical role.
    function(role: Function): functions;
    /// What a noun after a nationality word says.
    demonym_noun(meaning: DemonymNoun): demonym_nouns;
    /// True when `word` is a name particle used so.
    particle(using: ParticleUse): particles;
}

/// The phrases of a pack table (lowercase words), found at a token whatever the case of
/// the text. Most tokens cannot open any phrase: the phrases' first bytes rule them out
/// before any phrase is compared.
#[derive(Debug, Default)]
struct Phrases {
    phrases: Vec<Vec<String>>,
    /// The first bytes of the phrases' first words, ASCII lowercased, as a 256-bit set.
    openers: [u64; 4],
}

impl Phrases {
    fn new(keys: Vec<String>) -> Phrases {
        let phrases: Vec<Vec<String>> = keys
            .iter()
            .map(|p| p.split(' ').map(str::to_owned).collect())
            .collect();
        let mut openers = [0u64; 4];
        for phrase in &phrases {
            if let Some(&byte) = phrase.first().and_then(|word| word.as_bytes().first()) {
                let byte = usize::from(byte.to_ascii_lowercase());
                openers[byte / 64] |= 1 << (byte % 64);
            }
        }
        Phrases { phrases, openers }
    }

    /// The number of tokens of the longest phrase that starts at token `i`, or 0.
    #[inline]
    fn longest_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        // Words equal up to ASCII case have the same first byte up to ASCII case (and
        // tokens are never empty).
        let opens = tokens
            .get(i)
            .and_then(|t| t.text.as_bytes().first())
            .is_some_and(|&byte| {
                let byte = usize::from(byte.to_ascii_lowercase());
                self.openers[byte / 64] & (1 << (byte % 64)) != 0
            });
        if !opens {
            return 0;
        }
        self.longest_phrase_at(tokens, i)
    }

    /// The comparison proper, out of line: the inlined test above is all that runs at
    /// most tokens.
    #[inline(never)]
    fn longest_phrase_at(&self, tokens: &[Token<'_>], i: usize) -> usize {
        self.phrases
            .iter()
            .filter(|phrase| {
                phrase.iter().enumerate().all(|(k, word)| {
                    tokens
                        .get(i + k)
                        .is_some_and(|t| t.text.eq_ignore_ascii_case(word))
                })
            })
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
