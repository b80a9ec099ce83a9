//! The TSV layout every pack file shares, checked row by row.
//!
//! A file opens with comment lines (`#`) saying what it means, then a header naming its
//! columns, then one entry per line. The first column is the entry: lowercase, trimmed,
//! words separated by single spaces, never listed twice. Any departure is an error that
//! names the file and the line, so a typo fails the tests instead of switching a word off.

use super::LexiconError;

/// One entry of a pack file, with the line it is on.
#[derive(Debug, Clone)]
pub(crate) struct Row<'t> {
    /// The pack file, as `<lang>/<name>.tsv`.
    pub file: &'t str,
    /// 1-based line number.
    pub line: usize,
    /// The fields, one per column.
    pub fields: Vec<&'t str>,
}

impl<'t> Row<'t> {
    /// The entry (first column).
    pub fn key(&self) -> &'t str {
        self.fields[0]
    }

    /// The field of column `index`.
    pub fn field(&self, index: usize) -> &'t str {
        self.fields[index]
    }

    /// An error about this row.
    pub fn error(&self, message: impl Into<String>) -> LexiconError {
        LexiconError::Row {
            file: self.file.to_owned(),
            line: self.line,
            message: message.into(),
        }
    }

    /// Parses a field with `parse`, or names the row, the column and the bad value.
    pub fn parse<T>(
        &self,
        index: usize,
        column: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, LexiconError> {
        let value = self.field(index);
        parse(value).ok_or_else(|| self.error(format!("{column}: unknown value {value:?}")))
    }

    /// Parses a comma-separated set field into the values' bits, or `-` for none.
    pub fn flags(
        &self,
        index: usize,
        column: &str,
        parse: impl Fn(&str) -> Option<u32>,
    ) -> Result<u32, LexiconError> {
        let value = self.field(index);
        if value == "-" {
            return Ok(0);
        }
        let mut bits = 0;
        for part in value.split(',') {
            let bit = parse(part)
                .ok_or_else(|| self.error(format!("{column}: unknown value {part:?}")))?;
            if bits & bit != 0 {
                return Err(self.error(format!("{column}: {part:?} listed twice")));
            }
            bits |= bit;
        }
        Ok(bits)
    }
}

/// Reads a pack file with the given columns; `key_columns` say which columns together
/// must be unique.
pub(crate) fn rows<'t>(
    file: &'t str,
    text: &'t str,
    columns: &[&str],
    key_columns: usize,
) -> Result<Vec<Row<'t>>, LexiconError> {
    let error = |line: usize, message: String| LexiconError::Row {
        file: file.to_owned(),
        line,
        message,
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, first)) if first.starts_with('#') => {}
        _ => {
            return Err(error(
                1,
                "must open with a comment saying what the file means".into(),
            ));
        }
    }
    let mut header_seen = false;
    let mut out: Vec<Row<'t>> = Vec::new();
    for (line, content) in lines {
        if content.starts_with('#') && !header_seen {
            continue;
        }
        if content.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = content.split('\t').collect();
        if !header_seen {
            if fields != columns {
                return Err(error(
                    line,
                    format!("header must be {:?}, found {fields:?}", columns.join("\t")),
                ));
            }
            header_seen = true;
            continue;
        }
        if fields.len() != columns.len() {
            return Err(error(
                line,
                format!(
                    "{} fields, expected {} ({})",
                    fields.len(),
                    columns.len(),
                    columns.join(", ")
                ),
            ));
        }
        for (field, column) in fields.iter().zip(columns) {
            if field.is_empty() || field.trim() != *field || field.contains("  ") {
                return Err(error(
                    line,
                    format!("{column}: empty or badly spaced {field:?}"),
                ));
            }
        }
        let key = fields[0];
        if key.to_lowercase() != key {
            return Err(error(line, format!("{key:?} is not lowercase")));
        }
        if let Some(previous) = out
            .iter()
            .find(|r| r.fields[..key_columns] == fields[..key_columns])
        {
            return Err(error(
                line,
                format!("{key:?} is listed twice (line {})", previous.line),
            ));
        }
        out.push(Row { file, line, fields });
    }
    if !header_seen {
        return Err(error(1, format!("no header {:?}", columns.join("\t"))));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Row<'_>>, LexiconError> {
        rows("xx/test.tsv", text, &["word", "value"], 1)
    }

    #[test]
    fn well_formed_rows_are_read_with_their_lines() {
        let rows = read("# What it means.\nword\tvalue\nalpha\t1\n\nbeta\t2\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[1].key(), rows[1].field(1), rows[1].line),
            ("beta", "2", 5)
        );
    }

    #[test]
    fn malformed_rows_are_errors_naming_file_and_line() {
        let cases = [
            ("word\tvalue\nalpha\t1\n", "xx/test.tsv:1:"),
            ("# c\nword\tvalues\nalpha\t1\n", "xx/test.tsv:2:"),
            ("# c\nword\tvalue\nalpha\n", "xx/test.tsv:3: 1 fields"),
            (
                "# c\nword\tvalue\nalpha\t1\textra\n",
                "xx/test.tsv:3: 3 fields",
            ),
            (
                "# c\nword\tvalue\nAlpha\t1\n",
                "xx/test.tsv:3: \"Alpha\" is not lowercase",
            ),
            (
                "# c\nword\tvalue\nalpha\t1\nalpha\t2\n",
                "xx/test.tsv:4: \"alpha\" is listed twice (line 3)",
            ),
            (
                "# c\nword\tvalue\nalpha \t1\n",
                "xx/test.tsv:3: word: empty or badly spaced",
            ),
            ("# c\nword\tvalue\nalpha\t\n", "xx/test.tsv:3: value: empty"),
            ("# c\n", "xx/test.tsv:1: no header"),
        ];
        for (text, expected) in cases {
            let message = read(text).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{text:?}: {message}");
        }
    }

    #[test]
    fn set_fields_reject_unknown_and_repeated_values() {
        let rows = read("# c\nword\tvalue\na\tx,y\nb\tx,z\nc\tx,x\nd\t-\n").unwrap();
        let parse = |v: &str| match v {
            "x" => Some(1),
            "y" => Some(2),
            _ => None,
        };
        assert_eq!(rows[0].flags(1, "value", parse).unwrap(), 3);
        let unknown = rows[1].flags(1, "value", parse).unwrap_err().to_string();
        assert_eq!(unknown, "xx/test.tsv:4: value: unknown value \"z\"");
        assert!(rows[2].flags(1, "value", parse).is_err());
        assert_eq!(rows[3].flags(1, "value", parse).unwrap(), 0);
    }
}
