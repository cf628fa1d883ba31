//! libyaml's parse events, safely: [`Parser::next_event`] gives each event of a YAML stream with
//! the position where it starts, or libyaml's error (its problem text and position).
//!
//! This is the reading serde_yaml 0.9 does internally (its private `libyaml` module, on the
//! same `unsafe-libyaml`), made public for a tree builder that needs every node's line and
//! column. libyaml is the parser go-yaml ports, so its accepted syntax and its error words are
//! the ones kubectl prints (`did not find expected key`, `mapping values are not allowed in
//! this context`, ...).
//!
//! All `unsafe` code of the workspace is in this crate.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
// `sys`: the C API's names, as serde_yaml calls them.
#[allow(clippy::unsafe_removed_from_name)]
use unsafe_libyaml as sys;

/// A position in the input: 0-based byte index, line and column (libyaml's `yaml_mark_t`;
/// the column counts characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset from the start of the input.
    pub index: u64,
    /// 0-based line.
    pub line: u64,
    /// 0-based column.
    pub column: u64,
}

impl From<sys::yaml_mark_t> for Mark {
    fn from(m: sys::yaml_mark_t) -> Mark {
        Mark {
            index: m.index,
            line: m.line,
            column: m.column,
        }
    }
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// One parse event. Anchors and tags are as written after libyaml's resolution of tag handles
/// (`!!str` is `tag:yaml.org,2002:str`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The start of the stream.
    StreamStart,
    /// The end of the stream.
    StreamEnd,
    /// The start of a document.
    DocumentStart,
    /// The end of a document.
    DocumentEnd,
    /// `*name`.
    Alias {
        /// The anchor referred to.
        anchor: String,
    },
    /// A scalar.
    Scalar {
        /// Its value, after unescaping and folding.
        value: String,
        /// `&name` on it.
        anchor: Option<String>,
        /// Its tag.
        tag: Option<String>,
        /// How it was written.
        style: ScalarStyle,
    },
    /// The start of a sequence.
    SequenceStart {
        /// `&name` on it.
        anchor: Option<String>,
        /// Its tag.
        tag: Option<String>,
    },
    /// The end of a sequence.
    SequenceEnd,
    /// The start of a mapping.
    MappingStart {
        /// `&name` on it.
        anchor: Option<String>,
        /// Its tag.
        tag: Option<String>,
    },
    /// The end of a mapping.
    MappingEnd,
}

/// A libyaml error: its problem and context texts and their positions (`yaml_parser_t`'s error
/// fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What went wrong (`did not find expected key`).
    pub problem: String,
    /// Where.
    pub problem_mark: Mark,
    /// The byte offset of a reader problem (invalid UTF-8 and the like).
    pub problem_offset: u64,
    /// Whether the reader found it (invalid UTF-8, a control character): then
    /// `problem_offset` says where, and `problem_mark` is not set.
    pub reader: bool,
    /// What was being parsed (`while parsing a block mapping`), if said.
    pub context: Option<String>,
    /// Where that started.
    pub context_mark: Mark,
}

