//! Writing rows as an aligned table, CSV or JSON: the three formats every listing offers.

use std::io::Write;

/// Write `rows` under `header` as a plain table with columns aligned by characters.
pub fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i + 1 == widths.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&mut header.iter().copied()))?;
    for row in rows {
        writeln!(out, "{}", line(&mut row.iter().map(String::as_str)))?;
    }
    Ok(())
}

/// Write `rows` under `header` as RFC 4180 CSV.
pub fn csv(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    w.flush()?;
    Ok(())
}

/// Write a value as pretty JSON followed by a newline.
pub fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_aligns_by_characters() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["één".to_string(), "x".to_string()],
            vec!["twee".to_string(), "y".to_string()],
        ];
        table(&mut out, &["code", "label"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "code  label\néén   x\ntwee  y\n"
        );
    }
}
