//! Responses written by blocking code (query evaluation, exports) and streamed to the
//! client, with a status code that still tells the truth about failures.
//!
//! The work runs on a blocking thread and writes into a [`ResponseWriter`], which hands
//! chunks to the async side over a bounded channel (so a slow client slows the query
//! down instead of filling memory, and a client that hangs up stops it: the next write
//! fails). The async side holds back the first [`COMMIT_BYTES`]: a query that fails,
//! times out or is refused before producing that much gets its true status (400, 503,
//! 406…) and no partial body; a query that finishes within it is sent whole with a
//! `Content-Length`. Past that point the status (200) is on the wire, so a later failure
//! can only abort the transfer: the chunked body ends without its terminating chunk and
//! every HTTP client reports the response as incomplete rather than short.

use crate::problem::Problem;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use std::io::{self, Write};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Bytes held back before the status is committed.
pub(crate) const COMMIT_BYTES: usize = 256 * 1024;
/// Bytes gathered into one chunk.
const CHUNK_BYTES: usize = 32 * 1024;

enum Piece {
    Head(HeaderMap),
    Body(Bytes),
}

/// Where blocking work writes a response: first [`ResponseWriter::begin`] with the
/// headers (the content type), then the body through [`Write`].
pub(crate) struct ResponseWriter {
    tx: mpsc::Sender<Piece>,
    buffer: Vec<u8>,
}

impl ResponseWriter {
    /// Sets the response headers; must come before any body byte.
    pub(crate) fn begin(&mut self, headers: HeaderMap) -> io::Result<()> {
        self.tx
            .blocking_send(Piece::Head(headers))
            .map_err(|_| gone())
    }

    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.tx
            .blocking_send(Piece::Body(chunk))
            .map_err(|_| gone())
    }
}

fn gone() -> io::Error {
    io::Error::new(
        io::ErrorKind::BrokenPipe,
        "the client closed the connection",
    )
}

impl Write for ResponseWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffer()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buffer()
    }
}

/// Runs `work` on a blocking thread and answers with what it writes. `work` returns the
/// headers that are only known at its end (added when the response is sent whole) or the
/// problem to answer with.
///
/// With a `deadline`, the answer does not wait past it for `work`: work that cannot be
/// interrupted (oxigraph plans a query without looking at its cancellation token) gets a
/// 503, or an aborted transfer once the status is sent, and stops at its next write.
pub(crate) async fn respond<F>(deadline: Option<Duration>, work: F) -> Response
where
    F: FnOnce(&mut ResponseWriter) -> Result<HeaderMap, Problem> + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Piece>(8);
    let job: JoinHandle<Result<HeaderMap, Problem>> = tokio::task::spawn_blocking(move || {
        let mut writer = ResponseWriter {
            tx,
            buffer: Vec::new(),
        };
        let late_headers = work(&mut writer)?;
        writer.send_buffer().map_err(Problem::internal)?;
        Ok(late_headers)
    });
    let deadline = deadline.map(|d| Instant::now() + d);
    let mut head = HeaderMap::new();
    let mut held = Vec::new();
    let mut size = 0;
    while size < COMMIT_BYTES {
        let piece = match deadline {
            Some(at) => tokio::time::timeout_at(at, rx.recv()).await,
            None => Ok(rx.recv().await),
        };
        let Ok(piece) = piece else {
            return Problem::text(
                StatusCode::SERVICE_UNAVAILABLE,
                "the query was cancelled: it ran past its time limit",
            )
            .into_response();
        };
        match piece {
            Some(Piece::Head(headers)) => head = headers,
            Some(Piece::Body(chunk)) => {
                size += chunk.len();
                held.push(chunk);
            }
            None => return whole(head, held, job.await),
        }
    }
    let rest = futures_util::stream::unfold(Some((rx, job)), move |state| async move {
        let (mut rx, job) = state?;
        loop {
            let piece = match deadline {
                Some(at) => match tokio::time::timeout_at(at, rx.recv()).await {
                    Ok(piece) => piece,
                    Err(_) => {
                        let late = io::Error::other("the query ran past its time limit");
                        return Some((Err(late), None));
                    }
                },
                None => rx.recv().await,
            };
            match piece {
                Some(Piece::Body(chunk)) => return Some((Ok(chunk), Some((rx, job)))),
                Some(Piece::Head(_)) => continue,
                None => {
                    let failure = match job.await {
                        Ok(Ok(_)) => return None,
                        Ok(Err(problem)) => problem.message,
                        Err(join) => join.to_string(),
                    };
                    return Some((Err(io::Error::other(failure)), None));
                }
            }
        }
    });
    let body = futures_util::stream::iter(held.into_iter().map(Ok::<Bytes, io::Error>)).chain(rest);
    let mut response = Response::new(Body::from_stream(body));
    *response.headers_mut() = head;
    response
}

fn whole(
    mut head: HeaderMap,
    held: Vec<Bytes>,
    outcome: Result<Result<HeaderMap, Problem>, tokio::task::JoinError>,
) -> Response {
    match outcome {
        Ok(Ok(late_headers)) => {
            head.extend(late_headers);
            let mut response = Response::new(Body::from(held.concat()));
            *response.headers_mut() = head;
            response
        }
        Ok(Err(problem)) => problem.into_response(),
        // A panic in evaluation (an upstream bug) fails this request, not the server.
        Err(join) => Problem::internal(join).into_response(),
    }
}
