//! The names of the rules that read event roles and relations.
//!
//! Every role and relation carries the rule that read it; the evidence in the graph
//! names it (`rule` in the record, `okg:rule` in RDF), so an analyst can ask which
//! pattern stated an edge, and an engineer can find the code. Each rule is a function
//! with the same name in `events` or `relations`, documented with an example, and tested
//! on it by a test named `<rule>_example` beside it (a test here holds every rule to
//! having one).

/// A rule that reads an event role or a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// The agentive phrase of a passive verb: "… were arrested by the FSB".
    PassiveByAgent,
    /// The subject of a passive verb is its target: "Eight Tajik nationals were arrested".
    PassiveSubjectTarget,
    /// The subject of an active verb is its agent: "ISKP attacked the hall".
    ActiveSubjectAgent,
    /// A statement whose subject is a person pronoun opening its sentence is made by the
    /// person the sentence before named last: "X toured the port. She deplored the killings".
    PronounSpeaker,
    /// The subject of a verb of taking office is the one appointed: "X assumed leadership".
    AssumedLeadership,
    /// The outlet a statement was published in: "a video published in Al-Naba".
    PublishedIn,
    /// The state's forces, named by no state, act for the state the story is about:
    /// "security forces killed 33 attackers" → agent the story's country.
    StateForces,
    /// The object of an active verb is its target: "the police arrested X".
    ActiveObjectTarget,
    /// The one a statement's verb of address is aimed at: "Israel accused Hezbollah of …".
    AddressedTarget,
    /// The one a statement's measure is aimed at: "announced sanctions on Iran".
    MeasureTarget,
    /// The speaker after an inverted speech verb: "'…,' said Mirziyoyev".
    InvertedSpeaker,
    /// The possessor of an event noun it undergoes: "Omar Haddad's abduction".
    PossessorTarget,
    /// An actor named before an event noun: "the ISKP attack".
    NounModifierAgent,
    /// A place named before an event noun: "the Kerman bombings".
    NounModifierPlace,
    /// The agentive phrase of an event noun: "the attack by ISKP".
    NounByAgent,
    /// The subject of a support verb whose object is an event noun: "X launched an attack".
    SupportVerbAgent,
    /// The object of an event noun: "the attack on the Taliban".
    NounObjectTarget,
    /// A place as the object of an event noun: "the attack on Kabul airport".
    NounObjectPlace,
    /// The actors a meeting sentence names: "Putin met Rahmon".
    MeetingParticipant,
    /// A place phrase after the trigger: "attacked a mosque in Kunduz".
    LocativePhrase,
    /// A place phrase opening the clause before a verb: "In Kunduz, gunmen attacked".
    LocativePhraseBefore,
    /// A claim of responsibility: "ISKP claimed responsibility for the attack".
    ClaimedResponsibility,
    /// People named as those an event was done to: "Among the dead were X and Y".
    NamedPatients,
    /// A role noun between a person and a group: "Sanaullah Ghafari, emir of ISKP".
    RoleApposition,
    /// An organisation a state or group owns: "Uzbekistan's State Security Service".
    PossessivePart,
    /// A place in a place: "Russia's Dagestan".
    PossessiveLocation,
    /// An organisation a state or place owns, not a state body: "Yemen's Houthis".
    PossessiveOperates,
    /// An agency named after its state: "US Central Command", "the Russian Defence Ministry".
    StateAgencyName,
    /// A part noun in apposition: "Al-Azaim Foundation, ISKP's mouthpiece".
    PartApposition,
    /// People listed before "from" a country: "X, 29, and Y, 28, from Uzbekistan".
    FromCountry,
    /// A nationality noun beside a person: "Tajik national Ahmad Karimov".
    DemonymNational,
    /// A clause cue between two entities, for any predicate: "ISKP lashed out against the
    /// Taliban", "Russia is working with the C5".
    ClauseCue,
    /// The states or bodies that list a group or person as an enemy oppose it: "X,
    /// designated a terrorist group by A and B", "X, proscribed in C for years".
    DesignatedBy,
    /// Coordinated entities and a reciprocal cue: "Moscow and Dushanbe … their cooperation".
    ReciprocalCue,
    /// Two names joined by a hyphen before a pair cue: "the Israel-Hamas war".
    PairCue,
    /// A hyphenated modifier ending in a compound cue and the name it modifies:
    /// "Iran-backed Houthis", "the Afghanistan-based ISKP".
    CompoundCue,
    /// A place after a control cue: "the Taliban's takeover of Afghanistan".
    ControlCue,
    /// A place phrase after a locative cue: "ISKP's operations in Central Asia".
    LocativeCue,
    /// A place phrase right after a group's name: "Hezbollah in Lebanon".
    GroupLocative,
    /// A nationality word modifying a group noun that stands for a named group: "the
    /// Somali militant group al-Shabaab", "X, a Malian armed group".
    NationalGroup,
    /// A place attached to the place before it: "Peshawar in Pakistan", "Kerman, Iran".
    PlaceAttachment,
    /// A site whose name opens with the place it is in: "Makhachkala airport".
    SiteNamedAfterPlace,
    /// A place and its country (by the gazetteer) in one sentence.
    GazetteerCountryInSentence,
    /// A branch and its parent (by the gazetteer), both named in the document.
    GazetteerParent,
    /// A head of state's or government's title with no state named before a person leads
    /// the state the article is filed from: "QUETTA: Prime Minister X visited …"; without
    /// a dateline, the one state its headline names ("Chile charges …").
    BareStateTitle,
    /// An attacker or arrester opposes its target.
    EventAgentTarget,
    /// A group that carries out an attack in a country operates there.
    EventAgentPlace,
    /// Court proceedings or an arrest that name no doer are by the state they take place
    /// in: "Two men went on trial in Germany" → agent Germany; "arrested in Graz" → the
    /// state the text puts Graz in.
    StateOfVenue,
}

