//! Error responses: a status and one sentence that says what was wrong, as plain text on
//! the SPARQL routes (what SPARQL clients print) and as `{"error": …}` on the JSON API.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use osintkg_rdf::RdfError;
use oxigraph::sparql::QueryEvaluationError;
use serde_json::json;

/// An error answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    /// Extra JSON fields (suggestions, candidates) for the API.
    pub(crate) details: Option<serde_json::Value>,
    /// The `Allow` header of a 405.
    pub(crate) allow: Option<&'static str>,
    json: bool,
}

impl Problem {
    /// A plain-text problem (SPARQL and Graph Store routes).
    pub(crate) fn text(status: StatusCode, message: impl Into<String>) -> Problem {
        Problem {
            status,
            message: message.into(),
            details: None,
            allow: None,
            json: false,
        }
    }

    /// A JSON problem (the `/api/` routes).
    pub(crate) fn json(status: StatusCode, message: impl Into<String>) -> Problem {
        Problem {
            json: true,
            ..Problem::text(status, message)
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Problem {
        Problem::text(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn method_not_allowed(allow: &'static str) -> Problem {
        Problem {
            allow: Some(allow),
            ..Problem::text(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("this resource answers {allow} only"),
            )
        }
    }

    pub(crate) fn read_only() -> Problem {
        Problem::text(
            StatusCode::FORBIDDEN,
            "this endpoint is read-only: SPARQL updates and graph writes are refused (change the store with osintkg build)",
        )
    }

    pub(crate) fn not_acceptable(offered: &[&str]) -> Problem {
        Problem::text(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the media types in the Accept header can be produced here; available: {}",
                offered.join(", ")
            ),
        )
    }

    pub(crate) fn no_build() -> Problem {
        Problem::text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the store has no completed build yet; run osintkg build and retry",
        )
    }

    pub(crate) fn internal(message: impl std::fmt::Display) -> Problem {
        Problem::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {message}"),
        )
    }

    /// The same problem answered as JSON.
    pub(crate) fn in_json(mut self) -> Problem {
        self.json = true;
        self
    }

    pub(crate) fn with_details(mut self, details: serde_json::Value) -> Problem {
        self.details = Some(details);
        self
    }
}

impl From<RdfError> for Problem {
    fn from(error: RdfError) -> Problem {
        let status = match &error {
            RdfError::QuerySyntax { .. }
            | RdfError::InvalidIri { .. }
            | RdfError::QueryTooComplex { .. } => StatusCode::BAD_REQUEST,
            RdfError::NoSuchGraph { .. } => StatusCode::NOT_FOUND,
            RdfError::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
            // What the query asked for cannot be done here (SERVICE, unknown functions);
            // storage failures are the server's.
            RdfError::QueryEvaluation { cause } => match cause {
                QueryEvaluationError::Dataset(_) | QueryEvaluationError::Unexpected(_) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
                _ => StatusCode::BAD_REQUEST,
            },
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Problem::text(status, error.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = if self.json {
            let mut body = json!({ "error": self.message });
            if let (Some(serde_json::Value::Object(extra)), Some(object)) =
                (self.details, body.as_object_mut())
            {
                object.extend(extra);
            }
            (self.status, axum::Json(body)).into_response()
        } else {
            let mut text = self.message;
            text.push('\n');
            (
                self.status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                text,
            )
                .into_response()
        };
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
