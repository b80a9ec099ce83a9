//! `extract`: FORMAT.md JSON Lines, one record per document, only valid types.

use crate::util::{osintkg, seeds, stdout_of};

#[test]
fn extract_emits_one_valid_record_per_seed() {
    let out = stdout_of(osintkg().arg("extract").arg(seeds()));
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let docs: Vec<&str> = records.iter().filter_map(|r| r["doc"].as_str()).collect();
    assert_eq!(
        docs,
        vec![
            "000_acf0de2054ccb153",
            "001_bb4404a071704a2e",
            "002_d2d885c0ea317219",
            "003_7fa80c6e9cd38fd8",
            "004_3ae23ea50e7c29ee"
        ]
    );
    let types = ["Person", "Organization", "Country", "Location", "Event"];
    for record in &records {
        let entities = record["entities"].as_array().expect("entities");
        assert!(!entities.is_empty());
        for entity in entities {
            assert!(
                types.contains(&entity["type"].as_str().unwrap_or("")),
                "{entity}"
            );
        }
        for relation in record["relations"].as_array().expect("relations") {
            let evidence = &relation["evidence"][0];
            assert!(
                evidence["sentence"].as_str().is_some_and(|s| !s.is_empty()),
                "{relation}"
            );
            assert!(evidence["rule"].as_str().is_some(), "{relation}");
        }
    }
}

#[test]
fn the_iskp_of_an_article_is_one_entity_with_all_its_names() {
    let out = stdout_of(
        osintkg()
            .arg("extract")
            .arg(seeds().join("004_3ae23ea50e7c29ee.txt")),
    );
    let record: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let iskp: Vec<&serde_json::Value> = record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kb"] == "org:iskp")
        .collect();
    assert_eq!(iskp.len(), 1);
    let mentions: Vec<&str> = iskp[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    for name in ["ISKP", "ISIS-K", "ISIL-K", "Wilayat Khorasan"] {
        assert!(mentions.contains(&name), "{name} not in {mentions:?}");
    }
}
