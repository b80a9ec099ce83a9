//! One example per rule: each [`RuleId`] reads the fact its documentation promises on a
//! sentence written for it, and the evidence names that rule. The match is exhaustive,
//! so a new rule cannot come without its example. (A short sentence of capitalised words
//! reads as a headline, where capitals mean nothing: the examples are ordinary prose.)

// A failed expectation in a test helper is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use osintkg_extract::rule::RuleId;
use osintkg_extract::{Document, Extractor};
use osintkg_graph::{DocumentMeta, DocumentRecord, EntityRecord, Predicate};
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().unwrap());

/// The text, the subject (`None`: the event the sentence tells), the predicate and the
/// object the rule must read.
fn example(rule: RuleId) -> (&'static str, Option<&'static str>, Predicate, &'static str) {
    use Predicate::*;
    match rule {
        RuleId::PassiveByAgent => (
            "Four suspects were arrested by the Taliban in Kabul.",
            None,
            Agent,
            "Taliban",
        ),
        RuleId::PassiveSubjectTarget => (
            "Eight Tajik nationals were arrested in New York on Tuesday.",
            None,
            Target,
            "Tajikistan",
        ),
        RuleId::ActiveSubjectAgent => (
            "The Taliban attacked a checkpoint in Kunduz.",
            None,
            Agent,
            "Taliban",
        ),
        RuleId::AssumedLeadership => (
            "Abu Hafs al-Hashimi assumed the leadership of the group last year.",
            None,
            Target,
            "Abu Hafs al-Hashimi",
        ),
        RuleId::PublishedIn => (
            "A new video published in Al-Naba praised the fighters.",
            None,
            Agent,
            "Al-Naba",
        ),
        RuleId::ActiveObjectTarget => (
            "Pakistani forces attacked the Taliban near the border on Monday.",
            None,
            Target,
            "Taliban",
        ),
        RuleId::InvertedSpeaker => (
            "“We will respond,” said Shavkat Mirziyoyev.",
            None,
            Agent,
            "Shavkat Mirziyoyev",
        ),
        RuleId::NounModifierAgent => ("The ISKP attack shocked the region.", None, Agent, "ISKP"),
        RuleId::NounModifierPlace => (
            "The Kerman bombings shocked the region.",
            None,
            OccurredIn,
            "Kerman",
        ),
        RuleId::NounByAgent => (
            "The attack by the Taliban shocked the region.",
            None,
            Agent,
            "Taliban",
        ),
        RuleId::NounObjectTarget => (
            "The attack on the Taliban shocked the region.",
            None,
            Target,
            "Taliban",
        ),
        RuleId::NounObjectPlace => (
            "The attack on Kabul airport shocked the region.",
            None,
            OccurredIn,
            "Kabul airport",
        ),
        RuleId::MeetingParticipant => (
            "Officials from the European Union met the Taliban in Doha on Monday.",
            None,
            Participant,
            "Taliban",
        ),
        RuleId::LocativePhrase => (
            "Gunmen attacked a mosque in Kunduz.",
            None,
            OccurredIn,
            "Kunduz",
        ),
        RuleId::LocativePhraseBefore => (
            "In Kunduz, gunmen attacked a mosque.",
            None,
            OccurredIn,
            "Kunduz",
        ),
        RuleId::ClaimedResponsibility => (
            "Gunmen attacked a mosque in Kunduz. The Islamic State claimed responsibility.",
            None,
            ClaimedBy,
            "Islamic State",
        ),
        RuleId::RoleApposition => (
            "Sanaullah Ghafari, the emir of ISKP, was not seen in public.",
            Some("Sanaullah Ghafari"),
            LeaderOf,
            "ISKP",
        ),
        RuleId::PossessivePart => (
            "Uzbekistan's State Security Service arrested four men.",
            Some("State Security Service"),
            PartOf,
            "Uzbekistan",
        ),
        RuleId::PossessiveLocation => (
            "On Sunday evening gunmen attacked a church in Russia's Dagestan.",
            Some("Dagestan"),
            LocatedIn,
            "Russia",
        ),
        RuleId::PossessiveOperates => (
            "Yemen’s Houthis fired a missile at a ship.",
            Some("Houthis"),
            OperatesIn,
            "Yemen",
        ),
        RuleId::StateAgencyName => (
            "US Central Command said the United States had struck a militia leader in Iraq.",
            Some("US Central Command"),
            PartOf,
            "United States",
        ),
        RuleId::PartApposition => (
            "Al-Azaim Foundation, ISKP's mouthpiece, published a video.",
            Some("Al-Azaim Foundation"),
            PartOf,
            "ISKP",
        ),
        RuleId::FromCountry => (
            "On Monday the police detained Temur Khusinov, 29, and Ramzidin Toshev, 28, from Uzbekistan, who had arrived in the morning.",
            Some("Ramzidin Toshev"),
            CitizenOf,
            "Uzbekistan",
        ),
        RuleId::DemonymNational => (
            "On Monday the police in the capital detained Tajik national Ahmad Karimov near the main station.",
            Some("Ahmad Karimov"),
            CitizenOf,
            "Tajikistan",
        ),
        RuleId::HostilityVerb => (
            "ISKP fought against the Taliban.",
            Some("ISKP"),
            Opposes,
            "Taliban",
        ),
        RuleId::CooperationVerb => (
            "Russia is working with Tajikistan to counter terrorism.",
            Some("Russia"),
            CooperatesWith,
            "Tajikistan",
        ),
        RuleId::ReciprocalCooperation => (
            "Russia and Tajikistan are seeking to enhance their cooperation.",
            Some("Russia"),
            CooperatesWith,
            "Tajikistan",
        ),
        RuleId::PairedConflict => (
            "Prices rose after the Israel-Hamas war began in October.",
            Some("Israel"),
            Opposes,
            "Hamas",
        ),
        RuleId::XBacked => (
            "Analysts say the Iran-backed Houthis fired a missile at a ship.",
            Some("Iran"),
            CooperatesWith,
            "Houthis",
        ),
        RuleId::XBased => (
            "The Afghanistan-based ISKP recruits online.",
            Some("ISKP"),
            OperatesIn,
            "Afghanistan",
        ),
        RuleId::ControlOf => (
            "The Taliban takeover of Afghanistan surprised many.",
            Some("Taliban"),
            OperatesIn,
            "Afghanistan",
        ),
        RuleId::OperationLocative => (
            "ISKP has expanded its operations in Central Asia.",
            Some("ISKP"),
            OperatesIn,
            "Central Asia",
        ),
        RuleId::GroupLocative => (
            "Analysts say Hezbollah in Lebanon rebuilt its arsenal.",
            Some("Hezbollah"),
            OperatesIn,
            "Lebanon",
        ),
        RuleId::PlaceAttachment => (
            "The convoy reached Peshawar in Pakistan.",
            Some("Peshawar"),
            LocatedIn,
            "Pakistan",
        ),
        RuleId::GazetteerCountryInSentence => (
            "Pakistan said that the convoy had reached Peshawar.",
            Some("Peshawar"),
            LocatedIn,
            "Pakistan",
        ),
        RuleId::GazetteerParent => (
            "ISKP grew while the Islamic State lost ground.",
            Some("ISKP"),
            PartOf,
            "Islamic State",
        ),
        RuleId::EventAgentTarget => (
            "On Monday the Taliban arrested Ahmad Karimov at his home in the city of Kandahar.",
            Some("Taliban"),
            Opposes,
            "Ahmad Karimov",
        ),
        RuleId::EventAgentPlace => (
            "ISKP attacked a mosque in Afghanistan.",
            Some("ISKP"),
            OperatesIn,
            "Afghanistan",
        ),
    }
}

