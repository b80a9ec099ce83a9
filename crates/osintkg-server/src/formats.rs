//! Media types and content negotiation.
//!
//! A response format is chosen from the request's `Accept` header with its q-values
//! (RFC 9110 §12.5.1, by the `headers-accept` crate): the acceptable offer with the
//! highest quality wins, ties go to the order the client listed, then to the server's
//! order below (its preference). No `Accept` header means the server's first choice; an
//! `Accept` header nothing here satisfies is a 406 that lists what is available.

use crate::problem::Problem;
use axum::http::{HeaderMap, HeaderValue, header};
use headers_accept::Accept;
use mediatype::MediaType;
use osintkg_rdf::{ExportFormat, GraphFormat, ResultsFormat};
use std::str::FromStr;

/// One format the server can produce, under one media type.
pub(crate) type Offer<T> = (&'static str, T);

/// SELECT and ASK results, SPARQL JSON first (what YASGUI and most clients prefer).
pub(crate) const SOLUTIONS: &[Offer<ResultsFormat>] = &[
    ("application/sparql-results+json", ResultsFormat::Json),
    ("application/sparql-results+xml", ResultsFormat::Xml),
    ("text/csv", ResultsFormat::Csv),
    ("text/tab-separated-values", ResultsFormat::Tsv),
    ("application/json", ResultsFormat::Json),
    ("application/xml", ResultsFormat::Xml),
    ("text/xml", ResultsFormat::Xml),
];

/// CONSTRUCT and DESCRIBE results, Turtle first.
pub(crate) const GRAPHS: &[Offer<GraphFormat>] = &[
    ("text/turtle", GraphFormat::Turtle),
    ("application/n-triples", GraphFormat::NTriples),
    ("application/n-quads", GraphFormat::NQuads),
    ("application/trig", GraphFormat::TriG),
    ("application/rdf+xml", GraphFormat::RdfXml),
    ("application/x-turtle", GraphFormat::Turtle),
    ("text/plain", GraphFormat::NTriples),
];

/// One graph of the Graph Store Protocol.
pub(crate) const STORE_GRAPH: &[Offer<ExportFormat>] = &[
    ("text/turtle", ExportFormat::Turtle),
    ("application/n-triples", ExportFormat::NTriples),
    ("application/n-quads", ExportFormat::NQuads),
    ("application/trig", ExportFormat::TriG),
    ("application/rdf+xml", ExportFormat::RdfXml),
];

/// The whole dataset of the Graph Store Protocol: only formats that keep graph names.
pub(crate) const STORE_DATASET: &[Offer<ExportFormat>] = &[
    ("application/n-quads", ExportFormat::NQuads),
    ("application/trig", ExportFormat::TriG),
];

/// The offer the request's `Accept` header prefers, or 406.
pub(crate) fn negotiate<T: Copy>(
    headers: &HeaderMap,
    offers: &[Offer<T>],
) -> Result<Offer<T>, Problem> {
    let media_types: Vec<&'static str> = offers.iter().map(|(m, _)| *m).collect();
    let Some(first) = offers.first().copied() else {
        return Err(Problem::not_acceptable(&media_types));
    };
    let accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    if accept.trim().is_empty() {
        return Ok(first);
    }
    // A header that does not parse is treated as no preference rather than refused:
    // clients send odd Accept headers far more often than they mean them.
    let Ok(accept) = Accept::from_str(&accept) else {
        return Ok(first);
    };
    let available: Vec<MediaType<'static>> = media_types
        .iter()
        .filter_map(|m| MediaType::parse(m).ok())
        .collect();
    let chosen = accept
        .negotiate(&available)
        .and_then(|chosen| available.iter().position(|m| m == chosen))
        .and_then(|i| offers.get(i).copied());
    chosen.ok_or_else(|| Problem::not_acceptable(&dedup(&media_types)))
}

fn dedup(types: &[&'static str]) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for t in types {
        if !seen.contains(t) {
            seen.push(*t);
        }
    }
    seen
}

/// The `Content-Type` value for a media type: text types say they are UTF-8.
pub(crate) fn content_type(media: &str) -> HeaderValue {
    let value = if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// The media type of a request body, without parameters and lowercased.
pub(crate) fn request_media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next()?.trim().to_ascii_lowercase();
    (!media.is_empty()).then_some(media)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(accept: Option<&str>) -> Result<&'static str, u16> {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
        }
        negotiate(&headers, SOLUTIONS)
            .map(|(media, _)| media)
            .map_err(|p| p.status.as_u16())
    }

    #[test]
    fn q_values_decide_and_absence_means_the_default() {
        assert_eq!(choose(None), Ok("application/sparql-results+json"));
        assert_eq!(choose(Some("*/*")), Ok("application/sparql-results+json"));
        assert_eq!(choose(Some("text/csv")), Ok("text/csv"));
        assert_eq!(
            choose(Some("text/csv;q=0.5, application/sparql-results+xml")),
            Ok("application/sparql-results+xml")
        );
        assert_eq!(
            choose(Some("text/*;q=0.9, text/csv;q=0, */*;q=0.1")),
            Ok("text/tab-separated-values")
        );
        assert_eq!(choose(Some("application/json")), Ok("application/json"));
        assert_eq!(choose(Some("image/png")), Err(406));
        assert_eq!(
            choose(Some(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            )),
            Ok("application/xml")
        );
    }

    #[test]
    fn body_media_type_ignores_parameters() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Application/SPARQL-Query; charset=UTF-8"),
        );
        assert_eq!(
            request_media_type(&headers).as_deref(),
            Some("application/sparql-query")
        );
        assert_eq!(content_type("text/csv"), "text/csv; charset=utf-8");
    }
}
