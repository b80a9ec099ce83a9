//! The names of the rules that read event roles and relations.
//!
//! Every role and relation carries the rule that read it; the evidence in the graph
//! names it (`rule` in the record, `okg:rule` in RDF), so an analyst can ask which
//! pattern stated an edge, and an engineer can find the code. Each rule is a function
//! with the same name in `events` or `relations`, documented with an example and tested
//! on it (`tests/rules.rs` holds one example per rule).

/// A rule that reads an event role or a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// The agentive phrase of a passive verb: "… were arrested by the FSB".
    PassiveByAgent,
    /// The subject of a passive verb is its target: "Eight Tajik nationals were arrested".
    PassiveSubjectTarget,
    /// The subject of an active verb is its agent: "ISKP attacked the hall".
    ActiveSubjectAgent,
    /// The subject of a verb of taking office is the one appointed: "X assumed leadership".
    AssumedLeadership,
    /// The outlet a statement was published in: "a video published in Al-Naba".
    PublishedIn,
    /// The object of an active verb is its target: "the police arrested X".
    ActiveObjectTarget,
    /// The speaker after an inverted speech verb: "'…,' said Mirziyoyev".
    InvertedSpeaker,
    /// An actor named before an event noun: "the ISKP attack".
    NounModifierAgent,
    /// A place named before an event noun: "the Kerman bombings".
    NounModifierPlace,
    /// The agentive phrase of an event noun: "the attack by ISKP".
    NounByAgent,
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
    /// A hostility cue between two actors: "ISKP lashed out against the Taliban".
    HostilityVerb,
    /// A cooperation cue between two actors: "Russia is working with the C5".
    CooperationVerb,
    /// Coordinated actors and a cooperation noun: "Moscow and Dushanbe … their cooperation".
    ReciprocalCooperation,
    /// Two actors joined by a hyphen before a noun of hostility: "the Israel-Hamas war".
    PairedConflict,
    /// The backer inside a hyphenated modifier: "Iran-backed Houthis".
    XBacked,
    /// Places inside a "-based" modifier: "the Afghanistan-based ISKP".
    XBased,
    /// A place after a control noun: "the Taliban's takeover of Afghanistan".
    ControlOf,
    /// A place phrase after an operation cue: "ISKP's operations in Central Asia".
    OperationLocative,
    /// A place phrase right after a group's name: "Hezbollah in Lebanon".
    GroupLocative,
    /// A place attached to the place before it: "Peshawar in Pakistan", "Kerman, Iran".
    PlaceAttachment,
    /// A place and its country (by the gazetteer) in one sentence.
    GazetteerCountryInSentence,
    /// A branch and its parent (by the gazetteer), both named in the document.
    GazetteerParent,
    /// An attacker or arrester opposes its target.
    EventAgentTarget,
    /// A group that carries out an attack in a country operates there.
    EventAgentPlace,
}

impl RuleId {
    /// Every rule, in the order of this enum.
    pub const ALL: [RuleId; 38] = [
        RuleId::PassiveByAgent,
        RuleId::PassiveSubjectTarget,
        RuleId::ActiveSubjectAgent,
        RuleId::AssumedLeadership,
        RuleId::PublishedIn,
        RuleId::ActiveObjectTarget,
        RuleId::InvertedSpeaker,
        RuleId::NounModifierAgent,
        RuleId::NounModifierPlace,
        RuleId::NounByAgent,
        RuleId::NounObjectTarget,
        RuleId::NounObjectPlace,
        RuleId::MeetingParticipant,
        RuleId::LocativePhrase,
        RuleId::LocativePhraseBefore,
        RuleId::ClaimedResponsibility,
        RuleId::RoleApposition,
        RuleId::PossessivePart,
        RuleId::PossessiveLocation,
        RuleId::PossessiveOperates,
        RuleId::StateAgencyName,
        RuleId::PartApposition,
        RuleId::FromCountry,
        RuleId::DemonymNational,
        RuleId::HostilityVerb,
        RuleId::CooperationVerb,
        RuleId::ReciprocalCooperation,
        RuleId::PairedConflict,
        RuleId::XBacked,
        RuleId::XBased,
        RuleId::ControlOf,
        RuleId::OperationLocative,
        RuleId::GroupLocative,
        RuleId::PlaceAttachment,
        RuleId::GazetteerCountryInSentence,
        RuleId::GazetteerParent,
        RuleId::EventAgentTarget,
        RuleId::EventAgentPlace,
    ];

    /// The name in evidence records.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::PassiveByAgent => "passive-by-agent",
            RuleId::PassiveSubjectTarget => "passive-subject-target",
            RuleId::ActiveSubjectAgent => "active-subject-agent",
            RuleId::AssumedLeadership => "assumed-leadership",
            RuleId::PublishedIn => "published-in",
            RuleId::ActiveObjectTarget => "active-object-target",
            RuleId::InvertedSpeaker => "inverted-speaker",
            RuleId::NounModifierAgent => "noun-modifier-agent",
            RuleId::NounModifierPlace => "noun-modifier-place",
            RuleId::NounByAgent => "noun-by-agent",
            RuleId::NounObjectTarget => "noun-object-target",
            RuleId::NounObjectPlace => "noun-object-place",
            RuleId::MeetingParticipant => "meeting-participant",
            RuleId::LocativePhrase => "locative-phrase",
            RuleId::LocativePhraseBefore => "locative-phrase-before",
            RuleId::ClaimedResponsibility => "claimed-responsibility",
            RuleId::RoleApposition => "role-apposition",
            RuleId::PossessivePart => "possessive-part",
            RuleId::PossessiveLocation => "possessive-location",
            RuleId::PossessiveOperates => "possessive-operates",
            RuleId::StateAgencyName => "state-agency-name",
            RuleId::PartApposition => "part-apposition",
            RuleId::FromCountry => "from-country",
            RuleId::DemonymNational => "demonym-national",
            RuleId::HostilityVerb => "hostility-verb",
            RuleId::CooperationVerb => "cooperation-verb",
            RuleId::ReciprocalCooperation => "reciprocal-cooperation",
            RuleId::PairedConflict => "paired-conflict",
            RuleId::XBacked => "x-backed",
            RuleId::XBased => "x-based",
            RuleId::ControlOf => "control-of",
            RuleId::OperationLocative => "operation-locative",
            RuleId::GroupLocative => "group-locative",
            RuleId::PlaceAttachment => "place-attachment",
            RuleId::GazetteerCountryInSentence => "gazetteer-country-in-sentence",
            RuleId::GazetteerParent => "gazetteer-parent",
            RuleId::EventAgentTarget => "event-agent-target",
            RuleId::EventAgentPlace => "event-agent-place",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    fn every_rule_is_the_function_of_its_name() {
        let source = [include_str!("events.rs"), include_str!("relations.rs")].concat();
        for rule in RuleId::ALL {
            let name = rule.as_str().replace('-', "_");
            assert!(source.contains(&format!("fn {name}(")), "no fn {name}");
        }
    }
}
