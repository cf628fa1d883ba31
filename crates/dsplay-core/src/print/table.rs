//! kubectl's table layout: Go's `text/tabwriter` with kubectl's settings
//! (`cli-runtime/pkg/printers/tabwriter.go`: minwidth 6, padding 3, pad char ' ').
//!
//! A tabwriter holds every cell until it is flushed (a column is as wide as its widest
//! cell), so a table's memory is its cells'. [`Cells`] keeps them in one buffer, with no
//! allocation per cell or row; [`write()`] lays rows out in two passes over them.

use std::fmt;

/// kubectl's `tabwriterMinWidth`: a column is at least this wide, padding included.
const MIN_WIDTH: usize = 6;
/// kubectl's `tabwriterPadding`.
const PADDING: usize = 3;

/// The cells of many rows, in one text buffer.
#[derive(Clone, Debug, Default)]
pub struct Cells {
    /// Every cell's text, one after another.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
    /// The index in `ends` of each row's first cell.
    rows: Vec<usize>,
}

impl Cells {
    /// No rows.
    pub fn new() -> Self {
        Cells::default()
    }

    /// Adds a row.
    pub fn push<S: AsRef<str>>(&mut self, row: impl IntoIterator<Item = S>) {
        self.start_row();
        for cell in row {
            self.cell(cell.as_ref());
        }
    }

    /// Starts a row: the cells written next are its cells, each written in pieces (this is
    /// a [`fmt::Write`]) and ended by [`Cells::end_cell`], or whole by [`Cells::cell`].
    pub fn start_row(&mut self) {
        self.rows.push(self.ends.len());
    }

    /// Ends the cell being written: its text is what was written since the last cell ended.
    pub fn end_cell(&mut self) {
        self.ends.push(self.text.len());
    }

    /// Adds a cell to the row being written.
    pub fn cell(&mut self, text: &str) {
        self.text.push_str(text);
        self.end_cell();
    }

    /// Adds a cell holding `n` (without `core::fmt`: tables print thousands of counts).
    pub fn cell_u64(&mut self, n: u64) {
        self.put_u64(n);
        self.end_cell();
    }

    /// Writes `n` into the cell being written.
    pub fn put_u64(&mut self, n: u64) {
        super::push_int(&mut self.text, false, n);
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows from row `from` on, laid out ([`write()`]).
    ///
    /// # Errors
    ///
    /// Whatever `out` returns.
    pub fn write_from(&self, from: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        write(|| (from..self.len()).map(|i| self.row(i)), out)
    }

    /// The cells of row `i` (none past the last row).
    pub fn row(&self, i: usize) -> impl Iterator<Item = &str> + Clone + '_ {
        let first = self.rows.get(i).copied().unwrap_or(self.ends.len());
        let last = self
            .rows
            .get(i.saturating_add(1))
            .copied()
            .unwrap_or(self.ends.len())
            .max(first);
        let ends = self.ends.get(first..last).unwrap_or_default();
        let mut start = first
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        ends.iter().map(move |&end| {
            let cell = self.text.get(start..end).unwrap_or_default();
            start = end;
            cell
        })
    }
}

