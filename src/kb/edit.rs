//! Editing an article in the user's own text editor: the article is written to a draft file,
//! the editor opened on it, and what comes back validated. A mistake reopens the editor with
//! the message at the top of the file; nothing typed is lost (an abandoned draft stays on disk
//! and the next edit starts from it). Which editor runs is [`editor_command`]; how it runs is
//! the caller's closure, so tests and the TUI (which must leave the screen first) choose.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::article::{Article, ArticleError, Problem};
use crate::i18n::Lang;

/// Lines balie adds to a draft start with this; they are removed before validating.
pub const NOTE_PREFIX: &str = "# balie:";

/// Why an edit could not go on.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(
        "cannot start the editor `{editor}`: set VISUAL or EDITOR to your text editor \
         (e.g. EDITOR=nano); your text is in {draft}"
    )]
    Start {
        editor: String,
        draft: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "the editor `{editor}` stopped with an error ({status}); nothing was stored; your \
         text is in {draft} and the next edit starts from it"
    )]
    Failed {
        editor: String,
        status: String,
        draft: PathBuf,
    },
    #[error("cannot use the draft file {path}")]
    Draft {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// How an edit ended.
#[derive(Debug)]
pub enum Outcome {
    /// A valid article came back (its id checked by the caller's `validate`).
    Valid(Article),
    /// The editor was closed without changing anything: nothing to store.
    Unchanged,
    /// The editor was closed without changes after a mistake was shown: the draft stays at
    /// `draft` (the next edit of this article starts from it), nothing was stored.
    Abandoned { draft: PathBuf, error: ArticleError },
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `nano` (or `vi` where there is no
/// nano; `notepad` on Windows).
pub fn editor_command() -> String {
    let from_env = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    from_env("VISUAL")
        .or_else(|| from_env("EDITOR"))
        .unwrap_or_else(default_editor)
}

fn default_editor() -> String {
    if cfg!(windows) {
        return "notepad".into();
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|dir| dir.join(name).is_file()))
    };
    if on_path("nano") { "nano" } else { "vi" }.into()
}

/// Run `editor` on `file` and wait for it. The editor may carry arguments (`code --wait`): on
/// Unix it runs through `sh`, as git runs `$EDITOR`.
pub fn run_editor(editor: &str, file: &Path) -> io::Result<std::process::ExitStatus> {
    if cfg!(windows) {
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("notepad");
        Command::new(program).args(parts).arg(file).status()
    } else {
        Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg("sh")
            .arg(file)
            .status()
    }
}

/// Parse an edited article and check it kept its id `id`; `file` names it in messages.
pub fn validate(
    id: &str,
    file: &str,
    text: &str,
    config: &crate::config::Config,
) -> Result<Article, ArticleError> {
    let a = Article::parse(file, text, config)?;
    if a.id != id {
        return Err(ArticleError {
            file: file.to_string(),
            line: super::files::id_line(text),
            problem: Problem::IdChanged { id: id.to_string() },
        });
    }
    Ok(a)
}

/// The folder in the data folder that holds unfinished edits.
pub const DRAFTS_DIR: &str = "kb-drafts";

/// The name messages give the file being edited.
pub fn file_label(id: &str) -> String {
    format!("{id}.md")
}

/// The draft file for article `id` in `dir`.
pub fn draft_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.md"))
}

/// `text` without the lines balie added.
fn strip_notes(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with(NOTE_PREFIX))
        .collect()
}

/// `text` with `error` as balie's note after the opening `+++` line (or at the top when the
/// file does not open with one); the line number is the one in the file as shown.
fn with_notes(text: &str, error: &ArticleError, lang: Lang) -> String {
    let (how1, how2) = match lang {
        Lang::Nl => (
            "verbeter dit, sla op en sluit de editor. Regels met `# balie:` worden weggehaald.",
            "stoppen zonder op te slaan: sluit de editor zonder iets te veranderen.",
        ),
        Lang::En => (
            "correct this, then save and close the editor. Lines with `# balie:` are removed.",
            "to stop without saving: close the editor without changing anything.",
        ),
    };
    let opens_with_fence = text.lines().next().is_some_and(|l| l.trim_end() == "+++");
    let notes = 3;
    let line = if opens_with_fence && error.line > 1 {
        error.line + notes
    } else {
        error.line
    };
    let word = match lang {
        Lang::Nl => "regel",
        Lang::En => "line",
    };
    let note = format!(
        "{NOTE_PREFIX} {word} {line}: {}\n{NOTE_PREFIX} {how1}\n{NOTE_PREFIX} {how2}\n",
        error.problem.say(lang).replace('\n', " ")
    );
    if opens_with_fence {
        let end = text.find('\n').map_or(text.len(), |i| i + 1);
        let mut out = text[..end].to_string();
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&note);
        out.push_str(&text[end..]);
        out
    } else {
        format!("{note}{text}")
    }
}