impl RuleId {
    /// Every rule, in the order of this enum.
    pub const ALL: [RuleId; 48] = [
        RuleId::PassiveByAgent,
        RuleId::PassiveSubjectTarget,
        RuleId::ActiveSubjectAgent,
        RuleId::PronounSpeaker,
        RuleId::AssumedLeadership,
        RuleId::PublishedIn,
        RuleId::StateForces,
        RuleId::ActiveObjectTarget,
        RuleId::AddressedTarget,
        RuleId::MeasureTarget,
        RuleId::InvertedSpeaker,
        RuleId::PossessorTarget,
        RuleId::NounModifierAgent,
        RuleId::NounModifierPlace,
        RuleId::NounByAgent,
        RuleId::SupportVerbAgent,
        RuleId::NounObjectTarget,
        RuleId::NounObjectPlace,
        RuleId::MeetingParticipant,
        RuleId::LocativePhrase,
        RuleId::LocativePhraseBefore,
        RuleId::ClaimedResponsibility,
        RuleId::NamedPatients,
        RuleId::RoleApposition,
        RuleId::PossessivePart,
        RuleId::PossessiveLocation,
        RuleId::PossessiveOperates,
        RuleId::StateAgencyName,
        RuleId::PartApposition,
        RuleId::FromCountry,
        RuleId::DemonymNational,
        RuleId::ClauseCue,
        RuleId::DesignatedBy,
        RuleId::ReciprocalCue,
        RuleId::PairCue,
        RuleId::CompoundCue,
        RuleId::ControlCue,
        RuleId::LocativeCue,
        RuleId::GroupLocative,
        RuleId::NationalGroup,
        RuleId::PlaceAttachment,
        RuleId::SiteNamedAfterPlace,
        RuleId::GazetteerCountryInSentence,
        RuleId::GazetteerParent,
        RuleId::BareStateTitle,
        RuleId::EventAgentTarget,
        RuleId::EventAgentPlace,
        RuleId::StateOfVenue,
    ];

