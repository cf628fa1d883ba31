//! Formatting (jiff's `fmt` module, reduced to [`strtime::format`]).

pub mod strtime;
