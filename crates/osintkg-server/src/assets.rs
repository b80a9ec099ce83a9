//! The explorer's static files, compiled into the binary: the page works offline and
//! needs no build step or install. Files are looked up by exact path in a fixed table,
//! so no request path ever reaches the file system (no traversal to defend against).
//!
//! The page is sent with a Content-Security-Policy that allows scripts from this server
//! only: even if some text from a document slipped into the page as markup, an injected
//! `<script>` or `onerror=` handler would not run.

use crate::AppState;
use crate::problem::Problem;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The request path that serves it.
    pub path: &'static str,
    /// Its media type.
    pub media: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// Every file the explorer needs.
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        media: "text/html; charset=utf-8",
        bytes: include_bytes!("../assets/index.html"),
    },
    Asset {
        path: "/assets/app.js",
        media: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/app.js"),
    },
    Asset {
        path: "/assets/app.css",
        media: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/app.css"),
    },
    Asset {
        path: "/assets/vendor/cytoscape.min.js",
        media: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/cytoscape.min.js"),
    },
    Asset {
        path: "/assets/vendor/yasgui.min.js",
        media: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/yasgui.min.js"),
    },
    Asset {
        path: "/assets/vendor/yasgui.min.css",
        media: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/yasgui.min.css"),
    },
    Asset {
        path: "/assets/vendor/LICENSES.txt",
        media: "text/plain; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/LICENSES.txt"),
    },
];

/// Scripts and styles from this server only (YASGUI's editor sets inline styles), data
/// and images from this server, no plugins, no framing.
const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", any(page))
        .route("/index.html", any(page))
        .route("/assets/{*path}", any(asset))
        .fallback(not_found)
}

async fn page(method: Method) -> Response {
    serve("/", &method)
}

async fn asset(method: Method, Path(path): Path<String>) -> Response {
    serve(&format!("/assets/{path}"), &method)
}

async fn not_found() -> Response {
    Problem::text(StatusCode::NOT_FOUND, "no such page").into_response()
}

fn serve(path: &str, method: &Method) -> Response {
    if !matches!(*method, Method::GET | Method::HEAD) {
        return Problem::method_not_allowed("GET, HEAD").into_response();
    }
    let Some(asset) = ASSETS.iter().find(|a| a.path == path) else {
        return not_found_now();
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.media)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        asset.bytes,
    )
        .into_response();
    if path == "/" {
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

fn not_found_now() -> Response {
    Problem::text(StatusCode::NOT_FOUND, "no such file").into_response()
}
