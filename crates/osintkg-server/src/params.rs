//! Request parameters from a query string or a form body, with repeated names kept (the
//! SPARQL Protocol repeats `default-graph-uri` and `named-graph-uri`) and typed access
//! that turns a bad value into a message naming the parameter.

use std::str::FromStr;

/// Decoded `name=value` pairs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `application/x-www-form-urlencoded` text (a URI's query or a form body).
    pub(crate) fn parse(text: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(text)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
        )
    }

    /// The parameters of a URI's query string (none without one).
    pub(crate) fn of_uri(uri: &axum::http::Uri) -> Params {
        uri.query()
            .map(|q| Params::parse(q.as_bytes()))
            .unwrap_or_default()
    }

    /// Every value of `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// True when `name` is present, with or without a value.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// The value of `name`, which may appear at most once; an empty value counts as absent.
    pub(crate) fn one(&self, name: &str) -> Result<Option<&str>, String> {
        let mut values = self
            .0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(format!("parameter {name:?} is given more than once"));
        }
        Ok(first.filter(|v| !v.trim().is_empty()))
    }

    /// The value of `name` parsed as a `T`, or `None` when absent.
    pub(crate) fn parsed<T: FromStr>(&self, name: &str) -> Result<Option<T>, String>
    where
        T::Err: std::fmt::Display,
    {
        match self.one(name)? {
            None => Ok(None),
            Some(text) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|e| format!("parameter {name:?}: {text:?} is not valid: {e}")),
        }
    }

    /// A number in `1..=max`, `default` when absent.
    pub(crate) fn bounded(&self, name: &str, default: usize, max: usize) -> Result<usize, String> {
        match self.parsed::<usize>(name)? {
            None => Ok(default),
            Some(n) if (1..=max).contains(&n) => Ok(n),
            Some(n) => Err(format!(
                "parameter {name:?} must be between 1 and {max}, not {n}"
            )),
        }
    }

    /// A comma-separated list of `T`s (empty when absent).
    pub(crate) fn list<T: FromStr>(&self, name: &str) -> Result<Vec<T>, String>
    where
        T::Err: std::fmt::Display,
    {
        let Some(text) = self.one(name)? else {
            return Ok(Vec::new());
        };
        text.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse()
                    .map_err(|e| format!("parameter {name:?}: {item:?}: {e}"))
            })
            .collect()
    }

    /// A boolean flag: present without a value, or `true`/`1`/`false`/`0`.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, String> {
        let Some((_, value)) = self.0.iter().find(|(n, _)| n == name) else {
            return Ok(false);
        };
        match value.trim() {
            "" | "true" | "1" | "on" | "yes" => Ok(true),
            "false" | "0" | "off" | "no" => Ok(false),
            other => Err(format!(
                "parameter {name:?}: {other:?} is not true or false"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_typed_and_bounded_values() {
        let p = Params::parse(b"a=1&g=x&g=y%20z&flag&k=0&list=memberOf,%20leaderOf&bad=q");
        assert_eq!(p.all("g"), ["x", "y z"]);
        assert!(p.one("g").is_err());
        assert_eq!(p.parsed::<u32>("a"), Ok(Some(1)));
        assert!(p.parsed::<u32>("bad").unwrap_err().contains("\"bad\""));
        assert_eq!(p.bounded("missing", 5, 10), Ok(5));
        assert!(p.bounded("k", 5, 10).is_err());
        assert_eq!(p.flag("flag"), Ok(true));
        assert_eq!(p.flag("absent"), Ok(false));
        assert_eq!(p.list::<String>("list").unwrap(), ["memberOf", "leaderOf"]);
        assert!(!Params::parse(b"").has("a"));
    }
}
