//! Kubernetes resource quantities (`500m`, `2`, `128Mi`, `1e3`).
//!
//! OWNER: predicates work.

/// Parses a quantity into thousandths of a unit (millicores for cpu, millibytes for memory),
/// rounding up as Kubernetes' `MilliValue` does. `None` if it is not a valid quantity.
pub fn parse_milli(s: &str) -> Option<i128> {
    let _ = s;
    None
}
