//! End-to-end tests through the osintkg binary.