fn named<'r>(record: &'r DocumentRecord, id: &str) -> Option<&'r EntityRecord> {
    record.entity(id)
}

fn is(entity: Option<&EntityRecord>, name: &str) -> bool {
    entity.is_some_and(|e| e.name == name || e.mentions.iter().any(|m| m == name))
}

#[test]
fn every_rule_reads_its_example_and_names_itself() {
    let mut failures = Vec::new();
    for rule in RuleId::ALL {
        let (text, subject, predicate, object) = example(rule);
        let record = EXTRACTOR.extract(&Document::new("rule", text, DocumentMeta::default()));
        let found = record.relations.iter().any(|r| {
            r.predicate == predicate
                && r.evidence.iter().any(|e| e.rule == rule.as_str())
                && is(named(&record, &r.object), object)
                && match subject {
                    Some(subject) => is(named(&record, &r.subject), subject),
                    None => named(&record, &r.subject).is_some_and(|e| e.event_type.is_some()),
                }
        });
        if !found {
            let read: Vec<String> = record
                .relations
                .iter()
                .map(|r| {
                    let name =
                        |id: &str| named(&record, id).map_or(id.to_owned(), |e| e.name.clone());
                    format!(
                        "{} {} {} [{}]",
                        name(&r.subject),
                        r.predicate,
                        name(&r.object),
                        r.evidence.first().map_or("", |e| e.rule.as_str())
                    )
                })
                .collect();
            failures.push(format!(
                "{rule}: {text:?} should give {subject:?} {predicate} {object:?}; read {read:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
