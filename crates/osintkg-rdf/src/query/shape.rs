//! How big and how deep a query is, measured on its text before any parser sees it.
//!
//! The SPARQL parser, optimizer and evaluator of oxigraph 0.5 recurse over the query's
//! syntax tree, and so does dropping that tree: 5,000 nested `{`, 100,000 parentheses or
//! a UNION of 200,000 branches overflow any thread's stack and abort the process. The
//! tree's depth comes from two things visible in the text without parsing it: brackets
//! nested in brackets, and chains (`a || b || …`, `{…} UNION {…} UNION …`, `p1/p2/…`,
//! triple patterns joined by `.`, `;` and `,`, `BIND`s and `AS`), each link of which
//! nests one node. Bounding both bounds the depth, and the query thread's stack is sized
//! for the bounds (see [`QUERY_STACK_BYTES`](super::QUERY_STACK_BYTES), and the tests
//! of `query`, which run queries at the limits).

use crate::{RdfError, Result};

/// Bounds on a query's text, checked before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Longest query text, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of `{`, `(` and `[`.
    pub max_depth: usize,
    /// Most links of chains: the operators `| & ! = < > + - * / ^`, the separators of
    /// triple patterns `.`, `;` and `,` (outside parentheses, where commas separate
    /// arguments), and the keywords `UNION`, `OPTIONAL`, `MINUS`, `FILTER`, `BIND`,
    /// `GRAPH`, `SERVICE`, `EXISTS`, `IN`, `AS`, each of which can nest the syntax tree
    /// one level deeper.
    pub max_operators: usize,
}

impl Default for QueryLimits {
    /// Far above hand-written analyst queries (tens of operators, nesting under ten),
    /// far below what overflows [`QUERY_STACK_BYTES`](super::QUERY_STACK_BYTES).
    fn default() -> Self {
        QueryLimits {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 128,
            max_operators: 1_000,
        }
    }
}

const KEYWORDS: &[&str] = &[
    "union", "optional", "minus", "filter", "bind", "graph", "service", "exists", "in", "as",
];

/// Fails with [`RdfError::QueryTooComplex`] when `query` exceeds `limits`.
///
/// The scan knows just enough SPARQL to skip what cannot nest: strings, IRIs, comments
/// and names. It may count a few operators too many (a `<` read as less-than), never
/// too few.
pub fn check(query: &str, limits: &QueryLimits) -> Result<()> {
    let too_complex = |what: &str, limit: usize| RdfError::QueryTooComplex {
        what: what.to_owned(),
        limit,
    };
    if query.len() > limits.max_bytes {
        return Err(too_complex("bytes of text", limits.max_bytes));
    }
    let bytes = query.as_bytes();
    let (mut operators, mut i) = (0usize, 0usize);
    // The open brackets, innermost last.
    let mut open: Vec<u8> = Vec::new();
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'#' => i = skip_line(bytes, i),
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'<' => match iri_end(bytes, i) {
                Some(end) => i = end,
                None => {
                    operators += 1;
                    i += 1;
                }
            },
            b'{' | b'(' | b'[' => {
                if open.len() == limits.max_depth {
                    return Err(too_complex("levels of nested brackets", limits.max_depth));
                }
                open.push(byte);
                i += 1;
            }
            b'}' | b')' | b']' => {
                open.pop();
                i += 1;
            }
            b',' if open.last() == Some(&b'(') => i += 1,
            b'|' | b'&' | b'!' | b'=' | b'>' | b'+' | b'-' | b'*' | b'/' | b'^' | b'.' | b';'
            | b',' => {
                operators += 1;
                i += 1;
            }
            // A variable; a `?` after a path is a modifier, which nests nothing.
            b'?' | b'$' if bytes.get(i + 1).is_some_and(|&b| is_word_byte(b)) => {
                i = skip_word(bytes, i + 1);
            }
            _ if is_word_byte(byte) => {
                let end = skip_word(bytes, i);
                let word = &query[i..end];
                if KEYWORDS.iter().any(|k| word.eq_ignore_ascii_case(k)) {
                    operators += 1;
                }
                i = end;
            }
            _ => i += 1,
        }
        if operators > limits.max_operators {
            return Err(too_complex(
                "operators, pattern separators and keywords",
                limits.max_operators,
            ));
        }
    }
    Ok(())
}

/// Letters, digits, `_`, `:` (prefixed names, blank nodes) and any non-ASCII byte.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b':') || byte >= 0x80
}

