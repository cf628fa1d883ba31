//! `dsplay lesson check FILE...`: verifies lessons (`dsplay_core::lesson`, docs/lessons.md).

use crate::flags::UsageError;
use dsplay_core::lesson::Lesson;
use std::io::{self, Write};
use std::path::Path;

/// Reads a file's text, or why it cannot be read.
pub(crate) type ReadText<'a> = dyn FnMut(&str) -> Result<String, UsageError> + 'a;

/// Checks each lesson: it parses, its scenario (a file in `../scenarios/` next to the
/// lesson's folder, or inline) plays, no task's check holds at the start or before its
/// solution, and each holds after it. Prints `FILE: ok (N tasks)` per sound lesson, and
/// every problem, located, on `err`. Exit status 1 when any lesson has a problem, 2 when a
/// file cannot be read.
pub(crate) fn check(
    files: &[String],
    read: &mut ReadText<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let mut status = 0;
    for path in files {
        let text = match read(path) {
            Ok(t) => t,
            Err(e) => {
                writeln!(err, "dsplay: error: {e}")?;
                status = 2;
                continue;
            }
        };
        let lesson = match Lesson::parse(path, &text) {
            Ok(l) => l,
            Err(errors) => {
                for e in errors {
                    write!(err, "{}", e.render(&text))?;
                }
                status = status.max(1);
                continue;
            }
        };
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        let mut scenario_text = None;
        let scenario = lesson.scenario(&mut |name: &str| {
            let full = dir.join("..").join("scenarios").join(name);
            let t = read(&full.to_string_lossy()).map_err(|e| e.to_string())?;
            scenario_text = Some(t.clone());
            Ok(t)
        });
        let scenario = match scenario {
            Ok(s) => s,
            Err(errors) => {
                let source = scenario_text.as_deref().unwrap_or(&text);
                for e in errors {
                    let source = if e.location.file == *path {
                        &text
                    } else {
                        source
                    };
                    write!(err, "{}", e.render(source))?;
                }
                status = status.max(1);
                continue;
            }
        };
        let problems = lesson.verify(&scenario);
        if problems.is_empty() {
            writeln!(out, "{path}: ok ({} tasks)", lesson.tasks.len())?;
        } else {
            for e in problems {
                write!(err, "{}", e.render(&text))?;
            }
            status = status.max(1);
        }
    }
    Ok(status)
}
