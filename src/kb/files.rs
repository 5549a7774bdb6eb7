//! Articles as files: importing a file or a folder of them (all validated before anything is
//! stored) and exporting every article in the same format, so desks can share what they know.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::article::{Article, ArticleError, Problem};
use super::{KbError, Origin, Result};
use crate::config::Config;
use crate::store::Store;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Articles already stored exactly like this.
    pub unchanged: usize,
}

/// The article files at `path`: the file itself, or the `*.md` files directly in the folder
/// (hidden files skipped), sorted by name.
fn article_files(path: &Path) -> Result<Vec<PathBuf>> {
    let read_err = |source| KbError::Read {
        path: path.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read_err)? {
        let p = entry.map_err(read_err)?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let is_md = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_md && !name.starts_with('.') && p.is_file() {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(KbError::NoArticles {
            path: path.display().to_string(),
        });
    }
    files.sort();
    Ok(files)
}

/// Read and validate every article at `path` (a file or a folder). Every file is checked; if
/// any is wrong, the result is [`KbError::Invalid`] listing each problem as
/// `file:line: what is wrong`. Two files with the same id are an error too.
pub fn read_articles(path: &Path, config: &Config) -> Result<Vec<Article>> {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for file in article_files(path)? {
        let name = file.display().to_string();
        let bytes = std::fs::read(&file).map_err(|source| KbError::Read {
            path: name.clone(),
            source,
        })?;
        let Ok(text) = String::from_utf8(bytes) else {
            errors.push(ArticleError {
                file: name,
                line: 1,
                problem: Problem::NotUtf8,
            });
            continue;
        };
        match Article::parse(&name, &text, config) {
            Ok(a) => {
                if let Some(other) = seen.get(&a.id) {
                    errors.push(ArticleError {
                        line: id_line(&text),
                        problem: Problem::SameId {
                            id: a.id.clone(),
                            other: other.clone(),
                        },
                        file: name,
                    });
                } else {
                    seen.insert(a.id.clone(), name);
                    articles.push(a);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(articles)
    } else {
        Err(KbError::Invalid(errors))
    }
}

/// The line of the `id = ...` key in an article file, or 1.
pub(crate) fn id_line(text: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix("id")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// Store `articles` as the desk's own (origin local), matched by id, in one transaction. An
/// article already stored exactly like this is left alone, so importing twice changes nothing
/// (and an unchanged shipped article stays shipped).
pub fn import_articles(
    store: &mut Store,
    articles: &[Article],
    now: NaiveDateTime,
) -> Result<ImportReport> {
    store.change_articles(|tx| {
        let mut report = ImportReport::default();
        for a in articles {
            match tx.get(&a.id)? {
                Some(old) if old.content_hash == a.content_hash() => report.unchanged += 1,
                Some(old) => {
                    tx.write(a, Origin::Local, old.shipped_hash.as_deref(), now)?;
                    report.updated += 1;
                }
                None => {
                    tx.write(a, Origin::Local, None, now)?;
                    report.added += 1;
                }
            }
        }
        Ok(report)
    })
}

/// Validate everything at `path` (a file or a folder) and then store it; if anything is
/// wrong, nothing is stored.
pub fn import(
    store: &mut Store,
    path: &Path,
    config: &Config,
    now: NaiveDateTime,
) -> Result<ImportReport> {
    let articles = read_articles(path, config)?;
    import_articles(store, &articles, now)
}

/// Write every stored article to `dir` (created if needed) as `{id}.md`, in the format
/// [`import`] reads. Returns the files written.
pub fn export(store: &Store, dir: &Path) -> Result<Vec<PathBuf>> {
    let write_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| KbError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let mut written = Vec::new();
    for stored in store.articles()? {
        let path = dir.join(stored.article.file_name());
        write_private(&path, stored.article.render().as_bytes()).map_err(write_err(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Write `bytes` to `path` as a new file only its owner can read (whatever the umask), never
/// through a symbolic link: a link planted in the export folder is refused, not followed.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(std::io::Error::other(
                "it is a symbolic link; balie does not write through links, remove it first",
            ));
        }
        Ok(_) => std::fs::remove_file(path)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = std::fs::OpenOptions::new();
    // create_new (O_EXCL) never follows a link that appears meanwhile
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(bytes)?;
    f.sync_all()
}