    /// The name in evidence records.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::PassiveByAgent => "passive-by-agent",
            RuleId::PassiveSubjectTarget => "passive-subject-target",
            RuleId::ActiveSubjectAgent => "active-subject-agent",
            RuleId::PronounSpeaker => "pronoun-speaker",
            RuleId::AssumedLeadership => "assumed-leadership",
            RuleId::PublishedIn => "published-in",
            RuleId::StateForces => "state-forces",
            RuleId::ActiveObjectTarget => "active-object-target",
            RuleId::AddressedTarget => "addressed-target",
            RuleId::MeasureTarget => "measure-target",
            RuleId::InvertedSpeaker => "inverted-speaker",
            RuleId::PossessorTarget => "possessor-target",
            RuleId::NounModifierAgent => "noun-modifier-agent",
            RuleId::NounModifierPlace => "noun-modifier-place",
            RuleId::NounByAgent => "noun-by-agent",
            RuleId::SupportVerbAgent => "support-verb-agent",
            RuleId::NounObjectTarget => "noun-object-target",
            RuleId::NounObjectPlace => "noun-object-place",
            RuleId::MeetingParticipant => "meeting-participant",
            RuleId::LocativePhrase => "locative-phrase",
            RuleId::LocativePhraseBefore => "locative-phrase-before",
            RuleId::ClaimedResponsibility => "claimed-responsibility",
            RuleId::NamedPatients => "named-patients",
            RuleId::RoleApposition => "role-apposition",
            RuleId::PossessivePart => "possessive-part",
            RuleId::PossessiveLocation => "possessive-location",
            RuleId::PossessiveOperates => "possessive-operates",
            RuleId::StateAgencyName => "state-agency-name",
            RuleId::PartApposition => "part-apposition",
            RuleId::FromCountry => "from-country",
            RuleId::DemonymNational => "demonym-national",
            RuleId::ClauseCue => "clause-cue",
            RuleId::DesignatedBy => "designated-by",
            RuleId::ReciprocalCue => "reciprocal-cue",
            RuleId::PairCue => "pair-cue",
            RuleId::CompoundCue => "compound-cue",
            RuleId::ControlCue => "control-cue",
            RuleId::LocativeCue => "locative-cue",
            RuleId::GroupLocative => "group-locative",
            RuleId::NationalGroup => "national-group",
            RuleId::PlaceAttachment => "place-attachment",
            RuleId::SiteNamedAfterPlace => "site-named-after-place",
            RuleId::GazetteerCountryInSentence => "gazetteer-country-in-sentence",
            RuleId::GazetteerParent => "gazetteer-parent",
            RuleId::BareStateTitle => "bare-state-title",
            RuleId::EventAgentTarget => "event-agent-target",
            RuleId::EventAgentPlace => "event-agent-place",
            RuleId::StateOfVenue => "state-of-venue",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the rules' tests share: reading a sentence written for a rule and finding the fact
/// its documentation promises, with the rule's name in the evidence.
#[cfg(test)]
pub(crate) mod example {
    use super::RuleId;
    use crate::{Document, Extractor};
    use osintkg_graph::{DocumentMeta, DocumentRecord, Predicate};
    use std::sync::LazyLock;

    /// The extractor with the bundled packs.
    pub static BUNDLED: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().unwrap());

    fn is(record: &DocumentRecord, id: &str, name: &str) -> bool {
        record
            .entity(id)
            .is_some_and(|e| e.name == name || e.mentions.iter().any(|m| m == name))
    }

    /// Whether `rule` reads `subject predicate object` in `text` (a `None` subject: the
    /// event the text tells); if not, what was read instead.
    pub fn find(
        extractor: &Extractor,
        rule: RuleId,
        text: &str,
        subject: Option<&str>,
        predicate: Predicate,
        object: &str,
    ) -> Result<(), String> {
        let record = extractor.extract(&Document::new("rule", text, DocumentMeta::default()));
        let found = record.relations.iter().any(|r| {
            r.predicate == predicate
                && r.evidence.iter().any(|e| e.rule == rule.as_str())
                && is(&record, &r.object, object)
                && match subject {
                    Some(subject) => is(&record, &r.subject, subject),
                    None => record
                        .entity(&r.subject)
                        .is_some_and(|e| e.event_type.is_some()),
                }
        });
        if found {
            return Ok(());
        }
        let name = |id: &str| record.entity(id).map_or(id.to_owned(), |e| e.name.clone());
        let read: Vec<String> = record
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} [{}]",
                    name(&r.subject),
                    r.predicate,
                    name(&r.object),
                    r.evidence.first().map_or("", |e| e.rule.as_str())
                )
            })
            .collect();
        Err(format!(
            "{rule}: {text:?} should give {subject:?} {predicate} {object:?}; read {read:?}"
        ))
    }

    /// Asserts that `rule` reads the fact with the bundled packs.
    pub fn reads(
        rule: RuleId,
        text: &str,
        subject: Option<&str>,
        predicate: Predicate,
        object: &str,
    ) {
        if let Err(message) = find(&BUNDLED, rule, text, subject, predicate, object) {
            panic!("{message}");
        }
    }

    /// Asserts that `rule` does not read the fact with the bundled packs.
    pub fn misses(
        rule: RuleId,
        text: &str,
        subject: Option<&str>,
        predicate: Predicate,
        object: &str,
    ) {
        let found = find(&BUNDLED, rule, text, subject, predicate, object);
        assert!(
            found.is_err(),
            "{rule}: {text:?} should not give {subject:?} {predicate} {object:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_own_name() {
        let mut names: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RuleId::ALL.len());
    }

    #[test]
    fn every_rule_is_the_function_of_its_name_and_has_its_example() {
        let source = [include_str!("events.rs"), include_str!("relations.rs")].concat();
        for rule in RuleId::ALL {
            let name = rule.as_str().replace('-', "_");
            assert!(source.contains(&format!("fn {name}(")), "no fn {name}");
            assert!(
                source.contains(&format!("fn {name}_example(")),
                "no test {name}_example"
            );
        }
    }
}
