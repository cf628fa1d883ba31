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

    /// Makes room for `more` rows like the last one: as many cells, and a quarter more bytes
    /// than it took (a table of thousands of rows then grows its buffers once, not a dozen
    /// times, copying what it holds each time).
    pub fn reserve_rows(&mut self, more: usize) {
        let first = self.rows.last().copied().unwrap_or(0);
        let cells = self.ends.len().saturating_sub(first);
        let start = first
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let bytes = self.text.len().saturating_sub(start);
        self.rows.reserve(more);
        self.ends.reserve(more.saturating_mul(cells));
        self.text
            .reserve(more.saturating_mul(bytes.saturating_add(bytes / 4)));
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

    /// [`Cells::write_from`] into a `String`, which grows once, by exactly what the rows
    /// take laid out.
    pub fn write_string_from(&self, from: usize, out: &mut String) {
        let rows = || (from..self.len()).map(|i| self.row(i));
        // One check of the whole buffer (thousands of pods' names, IPs and nodes are ASCII)
        // saves counting the characters of every cell twice.
        let layout = Layout::of(rows(), self.text.is_ascii());
        out.reserve(layout.len);
        // Writing into a String cannot fail.
        let _ = layout.write(rows(), out);
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
    let layout = Layout::of(rows(), false);
    layout.write(rows(), out)
}

/// The columns' widths of a table, and how many bytes it takes laid out.
struct Layout {
    widths: Vec<usize>,
    len: usize,
    /// Every cell is ASCII: its width is its length, no characters counted.
    ascii: bool,
}

/// How many characters `cell` shows (its length when the table is all ASCII).
fn chars(cell: &str, ascii: bool) -> usize {
    if ascii {
        cell.len()
    } else {
        cell.chars().count()
    }
}

impl Layout {
    /// The layout of `rows`: a column is as wide as its widest cell plus [`PADDING`], at
    /// least [`MIN_WIDTH`]; the last cell of a row is not tab-terminated, so it does not size
    /// a column and is not padded.
    fn of<'a, C: Iterator<Item = &'a str>>(rows: impl Iterator<Item = C>, ascii: bool) -> Layout {
        let mut widths: Vec<usize> = Vec::new();
        // Per column, the padded cells in it; the bytes of every cell, less the characters
        // of the padded ones (their pads make them `width` characters); one newline a row.
        let mut padded: Vec<usize> = Vec::new();
        let mut len = 0usize;
        for row in rows {
            let mut row = row.peekable();
            let mut column = 0;
            while let Some(cell) = row.next() {
                len = len.saturating_add(cell.len());
                if row.peek().is_none() {
                    break;
                }
                if widths.len() <= column {
                    widths.push(0);
                    padded.push(0);
                }
                let chars = chars(cell, ascii);
                len = len.saturating_sub(chars);
                if let Some(w) = widths.get_mut(column) {
                    *w = (*w).max(chars.saturating_add(PADDING)).max(MIN_WIDTH);
                }
                if let Some(n) = padded.get_mut(column) {
                    *n += 1;
                }
                column += 1;
            }
            len = len.saturating_add(1);
        }
        for (w, n) in widths.iter().zip(&padded) {
            len = len.saturating_add(w.saturating_mul(*n));
        }
        Layout { widths, len, ascii }
    }

    /// Writes `rows` (the rows [`Layout::of`] measured) laid out.
    fn write<'a, W, C>(&self, rows: impl Iterator<Item = C>, out: &mut W) -> fmt::Result
    where
        W: fmt::Write + ?Sized,
        C: Iterator<Item = &'a str>,
    {
        const SPACES: &str = "                                                                ";
        for row in rows {
            let mut row = row.peekable();
            let mut column = 0;
            while let Some(cell) = row.next() {
                out.write_str(cell)?;
                if row.peek().is_some() {
                    let width = self.widths.get(column).copied().unwrap_or(0);
                    let mut pad = width.saturating_sub(chars(cell, self.ascii));
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

    /// Into a `String`: the same bytes as through `fmt::Write`, and the length worked out
    /// before writing is the length written (ragged rows, empty rows, wide and non-ASCII
    /// cells, from any row on).
    #[test]
    fn written_into_a_string_exactly_as_measured() {
        let wide = "w".repeat(100);
        let tables: [&[&[&str]]; 4] = [
            &[&["NAME", "READY", "AGE"], &["fluentd-abcde", "1/1", "5s"]],
            &[&["NAMÉ", "X"], &["a", "b"], &[], &["ü", "ß", "é"]],
            &[&["a", "bb"], &[&wide, "c", "d"], &["e"]],
            &[&[""], &["", ""], &[]],
        ];
        for table in tables {
            let mut cells = Cells::new();
            for row in table {
                cells.push(row.iter());
            }
            for from in 0..=cells.len() {
                let mut want = String::new();
                cells.write_from(from, &mut want).unwrap();
                let mut got = String::from("before\n");
                cells.write_string_from(from, &mut got);
                assert_eq!(got.strip_prefix("before\n"), Some(want.as_str()));
                let rows = || (from..cells.len()).map(|i| cells.row(i));
                assert_eq!(
                    Layout::of(rows(), false).len,
                    want.len(),
                    "{table:?} {from}"
                );
                if cells.text.is_ascii() {
                    let layout = Layout::of(rows(), true);
                    assert_eq!(layout.len, want.len(), "{table:?} from {from}");
                    assert_eq!(layout.widths, Layout::of(rows(), false).widths);
                }
            }
        }
    }

    /// Room made from the last row: the rows after it fit without growing the buffers.
    #[test]
    fn rows_reserved_like_the_last_one() {
        let mut cells = Cells::new();
        cells.push(["NAME", "READY"]);
        cells.push(["pod-00001", "1/1"]);
        cells.reserve_rows(100);
        let capacity = (
            cells.text.capacity(),
            cells.ends.capacity(),
            cells.rows.capacity(),
        );
        for i in 0..100u64 {
            use std::fmt::Write as _;
            cells.start_row();
            cells.write_str("pod-").unwrap();
            cells.put_u64(10_000 + i);
            cells.end_cell();
            cells.cell("1/1");
        }
        assert_eq!(
            (
                cells.text.capacity(),
                cells.ends.capacity(),
                cells.rows.capacity()
            ),
            capacity
        );
        assert_eq!(cells.row(101).collect::<Vec<_>>(), ["pod-10099", "1/1"]);
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