/// The end of a name or number starting at `start`. A `-` or `.` inside a prefixed name
/// (`okg:al-Qaeda`, `ex:a.b`) and the `.` of a decimal (`1.5`) belong to it; elsewhere
/// they are an operator or a separator.
fn skip_word(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    let mut prefixed = false;
    let numeric = bytes[start].is_ascii_digit();
    while end < bytes.len() {
        let byte = bytes[end];
        if byte == b':' {
            prefixed = true;
        }
        let next = bytes.get(end + 1).copied();
        let inner = (prefixed && matches!(byte, b'-' | b'.') && next.is_some_and(is_word_byte))
            || (numeric && byte == b'.' && next.is_some_and(|b| b.is_ascii_digit()));
        if is_word_byte(byte) || inner {
            end += 1;
        } else {
            break;
        }
    }
    end.max(start + 1).min(bytes.len())
}

fn skip_line(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| start + n + 1)
}

/// The end of the string literal opening at `start` (`"…"`, `'…'`, `"""…"""`, `'''…'''`,
/// with backslash escapes); an unterminated one runs to the end of the text.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let long = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote && !long => return i + 1,
            b if b == quote
                && bytes.get(i + 1) == Some(&quote)
                && bytes.get(i + 2) == Some(&quote) =>
            {
                return i + 3;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// When `<` at `start` opens an IRI (`<` then characters IRIs allow, then `>`), the
/// position after its `>`. The scan stops at the first character an IRI cannot hold, so
/// a run of less-than operators is read in linear time.
fn iri_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return None,
            b if b <= b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> QueryLimits {
        QueryLimits {
            max_bytes: 10_000,
            max_depth: 4,
            max_operators: 5,
        }
    }

    fn verdict(query: &str) -> std::result::Result<(), String> {
        check(query, &limits()).map_err(|e| e.to_string())
    }

    #[test]
    fn ordinary_queries_pass() {
        for query in [
            "SELECT ?s WHERE { ?s a okg:Person ; rdfs:label ?name }",
            "SELECT * WHERE { ?s <http://example.org/a-b/c?d=1&e=2> ?o } # a || b || c || d || e || f",
            "ASK { ?s rdfs:label \"a || b || c || d || e || f {{{{{\" }",
            "ASK { ?s rdfs:label '''x ' '' ((((( ''' }",
            "SELECT ?x WHERE { ?x okg:al-Qaeda-branch-of-a-b-c ex:a.b.c }",
            "ASK { FILTER(?x IN (1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5)) }",
        ] {
            assert_eq!(verdict(query), Ok(()), "{query}");
        }
    }

    #[test]
    fn nesting_and_chains_are_refused() {
        let nested = format!("SELECT * WHERE {}", "{".repeat(5));
        assert!(verdict(&nested).unwrap_err().contains("nested brackets"));
        let parens = "ASK { FILTER(((((1))))) }";
        assert!(verdict(parens).unwrap_err().contains("nested brackets"));
        let union = "SELECT * WHERE { {} UNION {} UNION {} UNION {} UNION {} UNION {} }";
        assert!(verdict(union).unwrap_err().contains("operators"));
        let nots = "ASK { FILTER(!!!!!!true) }";
        assert!(verdict(nots).unwrap_err().contains("operators"));
        let minus = "ASK { FILTER(1-1-1-1-1-1 = 0) }";
        assert!(verdict(minus).unwrap_err().contains("operators"));
        let patterns = "ASK { ?a ?b ?c . ?d ?e ?f ; ?g ?h , ?i , ?j , ?k , ?l }";
        assert!(verdict(patterns).unwrap_err().contains("operators"));
        let binds = "SELECT (1 AS ?a) (2 AS ?b) (3 AS ?c) (4 AS ?d) (5 AS ?e) (6 AS ?f) {}";
        assert!(verdict(binds).unwrap_err().contains("operators"));
        let long = "#".repeat(10_001);
        assert!(verdict(&long).unwrap_err().contains("bytes"));
    }

    #[test]
    fn runs_of_less_than_are_linear_and_counted() {
        let query = format!("ASK {{ FILTER(1 {} 2) }}", "<".repeat(6));
        assert!(verdict(&query).unwrap_err().contains("operators"));
        let many = QueryLimits {
            max_operators: usize::MAX,
            ..QueryLimits::default()
        };
        let text = "<a".repeat(1_000_000);
        assert!(check(&text, &many).is_ok());
    }
}
