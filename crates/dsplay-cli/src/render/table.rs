//! kubectl's table layout: Go's `text/tabwriter` with kubectl's settings
//! (`cli-runtime/pkg/printers/tabwriter.go`: minwidth 6, padding 3, pad char ' ').

/// kubectl's `tabwriterMinWidth`: a column is at least this wide, padding included.
const MIN_WIDTH: usize = 6;
/// kubectl's `tabwriterPadding`.
const PADDING: usize = 3;

/// Lays out `rows` (the first is the header) as kubectl prints a table: every cell but
/// the last of a row padded to its column's width, the last cell as it is.
pub(crate) fn render(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        // The last cell of a row is not tab-terminated, so it does not size a column.
        for (w, cell) in widths
            .iter_mut()
            .zip(row.iter().take(row.len().saturating_sub(1)))
        {
            *w = (*w)
                .max(cell.chars().count().saturating_add(PADDING))
                .max(MIN_WIDTH);
        }
    }
    let mut out = String::new();
    for row in rows {
        let last = row.len().saturating_sub(1);
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
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
}