fn read(path: &Path) -> Result<String, EditError> {
    let bytes = std::fs::read(path).map_err(|source| EditError::Draft {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn write(path: &Path, text: &str) -> Result<(), EditError> {
    let err = |source| EditError::Draft {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        crate::files::private_dir(dir).map_err(err)?;
    }
    std::fs::write(path, text).map_err(err)
}

/// Edit `original` (the stored article as a file) in the draft file `draft`: if a draft from
/// an abandoned edit is there, start from it instead. `open` runs the editor on the file and
/// returns `Ok(None)` when it ended well, `Ok(Some(status))` when it failed (nothing is
/// stored). `validate`
/// parses the text. The draft is removed when the edit ends with a valid or unchanged text.
pub fn edit(
    original: &str,
    draft: &Path,
    lang: Lang,
    editor: &str,
    mut open: impl FnMut(&Path) -> io::Result<Option<String>>,
    mut validate: impl FnMut(&str) -> Result<Article, ArticleError>,
) -> Result<Outcome, EditError> {
    let start = if draft.exists() {
        read(draft)?
    } else {
        original.to_string()
    };
    write(draft, &start)?;
    let mut shown = start.clone();
    let mut last_error: Option<ArticleError> = None;
    loop {
        match open(draft) {
            Ok(None) => {}
            Ok(Some(status)) => {
                return Err(EditError::Failed {
                    editor: editor.to_string(),
                    status,
                    draft: draft.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(EditError::Start {
                    editor: editor.to_string(),
                    draft: draft.to_path_buf(),
                    source,
                });
            }
        }
        let back = read(draft)?;
        if back == shown {
            if let Some(error) = last_error {
                // Closed without changes after a mistake: keep the draft as it was typed.
                write(draft, &strip_notes(&back))?;
                return Ok(Outcome::Abandoned {
                    draft: draft.to_path_buf(),
                    error,
                });
            }
            if strip_notes(&back) == original {
                remove(draft);
                return Ok(Outcome::Unchanged);
            }
        }
        let text = strip_notes(&back);
        match validate(&text) {
            Ok(article) => {
                remove(draft);
                return Ok(if text == original {
                    Outcome::Unchanged
                } else {
                    Outcome::Valid(article)
                });
            }
            Err(e) => {
                shown = with_notes(&text, &e, lang);
                write(draft, &shown)?;
                last_error = Some(e);
            }
        }
    }
}

/// Edit article `id` (stored as `original`) in the user's editor ([`editor_command`]),
/// checking each save with [`validate`]; `on_mistake` hears of each mistake before the editor
/// opens again. What `balie kb edit` and the desk screen's `e` both run.
pub fn edit_in_editor(
    original: &str,
    draft: &Path,
    lang: Lang,
    id: &str,
    config: &crate::config::Config,
    mut on_mistake: impl FnMut(&ArticleError),
) -> Result<Outcome, EditError> {
    let editor = editor_command();
    let file = file_label(id);
    edit(
        original,
        draft,
        lang,
        &editor,
        |path| {
            let status = run_editor(&editor, path)?;
            Ok((!status.success()).then(|| status.to_string()))
        },
        |text| validate(id, &file, text, config).inspect_err(&mut on_mistake),
    )
}

fn remove(path: &Path) {
    // A draft left behind is harmless: the next edit would start from the stored text's
    // replacement, which is the same text.
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: usize, problem: Problem) -> ArticleError {
        ArticleError {
            file: "x.md".into(),
            line,
            problem,
        }
    }

    /// `facts_from = 2014`: a number where a date belongs.
    fn not_a_date() -> Problem {
        Problem::DateOfWrongType {
            field: "facts_from".into(),
            kind: "integer",
        }
    }

    #[test]
    fn notes_go_after_the_opening_fence_with_the_line_as_shown_and_strip_cleanly() {
        let text = "+++\nid = \"a\"\nfacts_from = 2014\n+++\nbody\n";
        let shown = with_notes(text, &err(3, not_a_date()), Lang::En);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "+++");
        assert_eq!(
            lines[1],
            "# balie: line 6: `facts_from` must be a date written as \"YYYY-MM-DD\", not integer",
            "{shown}"
        );
        assert_eq!(lines[6 - 1], "facts_from = 2014");
        assert_eq!(strip_notes(&shown), text);
    }

    #[test]
    fn without_an_opening_fence_the_note_goes_on_top() {
        let text = "id = \"a\"\n";
        let shown = with_notes(text, &err(1, Problem::NoOpeningFence), Lang::Nl);
        assert!(
            shown.starts_with("# balie: regel 1: het bestand moet beginnen met een regel `+++`"),
            "{shown}"
        );
        assert_eq!(strip_notes(&shown), text);
    }

    /// Run `edit` with an "editor" that replaces the file by each of `typed` in turn and a
    /// validator that accepts a text holding `fine`; returns the outcome and what the editor saw
    /// each time it opened.
    fn run(original: &str, typed: &[&str]) -> (Outcome, Vec<String>, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap().keep();
        let draft = draft_path(&dir.join(DRAFTS_DIR), "a");
        let mut seen = Vec::new();
        let mut typed = typed.iter();
        let outcome = edit(
            original,
            &draft,
            Lang::En,
            "stand-in",
            |path| {
                seen.push(std::fs::read_to_string(path).unwrap());
                if let Some(t) = typed.next() {
                    std::fs::write(path, t).unwrap();
                }
                Ok(None)
            },
            |text| {
                if text.contains("fine") {
                    Ok(Article::parse("a.md", VALID, &crate::config::Config::shipped()).unwrap())
                } else {
                    Err(err(2, not_a_date()))
                }
            },
        )
        .unwrap();
        (outcome, seen, draft)
    }

    const VALID: &str = "+++\nid = \"a\"\ntitle = \"A\"\ntopics = [\"huur\"]\nsource = \"S (2017)\"\n\
                         facts_from = 2017-01-01\n+++\n# A\n";

    const ORIGINAL: &str = "+++\nid = \"a\"\n+++\nfine\n";

    #[test]
    fn a_valid_edit_comes_back_and_the_draft_is_removed() {
        let (outcome, seen, draft) = run(ORIGINAL, &["+++\nid = \"a\"\n+++\nfine, changed\n"]);
        assert!(matches!(outcome, Outcome::Valid(_)), "{outcome:?}");
        assert_eq!(seen, [ORIGINAL]);
        assert!(!draft.exists());
    }

    #[test]
    fn closing_without_changes_is_unchanged() {
        let (outcome, seen, draft) = run(ORIGINAL, &[]);
        assert!(matches!(outcome, Outcome::Unchanged), "{outcome:?}");
        assert_eq!(seen.len(), 1);
        assert!(!draft.exists());
    }

    #[test]
    fn a_mistake_reopens_the_editor_with_the_message_and_the_typed_text_then_the_fix_is_kept() {
        let broken = "+++\nid = \"a\"\n+++\nbroken text\n";
        let (outcome, seen, _) = run(ORIGINAL, &[broken, "+++\nid = \"a\"\n+++\nfine now\n"]);
        assert!(matches!(outcome, Outcome::Valid(_)), "{outcome:?}");
        assert_eq!(seen.len(), 2);
        assert!(
            seen[1].starts_with(
                "+++\n# balie: line 5: `facts_from` must be a date written as \"YYYY-MM-DD\", not \
                 integer\n"
            ),
            "{}",
            seen[1]
        );
        assert!(seen[1].ends_with("broken text\n"), "nothing typed is lost");
    }

    #[test]
    fn giving_up_after_a_mistake_keeps_the_draft_and_the_next_edit_starts_from_it() {
        let broken = "+++\nid = \"a\"\n+++\nbroken text\n";
        // The second time the editor opens, it is closed without a change.
        let (outcome, seen, draft) = run(ORIGINAL, &[broken]);
        let Outcome::Abandoned { draft: kept, error } = outcome else {
            panic!("{outcome:?}");
        };
        assert_eq!(seen.len(), 2);
        assert_eq!(kept, draft);
        assert_eq!(error.problem, not_a_date());
        assert_eq!(std::fs::read_to_string(&draft).unwrap(), broken);
        let mut opened = Vec::new();
        let again = edit(
            ORIGINAL,
            &draft,
            Lang::En,
            "stand-in",
            |path| {
                opened.push(std::fs::read_to_string(path).unwrap());
                Ok(None)
            },
            |_| Err(err(1, Problem::NoText)),
        )
        .unwrap();
        assert_eq!(
            opened[0], broken,
            "the next edit opens the unfinished draft"
        );
        assert!(matches!(again, Outcome::Abandoned { .. }), "{again:?}");
    }

    #[test]
    fn an_editor_that_fails_stores_nothing_and_says_where_the_text_is() {
        let dir = tempfile::tempdir().unwrap();
        let draft = draft_path(dir.path(), "a");
        let e = edit(
            ORIGINAL,
            &draft,
            Lang::En,
            "false",
            |_| Ok(Some("exit status: 1".into())),
            |_| unreachable!("nothing to validate"),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the editor `false` stopped with an error (exit status: 1)"),
            "{e}"
        );
        assert!(draft.exists());
    }

    #[test]
    fn an_edit_may_not_change_the_id() {
        let config = crate::config::Config::shipped();
        assert!(validate("a", "a.md", VALID, &config).is_ok());
        let e = validate("b", "b.md", VALID, &config).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.problem, Problem::IdChanged { id: "b".into() });
    }
}
