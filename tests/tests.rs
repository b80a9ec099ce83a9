//! End-to-end tests through the `osintkg` binary, on the bundled seeds.
//!
//! One integration-test binary (as in ripgrep) keeps link time down; each module tests
//! one command family.

// A failed expectation in a test helper is a failed test, not a crash in front of a user.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod util;

mod bad_input;
mod build_and_query;
mod explore;
mod export;
mod extract;
mod path;
mod queries;
mod regressions;
mod scale;
mod serve;
