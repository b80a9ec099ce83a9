//! `show`, `neighbors`, `timeline`, `rank` and `extract --explain`: text and JSON output.

use crate::util::{osintkg, seed_store, seeds, stdout_of};

fn json(args: &[&str]) -> serde_json::Value {
    let out = stdout_of(osintkg().args(args).arg("--store").arg(seed_store()));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

#[test]
fn show_iskp_lists_its_names_and_is_not_islamic_state() {
    let iskp = json(&["show", "ISKP", "--format", "json"]);
    let names: Vec<&str> = iskp["names"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    for name in [
        "IS-K",
        "ISIS-K",
        "Islamic State Khorasan Province",
        "Wilayat Khorasan",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let is = json(&["show", "Islamic State", "--format", "json"]);
    assert_ne!(iskp["key"], is["key"]);
    assert_eq!(iskp["kb"], "org:iskp");
    assert!(iskp["relations"]["leaderOf"][0]["sources"][0]["sentence"].is_string());
}

#[test]
fn show_text_has_the_dossier_sections_and_merge_reasons() {
    let out = stdout_of(
        osintkg()
            .args(["show", "crocus city hall attack", "--merges", "--store"])
            .arg(seed_store()),
    );
    assert!(
        out.starts_with("Crocus City Hall attack — Event (Attack)"),
        "{out}"
    );
    assert!(out.contains("date:      2024-03-22"), "{out}");
    assert!(out.contains("merges") && out.contains("same type"), "{out}");
}

#[test]
fn the_crocus_attack_is_one_event_told_by_several_documents() {
    let event = json(&["show", "Crocus City Hall attack", "--format", "json"]);
    assert!(event["documents"].as_u64().unwrap() >= 2, "{event}");
}

#[test]
fn neighbors_list_the_entities_around_one() {
    let around = json(&["neighbors", "Sanaullah Ghafari", "--format", "json"]);
    let keys: Vec<&str> = around["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["key"].as_str())
        .collect();
    assert!(keys.contains(&"org:iskp"), "{keys:?}");
    let dot = stdout_of(
        osintkg()
            .args(["neighbors", "ISKP", "--format", "dot", "--store"])
            .arg(seed_store()),
    );
    assert!(
        dot.starts_with("digraph") || dot.contains("digraph"),
        "{dot}"
    );
    let graphml = stdout_of(
        osintkg()
            .args(["neighbors", "ISKP", "--format", "graphml", "--store"])
            .arg(seed_store()),
    );
    assert!(graphml.contains("<graphml"), "{graphml}");
    let text = stdout_of(
        osintkg()
            .args(["neighbors", "ISKP", "--depth", "2", "--store"])
            .arg(seed_store()),
    );
    assert!(
        text.starts_with("Islamic State Khorasan Province —"),
        "{text}"
    );
}

#[test]
fn the_timeline_is_in_date_order() {
    let entries = json(&["timeline", "--type", "Attack", "--format", "json"]);
    let dates: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(dates.contains(&"2024-03-22"), "{dates:?}");
    let text = stdout_of(
        osintkg()
            .args(["timeline", "ISKP", "--store"])
            .arg(seed_store()),
    );
    assert!(text.lines().count() >= 2, "{text}");
}

#[test]
fn rank_lists_the_key_actors() {
    for by in ["degree", "pagerank", "betweenness"] {
        let ranked = json(&["rank", "--by", by, "--top", "5", "--format", "json"]);
        let list = ranked.as_array().unwrap();
        assert_eq!(list.len(), 5, "{by}");
        let scores: Vec<f64> = list.iter().filter_map(|s| s["score"].as_f64()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{by}: {scores:?}");
    }
    let orgs = stdout_of(
        osintkg()
            .args(["rank", "--type", "Organization", "--top", "3", "--store"])
            .arg(seed_store()),
    );
    assert_eq!(orgs.lines().count(), 3);
    assert!(orgs.lines().all(|l| l.contains("Organization")), "{orgs}");
}

#[test]
fn extract_explain_prints_each_relation_with_its_sentence_and_rule() {
    let out = stdout_of(
        osintkg()
            .args(["extract", "--explain"])
            .arg(seeds().join("004_3ae23ea50e7c29ee.txt")),
    );
    assert!(out.starts_with("== 004_3ae23ea50e7c29ee"), "{out}");
    assert!(out.contains("leaderOf") && out.contains("rule "), "{out}");
}