impl std::fmt::Display for Error {
    /// As serde_yaml 0.9 displays a libyaml error: `problem at line L column C, context at
    /// line L column C` (lines and columns 1-based; `at position N` when the mark is 0:0).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn at(f: &mut std::fmt::Formatter<'_>, m: Mark) -> std::fmt::Result {
            if m.line != 0 || m.column != 0 {
                write!(f, "line {} column {}", m.line + 1, m.column + 1)
            } else {
                write!(f, "position {}", m.index)
            }
        }
        f.write_str(&self.problem)?;
        let m = self.problem_mark;
        if m.line != 0 || m.column != 0 {
            f.write_str(" at ")?;
            at(f, m)?;
        } else if self.problem_offset != 0 {
            write!(f, " at position {}", self.problem_offset)?;
        }
        if let Some(context) = &self.context {
            write!(f, ", {context}")?;
            let c = self.context_mark;
            if (c.line != 0 || c.column != 0) && (c.line != m.line || c.column != m.column) {
                f.write_str(" at ")?;
                at(f, c)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A libyaml parser over one input.
pub struct Parser<'input> {
    /// Heap-allocated and never moved: libyaml keeps a pointer to the parser inside it.
    sys: *mut sys::yaml_parser_t,
    /// Set once an error or the end of the stream was returned (libyaml must not be called
    /// again after an error).
    done: Option<Result<(), Error>>,
    input: PhantomData<&'input [u8]>,
}

impl<'input> Parser<'input> {
    /// A parser over `input` (UTF-8).
    pub fn new(input: &'input [u8]) -> Parser<'input> {
        let boxed = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        let ptr = Box::into_raw(boxed).cast::<sys::yaml_parser_t>();
        // SAFETY: `ptr` is a valid, exclusively owned allocation for a `yaml_parser_t`, which
        // `yaml_parser_initialize` fills in (it only fails on allocation failure, which
        // aborts in Rust). The input outlives the parser (`'input`).
        let ok = unsafe {
            let ok = sys::yaml_parser_initialize(ptr).ok;
            if ok {
                sys::yaml_parser_set_encoding(ptr, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(ptr, input.as_ptr(), input.len() as u64);
            }
            ok
        };
        let done = (!ok).then(|| {
            Err(Error {
                problem: "libyaml parser failed to initialize".to_string(),
                problem_mark: Mark::default(),
                problem_offset: 0,
                reader: false,
                context: None,
                context_mark: Mark::default(),
            })
        });
        Parser {
            sys: ptr,
            done,
            input: PhantomData,
        }
    }

    /// The next event and the position where it starts; after the end of the stream,
    /// `StreamEnd` again; after an error, the same error again.
    pub fn next_event(&mut self) -> Result<(Event, Mark), Error> {
        match &self.done {
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(())) => return Ok((Event::StreamEnd, Mark::default())),
            None => {}
        }
        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser is initialised and its input alive; `event` is written by
        // `yaml_parser_parse` when it succeeds, read only then, and deleted once converted.
        unsafe {
            let ev = event.as_mut_ptr();
            if (&*self.sys).error != sys::YAML_NO_ERROR || sys::yaml_parser_parse(self.sys, ev).fail
            {
                let e = parse_error(self.sys);
                self.done = Some(Err(e.clone()));
                return Err(e);
            }
            let mark = Mark::from((*ev).start_mark);
            let converted = convert(&*ev);
            sys::yaml_event_delete(ev);
            if converted == Event::StreamEnd {
                self.done = Some(Ok(()));
            }
            Ok((converted, mark))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: `sys` came from `Box::into_raw` in `new`, was initialised there (or zeroed
        // by a failed initialisation, which `yaml_parser_delete` accepts), and is freed once.
        unsafe {
            sys::yaml_parser_delete(self.sys);
            drop(Box::from_raw(
                self.sys.cast::<MaybeUninit<sys::yaml_parser_t>>(),
            ));
        }
    }
}

/// A NUL-terminated C string as a Rust string (lossy), `None` for a null pointer.
///
/// # Safety
/// `p` is null or points to a NUL-terminated string.
unsafe fn text(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    let c = unsafe { CStr::from_ptr(p.cast()) };
    Some(c.to_string_lossy().into_owned())
}

/// The parser's error fields.
///
/// # Safety
/// `p` is an initialised parser.
unsafe fn parse_error(p: *const sys::yaml_parser_t) -> Error {
    // SAFETY: the fields of an initialised parser; the strings are static or null.
    unsafe {
        let p: &sys::yaml_parser_t = &*p;
        Error {
            problem: text(p.problem.cast())
                .unwrap_or_else(|| "libyaml parser failed but there is no error".to_string()),
            problem_mark: Mark::from(p.problem_mark),
            problem_offset: p.problem_offset,
            reader: p.error == sys::YAML_READER_ERROR,
            context: text(p.context.cast()),
            context_mark: Mark::from(p.context_mark),
        }
    }
}

/// One libyaml event as an [`Event`].
///
/// # Safety
/// `e` is an event `yaml_parser_parse` produced.
unsafe fn convert(e: &sys::yaml_event_t) -> Event {
    // SAFETY: the union member read is the one `type_` says is set; strings are
    // NUL-terminated or null; a scalar's value has `length` bytes.
    unsafe {
        match e.type_ {
            sys::YAML_STREAM_START_EVENT => Event::StreamStart,
            sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
            sys::YAML_ALIAS_EVENT => Event::Alias {
                anchor: text(e.data.alias.anchor).unwrap_or_default(),
            },
            sys::YAML_SCALAR_EVENT => {
                let s = e.data.scalar;
                let bytes = if s.value.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(s.value, usize::try_from(s.length).unwrap_or(0))
                };
                Event::Scalar {
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    anchor: text(s.anchor),
                    tag: text(s.tag),
                    style: match s.style {
                        sys::YAML_SINGLE_QUOTED_SCALAR_STYLE => ScalarStyle::SingleQuoted,
                        sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => ScalarStyle::DoubleQuoted,
                        sys::YAML_LITERAL_SCALAR_STYLE => ScalarStyle::Literal,
                        sys::YAML_FOLDED_SCALAR_STYLE => ScalarStyle::Folded,
                        _ => ScalarStyle::Plain,
                    },
                }
            }
            sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart {
                anchor: text(e.data.sequence_start.anchor),
                tag: text(e.data.sequence_start.tag),
            },
            sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
            sys::YAML_MAPPING_START_EVENT => Event::MappingStart {
                anchor: text(e.data.mapping_start.anchor),
                tag: text(e.data.mapping_start.tag),
            },
            sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
            // YAML_STREAM_END_EVENT (and YAML_NO_EVENT, which a successful parse never gives).
            _ => Event::StreamEnd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each event with its (line, column).
    type Positioned = Vec<(Event, (u64, u64))>;

    fn events(s: &str) -> Result<Positioned, Error> {
        let mut p = Parser::new(s.as_bytes());
        let mut out = Vec::new();
        loop {
            let (e, m) = p.next_event()?;
            let end = e == Event::StreamEnd;
            out.push((e, (m.line, m.column)));
            if end {
                return Ok(out);
            }
        }
    }

    #[test]
    fn events_with_positions() {
        let ev = events("a: &x 'b'\nc:\n- *x\n- !!str 1\n").unwrap_or_default();
        let scalar = |v: &str, anchor: Option<&str>, tag: Option<&str>, style| Event::Scalar {
            value: v.to_string(),
            anchor: anchor.map(str::to_string),
            tag: tag.map(str::to_string),
            style,
        };
        assert_eq!(
            ev,
            vec![
                (Event::StreamStart, (0, 0)),
                (Event::DocumentStart, (0, 0)),
                (
                    Event::MappingStart {
                        anchor: None,
                        tag: None
                    },
                    (0, 0)
                ),
                (scalar("a", None, None, ScalarStyle::Plain), (0, 0)),
                (
                    scalar("b", Some("x"), None, ScalarStyle::SingleQuoted),
                    (0, 3)
                ),
                (scalar("c", None, None, ScalarStyle::Plain), (1, 0)),
                (
                    Event::SequenceStart {
                        anchor: None,
                        tag: None
                    },
                    (2, 0)
                ),
                (
                    Event::Alias {
                        anchor: "x".to_string()
                    },
                    (2, 2)
                ),
                (
                    scalar("1", None, Some("tag:yaml.org,2002:str"), ScalarStyle::Plain),
                    (3, 2)
                ),
                (Event::SequenceEnd, (4, 0)),
                (Event::MappingEnd, (4, 0)),
                (Event::DocumentEnd, (4, 0)),
                (Event::StreamEnd, (4, 0)),
            ]
        );
    }

    #[test]
    fn errors_in_libyamls_words_and_sticky() {
        let mut p = Parser::new(b"a: b: c\n");
        let e = loop {
            match p.next_event() {
                Ok((Event::StreamEnd, _)) => panic!("no error"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(e.problem, "mapping values are not allowed in this context");
        assert_eq!((e.problem_mark.line, e.problem_mark.column), (0, 4));
        assert_eq!(
            e.to_string(),
            "mapping values are not allowed in this context at line 1 column 5"
        );
        assert_eq!(p.next_event(), Err(e));
        let e = events("k: [a\n").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 4")
        );
    }

    /// An invalid UTF-8 byte or a control character is a reader error, at its byte offset.
    #[test]
    fn reader_errors_say_where() {
        for (input, problem, offset) in [
            (&b"a: 1\nb: \xff\n"[..], "invalid leading UTF-8 octet", 8),
            (b"a: 1\nb: \xc3(\n", "invalid trailing UTF-8 octet", 9),
            (
                b"a: 1\nb: \"\x01\"\n",
                "control characters are not allowed",
                9,
            ),
        ] {
            let mut p = Parser::new(input);
            let e = loop {
                match p.next_event() {
                    Ok((Event::StreamEnd, _)) => panic!("no error"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            assert!(e.reader, "{e}");
            assert_eq!((e.problem.as_str(), e.problem_offset), (problem, offset));
        }
    }

    #[test]
    fn odd_input_is_an_error_not_a_crash() {
        for s in [
            &b"\xff\xfe\x00"[..],
            b"\x00",
            b"a: \"\\x\"",
            b"&",
            b"- [ ] ]",
            b"\t- a",
        ] {
            let mut p = Parser::new(s);
            for _ in 0..100 {
                match p.next_event() {
                    Ok((Event::StreamEnd, _)) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
    }
}