impl fmt::Write for Cells {
    /// Writes into the cell being written.
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

/// Lays out the rows `rows()` gives (called twice: once to size the columns, once to write)
/// as kubectl prints a table: every cell but the last of a row padded to its column's
/// width, the last cell as it is, each row ended by a newline.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write<'a, R, C>(rows: impl Fn() -> R, out: &mut dyn fmt::Write) -> fmt::Result
where
    R: Iterator<Item = C>,
    C: Iterator<Item = &'a str>,
{
    let mut widths: Vec<usize> = Vec::new();
    for row in rows() {
        // The last cell of a row is not tab-terminated, so it does not size a column.
        let mut row = row.peekable();
        let mut column = 0;
        while let Some(cell) = row.next() {
            if row.peek().is_none() {
                break;
            }
            if widths.len() <= column {
                widths.push(0);
            }
            if let Some(w) = widths.get_mut(column) {
                *w = (*w)
                    .max(cell.chars().count().saturating_add(PADDING))
                    .max(MIN_WIDTH);
            }
            column += 1;
        }
    }
    const SPACES: &str = "                                                                ";
    for row in rows() {
        let mut row = row.peekable();
        let mut column = 0;
        while let Some(cell) = row.next() {
            out.write_str(cell)?;
            if row.peek().is_some() {
                let width = widths.get(column).copied().unwrap_or(0);
                let mut pad = width.saturating_sub(cell.chars().count());
                while pad > 0 {
                    let n = pad.min(SPACES.len());
                    out.write_str(SPACES.get(..n).unwrap_or_default())?;
                    pad -= n;
                }
            }
            column += 1;
        }
        out.write_char('\n')?;
    }
    Ok(())
}

/// [`write()`] of rows held as vectors (the first is usually the header), into a `String`.
pub fn render<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write(
        || rows.iter().map(|r| r.iter().map(AsRef::as_ref)),
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn pads_to_widest_cell_plus_three() {
        let out = render(&[
            row(&["NAME", "READY", "AGE"]),
            row(&["fluentd-abcde", "1/1", "5s"]),
        ]);
        assert_eq!(
            out,
            "NAME            READY   AGE\n\
             fluentd-abcde   1/1     5s\n"
        );
    }

    #[test]
    fn narrow_columns_get_the_minimum_width() {
        let out = render(&[row(&["A", "B"]), row(&["x", "y"])]);
        assert_eq!(out, "A     B\nx     y\n");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let out = render(&[row(&["NAMÉ", "X"]), row(&["a", "b"])]);
        assert_eq!(out, "NAMÉ   X\na      b\n");
    }

    /// Rows of different lengths: a short row's last cell does not size the column it
    /// ends in; a pad longer than the spaces kept is written in pieces.
    #[test]
    fn ragged_rows_and_wide_cells() {
        let wide = "w".repeat(100);
        let out = render(&[row(&["a", "bb"]), row(&[&wide, "c", "d"]), row(&["e"])]);
        assert_eq!(
            out,
            format!("a{}bb\n{wide}   c     d\ne\n", " ".repeat(102),)
        );
    }

    /// Rows written cell by cell, a cell in pieces; laid out from any row on.
    #[test]
    fn rows_written_cell_by_cell() {
        use std::fmt::Write as _;
        let mut cells = Cells::new();
        cells.start_row();
        cells.cell("NAME");
        cells.cell("N");
        cells.start_row();
        cells.write_str("pod/").unwrap();
        cells.cell("a");
        cells.put_u64(1);
        cells.write_char('/').unwrap();
        cells.cell_u64(20);
        assert_eq!(cells.row(1).collect::<Vec<_>>(), ["pod/a", "1/20"]);
        let mut out = String::new();
        cells.write_from(0, &mut out).unwrap();
        assert_eq!(out, "NAME    N\npod/a   1/20\n");
        out.clear();
        cells.write_from(1, &mut out).unwrap();
        assert_eq!(out, "pod/a   1/20\n");
    }

    #[test]
    fn cells_keep_rows_apart() {
        let mut cells = Cells::new();
        assert!(cells.is_empty());
        cells.push(["a", "", "bc"]);
        cells.push(Vec::<String>::new());
        cells.push(["d".to_string()]);
        assert_eq!(cells.len(), 3);
        assert_eq!(cells.row(0).collect::<Vec<_>>(), ["a", "", "bc"]);
        assert_eq!(cells.row(1).count(), 0);
        assert_eq!(cells.row(2).collect::<Vec<_>>(), ["d"]);
        assert_eq!(cells.row(3).count(), 0);
        let mut out = String::new();
        write(|| (0..cells.len()).map(|i| cells.row(i)), &mut out).unwrap();
        assert_eq!(out, "a     ".to_string() + "      bc\n\nd\n");
    }
}
