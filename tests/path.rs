//! `path`: how two entities are connected, each hop with its evidence sentence.

use crate::util::{osintkg, seed_store, stdout_of};

#[test]
fn ghafari_is_connected_to_the_crocus_attack_through_iskp_with_evidence() {
    let out = stdout_of(
        osintkg()
            .args([
                "path",
                "Sanaullah Ghafari",
                "Crocus City Hall attack",
                "--format",
                "json",
                "--store",
            ])
            .arg(seed_store()),
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let path = &report["paths"][0];
    let names: Vec<&str> = path["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(names.first(), Some(&"Sanaullah Ghafari"));
    assert!(
        names.contains(&"Islamic State Khorasan Province"),
        "{names:?}"
    );
    for hop in path["hops"].as_array().unwrap() {
        let evidence = hop["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "hop without evidence: {hop}");
        assert!(
            evidence[0]["sentence"]
                .as_str()
                .is_some_and(|s| s.len() > 3)
        );
    }
}

#[test]
fn an_unknown_name_gets_suggestions() {
    let output = osintkg()
        .args(["path", "Sanaulah Gafari", "ISKP", "--store"])
        .arg(seed_store())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("did you mean") && stderr.contains("Sanaullah Ghafari"),
        "{stderr}"
    );
}
